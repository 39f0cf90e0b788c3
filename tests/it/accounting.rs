//! The read-vs-placed account of normalization (README, "The model"): the figures `lint`
//! prints are the non-white-space characters the reader saw, and text that reaches no place
//! in the model stops the run.

use crate::common::{self, run};
use oqs_catalog::grid::{Cell, Grid, Page, Table, TextBlock};
use oqs_catalog::model::{Source, SourceKind};
use oqs_catalog::normalize::{errata::Errata, normalize, NormalizeError};

/// Non-white-space characters of every cell and outside block of `grid FILE`'s JSON: counted
/// here from the reader's output, apart from the code under test.
fn chars_in_grid(file: &str) -> usize {
    let r = run(&common::root(), &["grid", file]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let grid: serde_json::Value = serde_json::from_str(&r.stdout).expect("grid JSON");
    let texts = grid["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .flat_map(|p| {
            let cells = p["tables"]
                .as_array()
                .expect("tables")
                .iter()
                .flat_map(|t| t["cells"].as_array().expect("cells"));
            cells.chain(p["outside"].as_array().expect("outside"))
        });
    texts
        .map(|t| {
            let text = t["text"].as_str().expect("text");
            text.chars().filter(|c| !c.is_whitespace()).count()
        })
        .sum()
}

/// The two figures of `lint`'s summary line, `… N characters read, M placed; …`.
fn lint_figures(file: &str) -> (usize, usize) {
    let r = run(&common::root(), &["lint", file]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains(" characters read, "))
        .unwrap_or_else(|| panic!("no figures in {}", r.stdout));
    let number_before = |marker: &str| -> usize {
        let head = &line[..line.find(marker).expect("marker")];
        let digits = head.rsplit(' ').next().expect("a word");
        digits.parse().unwrap_or_else(|_| panic!("{line}"))
    };
    (number_before(" characters read"), number_before(" placed;"))
}

#[test]
fn lint_counts_every_character_the_reader_saw() {
    for file in [common::XLSX, common::PDF, "tests/data/chromium-1.20.pdf"] {
        let seen = chars_in_grid(file);
        // The 1.20 catalog holds some thousands of characters; a count of a few would mean
        // the account counts cells, not characters.
        assert!(seen > 5000, "{file}: {seen}");
        assert_eq!(lint_figures(file), (seen, seen), "{file}");
    }
}

fn cell(row: usize, col: usize, text: &str) -> Cell {
    Cell {
        row,
        col,
        rowspan: 1,
        colspan: 1,
        text: text.to_string(),
        bbox: None,
        cell_ref: None,
        guesses: Vec::new(),
    }
}

fn one_sheet(cells: Vec<Cell>) -> Grid {
    Grid {
        pages: vec![Page {
            page: 1,
            sheet: Some("一覧".to_string()),
            tables: vec![Table {
                rows: 2,
                cols: common::HEADER.len(),
                cells,
            }],
            outside: vec![TextBlock {
                text: common::TITLE.to_string(),
                bbox: None,
                cell_ref: Some("A1".to_string()),
            }],
        }],
    }
}

fn source() -> Source {
    Source {
        file: "made.xlsx".to_string(),
        kind: SourceKind::Xlsx,
        sha256: String::new(),
        pages: None,
        sheets: vec!["一覧".to_string()],
    }
}

fn table_cells() -> Vec<Cell> {
    let header = common::HEADER
        .iter()
        .enumerate()
        .map(|(c, t)| cell(0, c, t));
    let row = common::ROW.iter().enumerate().map(|(c, t)| cell(1, c, t));
    header.chain(row).collect()
}

#[test]
fn a_whole_grid_is_placed() {
    let n = normalize(&one_sheet(table_cells()), source(), &Errata::default())
        .expect("the made-up sheet normalizes");
    let seen: usize = common::HEADER
        .iter()
        .chain(common::ROW.iter())
        .chain([common::TITLE].iter())
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    assert_eq!((n.chars_read, n.chars_placed), (seen, seen));
}

/// A reader that hands normalization two cells at one place (a reader bug) loses one of them
/// in the model; the account notices and the run stops instead of dropping the text.
#[test]
fn text_that_reaches_no_place_stops_the_run() {
    let mut cells = table_cells();
    cells.push(cell(1, 5, "・二つ目の原因"));
    let err = normalize(&one_sheet(cells), source(), &Errata::default())
        .expect_err("the second cell at 一覧!F2 has no place");
    assert!(matches!(err, NormalizeError::Unplaced { .. }), "{err:?}");
    let seen = common::HEADER
        .iter()
        .chain(common::ROW.iter())
        .chain([common::TITLE, "・二つ目の原因"].iter())
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .sum::<usize>();
    let lost = "・原因".chars().count();
    assert_eq!(
        err.to_string(),
        format!(
            "made.xlsx: text was read but not placed in the model: {seen} characters read, {} placed",
            seen - lost
        )
    );
}
