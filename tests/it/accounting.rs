//! The read-vs-placed account of normalization (README, "The model"): the figures `lint`
//! prints are the non-white-space characters the reader saw, and text that reaches no place
//! in the model stops the run.

use crate::common::{self, run};
use oqs_catalog::diagnostic::Location;
use oqs_catalog::grid::{Cell, Grid};
use oqs_catalog::model::SourceKind;
use oqs_catalog::normalize::{errata::Errata, normalize, Misplaced, NormalizeError};
use oqs_catalog::read;

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

/// The grid the spreadsheet reader makes of a one-row catalog.
fn made_sheet() -> read::ReadSource {
    let rows = vec![
        vec![common::TITLE],
        common::HEADER.to_vec(),
        common::ROW.to_vec(),
    ];
    let bytes = common::xlsx(&[("一覧", rows)]);
    read::read_bytes("made.xlsx", SourceKind::Xlsx, &bytes).expect("the made-up sheet reads")
}

fn weight_of(grid: &Grid) -> usize {
    let cells = grid.pages.iter().flat_map(|p| {
        let cells = p
            .tables
            .iter()
            .flat_map(|t| t.cells.iter().map(|c| &c.text));
        cells.chain(p.outside.iter().map(|o| &o.text))
    });
    cells
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

#[test]
fn a_whole_grid_is_placed() {
    let src = made_sheet();
    let seen = weight_of(&src.grid);
    let n = normalize(&src.grid, src.source(), &Errata::default()).expect("it normalizes");
    assert_eq!((n.chars_read, n.chars_placed), (seen, seen));
}

/// A reader that hands normalization two cells at one place (a reader bug) loses one of them
/// in the model; the account notices and the run stops instead of dropping the text.
#[test]
fn text_that_reaches_no_place_stops_the_run() {
    let mut src = made_sheet();
    let table = &mut src.grid.pages[0].tables[0];
    let cause = table
        .cells
        .iter()
        .find(|c| c.text == "・原因")
        .expect("the cause cell")
        .clone();
    table.cells.push(Cell {
        text: "・二つ目の原因".to_string(),
        ..cause.clone()
    });
    let seen = weight_of(&src.grid);
    let err = normalize(&src.grid, src.source(), &Errata::default())
        .expect_err("the second cell at the cause's place has no place in the model");
    let NormalizeError::Unplaced { at, how, .. } = &err else {
        panic!("{err:?}");
    };
    // The error names the cell that was lost: the first one, whose value the second replaced.
    let cause_ref = cause
        .cell_ref
        .clone()
        .expect("a sheet cell has a reference");
    assert_eq!(*at, Location::cell("made.xlsx", "一覧", &cause_ref));
    assert_eq!(*how, Misplaced::Never);
    let lost = "・原因".chars().count();
    assert_eq!(
        err.to_string(),
        format!(
            "made.xlsx: 一覧!{cause_ref}: text was read but not placed in the model: 「・原因」 \
             ({seen} characters read, {} placed)",
            seen - lost
        )
    );
}
