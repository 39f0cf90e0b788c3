//! Hostile workbooks for the spreadsheet reader, one or more per failure class of issue 10
//! (and the overflow of issue 17), each built here around a real catalog table. Each gives the
//! catalog, with nothing lost, or one clear error naming the file and the place (sheet and
//! cell, part, or what was exceeded), exit 2 — within 10 s and 1 GiB of address space: every
//! case is run through the CLI under `ulimit -v` (`every_case_stays_within_time_and_memory`).

use crate::common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::sheets::{
    catalog_ods_rows, catalog_rows, esc, ods_cell, ods_package, worksheet, xlsx_package,
    xlsx_sheet, zip,
};
use common::{HEADER, ROW, TITLE};
use oqs_catalog::app::Project;
use oqs_catalog::model::{Catalog, SourceKind};
use oqs_catalog::read;

/// What reading a hostile workbook must give.
enum Outcome {
    /// The catalog, whose footnotes hold each of these texts (nothing lost).
    Reads(&'static [&'static str]),
    /// One error line holding this text.
    Fails(&'static str),
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    outcome: Outcome,
}

/// The catalog rows, then `extra` SpreadsheetML rows, then `after` the sheet data.
fn xlsx_with(extra: &str, after: &str) -> Vec<u8> {
    xlsx_sheet(&format!("{}{extra}", catalog_rows()), after)
}

/// A note row: one inline string at `cell`.
fn note_at(cell: &str, text: &str) -> String {
    format!(
        "<row><c r=\"{cell}\" t=\"inlineStr\"><is><t>{}</t></is></c></row>",
        esc(text)
    )
}

/// The catalog as one ODS table `一覧` with `extra` rows after it.
fn ods_with(extra: &str) -> Vec<u8> {
    ods_package(&format!(
        "<table:table table:name=\"一覧\">{}{extra}</table:table>",
        catalog_ods_rows()
    ))
}

/// The catalog through shared strings whose table claims 10^12 entries (calamine reserved
/// that many before reading one).
fn claimed_shared_string_count() -> Vec<u8> {
    let texts: Vec<&str> = [TITLE].iter().chain(&HEADER).chain(&ROW).copied().collect();
    let mut sst = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1000000000000" uniqueCount="1000000000000">"#,
    );
    for t in &texts {
        let _ = write!(sst, "<si><t xml:space=\"preserve\">{}</t></si>", esc(t));
    }
    sst.push_str("</sst>");
    let mut rows = String::from("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
    for (r, range) in [(2, 1..9), (3, 9..17)] {
        let _ = write!(rows, "<row r=\"{r}\">");
        for (c, i) in range.enumerate() {
            let _ = write!(
                rows,
                "<c r=\"{}\" t=\"s\"><v>{i}</v></c>",
                oqs_catalog::grid::cell_ref(r - 1, c)
            );
        }
        rows.push_str("</row>");
    }
    xlsx_package(
        &[("一覧", "worksheets/sheet1.xml")],
        &[
            (
                "xl/worksheets/sheet1.xml",
                worksheet(&rows, "").into_bytes(),
            ),
            ("xl/sharedStrings.xml", sst.into_bytes()),
        ],
    )
}

/// A workbook listing `sheets` sheets that all point at one part (a 3 GB read before).
fn sheets_reusing_one_part(sheets: usize) -> Vec<u8> {
    let names: Vec<String> = (0..sheets).map(|i| format!("s{i}")).collect();
    let list: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), "worksheets/sheet1.xml"))
        .collect();
    let mut rows = catalog_rows();
    for r in 4..2000 {
        rows.push_str(&note_at(&format!("A{r}"), "※"));
    }
    xlsx_package(
        &list,
        &[(
            "xl/worksheets/sheet1.xml",
            worksheet(&rows, "").into_bytes(),
        )],
    )
}

/// The catalog with its sheet stored (so the text shows in the file) and one byte of a cell's
/// text changed after the CRC was computed. The calamine-based reader stopped reading at
/// `</mergeCells>`, never reached the CRC check, and read the wrong message ID.
fn bad_crc() -> Vec<u8> {
    let sheet = worksheet(
        &catalog_rows(),
        "<mergeCells><mergeCell ref=\"A1:H1\"/></mergeCells>",
    );
    let mut bytes = zip(
        &[
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("xl/workbook.xml", ONE_SHEET_WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", ONE_SHEET_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ],
        true,
    );
    // "0x03000001" → "0x03000007".
    let at = find(&bytes, b"0x03000001").expect("the ID is stored as is") + 9;
    bytes[at] = b'7';
    bytes
}

/// The catalog whose package holds its sheet part twice under one name: the second entry,
/// written under another name of the same length, is renamed in its local and central headers.
fn duplicate_entry() -> Vec<u8> {
    let sheet = worksheet(&catalog_rows(), "");
    let other = worksheet(&note_at("A9", "もう一つ"), "");
    let mut bytes = zip(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("xl/workbook.xml", ONE_SHEET_WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", ONE_SHEET_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            ("xl/worksheets/sheetX.xml", other.as_bytes()),
        ],
        false,
    );
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"xl/worksheets/sheetX.xml") {
        bytes[from + at + 19] = b'1';
        from += at + 1;
    }
    bytes
}

const ROOT_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const ONE_SHEET_WORKBOOK: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="一覧" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const ONE_SHEET_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Every hostile case with its outcome.
fn cases() -> Vec<Case> {
    let lo_trailing = "<table:table-row table:number-rows-repeated=\"1048573\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
    vec![
        // Class 3: memory follows content, never a count or an address.
        Case {
            name: "claimed-shared-string-count.xlsx",
            bytes: claimed_shared_string_count(),
            outcome: Outcome::Reads(&[]),
        },
        Case {
            name: "cell-at-XFD1048576.xlsx",
            bytes: xlsx_with(&note_at("XFD1048576", "最後のセル"), ""),
            outcome: Outcome::Reads(&["最後のセル"]),
        },
        Case {
            name: "cell-at-ZZ200000.xlsx",
            bytes: xlsx_with(&note_at("ZZ200000", "遠いセル"), ""),
            outcome: Outcome::Reads(&["遠いセル"]),
        },
        Case {
            name: "cell-past-the-last-column.xlsx",
            bytes: xlsx_with(&note_at("XFE5", "x"), ""),
            outcome: Outcome::Fails(
                "一覧!XFE5: beyond the sheet's limits (16384 columns, 1048576 rows)",
            ),
        },
        Case {
            name: "cell-past-the-last-row.xlsx",
            bytes: xlsx_with(&note_at("A1048577", "x"), ""),
            outcome: Outcome::Fails("一覧!A1048577: beyond the sheet's limits"),
        },
        Case {
            // Issue 17: calamine multiplied these letters into an overflow.
            name: "cell-reference-of-ten-letters.xlsx",
            bytes: xlsx_with(&note_at("GINLINESTR1", "x"), ""),
            outcome: Outcome::Fails("一覧!GINLINESTR1: beyond the sheet's limits"),
        },
        Case {
            name: "implied-cell-past-the-last-row.xlsx",
            bytes: xlsx_with(
                "<row r=\"1048576\"/><row><c t=\"inlineStr\"><is><t>x</t></is></c></row>",
                "",
            ),
            outcome: Outcome::Fails("一覧!A1048577: beyond the sheet's limits"),
        },
        Case {
            // Issue 17: calamine subtracted this reversed range into an overflow.
            name: "reversed-merge.xlsx",
            bytes: xlsx_with("", "<mergeCells><mergeCell ref=\"A83:A46\"/></mergeCells>"),
            outcome: Outcome::Fails("一覧!A83:A46: not a cell reference"),
        },
        // Class 5: rows after a repeated block keep their place, or are refused.
        Case {
            name: "billion-empty-rows-then-data.ods",
            bytes: ods_with(&format!(
                "<table:table-row table:number-rows-repeated=\"1000000000\"><table:table-cell/></table:table-row><table:table-row>{}</table:table-row>",
                ods_cell("※1 後の行")
            )),
            outcome: Outcome::Fails("一覧!A1000000004: beyond the sheet's limits"),
        },
        Case {
            name: "billion-empty-columns-then-data.ods",
            bytes: ods_with(&format!(
                "<table:table-row><table:table-cell table:number-columns-repeated=\"1000000000\"/>{}</table:table-row>",
                ods_cell("※1 右端")
            )),
            outcome: Outcome::Fails("一覧!CFDGSXM4: beyond the sheet's limits"),
        },
        Case {
            name: "hundred-empty-rows-then-a-note.ods",
            bytes: ods_with(&format!(
                "<table:table-row table:number-rows-repeated=\"100\"><table:table-cell/></table:table-row><table:table-row>{}</table:table-row>{lo_trailing}",
                ods_cell("※1 百行後の注記")
            )),
            outcome: Outcome::Reads(&["百行後の注記"]),
        },
        Case {
            name: "a-space-repeated-a-billion-times.ods",
            bytes: ods_with(
                "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>※<text:s text:c=\"1000000000\"/></text:p></table:table-cell></table:table-row>",
            ),
            outcome: Outcome::Fails("一覧!A4: the workbook's cells hold more than 16 MiB of text"),
        },
        Case {
            name: "a-note-row-repeated-a-billion-times.ods",
            bytes: ods_with(&format!(
                "<table:table-row table:number-rows-repeated=\"1000000000\">{}</table:table-row>",
                ods_cell("※")
            )),
            outcome: Outcome::Fails("the workbook holds more than 25000 non-empty or merged cells"),
        },
        // Class 4: work is bounded, not only bytes.
        Case {
            name: "ten-thousand-sheets-reusing-one-part.xlsx",
            bytes: sheets_reusing_one_part(10_000),
            outcome: Outcome::Fails("xl/workbook.xml: the workbook lists more than 1000 sheets"),
        },
        // Class 9: a damaged or ambiguous package is refused.
        Case {
            name: "bad-crc.xlsx",
            bytes: bad_crc(),
            outcome: Outcome::Fails(
                "xl/worksheets/sheet1.xml: the zip entry is damaged (its CRC-32 does not match its data)",
            ),
        },
        Case {
            name: "duplicate-entry.xlsx",
            bytes: duplicate_entry(),
            outcome: Outcome::Fails("the zip holds two entries named xl/worksheets/sheet1.xml"),
        },
        Case {
            name: "entries-differing-in-case.xlsx",
            bytes: xlsx_package(
                &[("一覧", "worksheets/sheet1.xml")],
                &[
                    ("xl/worksheets/sheet1.xml", worksheet(&catalog_rows(), "").into_bytes()),
                    ("xl/worksheets/Sheet1.xml", worksheet("", "").into_bytes()),
                ],
            ),
            outcome: Outcome::Fails("name the same part (part names ignore case)"),
        },
    ]
}

/// How often `text` appears in the model.
fn kept(c: &Catalog, text: &str) -> usize {
    oqs_catalog::model::yaml::to_yaml(c, "")
        .unwrap()
        .matches(text)
        .count()
}

fn ingest(name: &str, bytes: &[u8]) -> Result<Catalog, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    Project::new(dir.path())
        .ingest(&path)
        .map(|n| n.catalog)
        .map_err(|e| e.to_string())
}

/// Runs `oqs-catalog ingest NAME` on `bytes` in a fresh folder under a 1 GiB address-space
/// limit (so going past it aborts the run and fails the test), timing it.
fn ingest_limited(name: &str, bytes: &[u8]) -> (common::Run, Duration) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let start = Instant::now();
    let out = std::process::Command::new("sh")
        .current_dir(dir.path())
        .args([
            "-c",
            "ulimit -v 1048576 && exec \"$0\" ingest \"$1\"",
            env!("CARGO_BIN_EXE_oqs-catalog"),
            name,
        ])
        .output()
        .expect("sh runs");
    let took = start.elapsed();
    let run = common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (run, took)
}

#[test]
fn every_case_stays_within_time_and_memory() {
    let mut failures = Vec::new();
    for case in cases() {
        let (r, took) = ingest_limited(case.name, &case.bytes);
        let name = case.name;
        if took > Duration::from_secs(10) {
            failures.push(format!("{name}: took {took:?}"));
        }
        if r.stderr.contains("panicked") || r.stderr.contains("memory allocation") {
            failures.push(format!("{name}: crashed: {}", r.stderr));
        }
        match case.outcome {
            Outcome::Reads(kept) => {
                if r.code != 0 {
                    failures.push(format!("{name}: exit {}: {}", r.code, r.stderr));
                }
                for text in kept {
                    if !r.stdout.contains(text) {
                        failures.push(format!("{name}: the model lost {text:?}"));
                    }
                }
            }
            Outcome::Fails(expected) => {
                let lines: Vec<&str> = r.stderr.lines().collect();
                let prefix = format!("error: {name}: ");
                if r.code != 2
                    || lines.len() != 1
                    || !lines[0].starts_with(&prefix)
                    || !lines[0].contains(expected)
                {
                    failures.push(format!(
                        "{name}: expected exit 2 and one line `{prefix}…{expected}…`, got {}: {}",
                        r.code, r.stderr
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_far_cell_is_one_cell_with_its_own_reference() {
    let bytes = xlsx_with(&note_at("XFD1048576", "最後のセル"), "");
    let src = read::read_bytes("t.xlsx", SourceKind::Xlsx, &bytes).unwrap();
    let table = &src.grid.pages[0].tables[0];
    assert_eq!((table.rows, table.cols), (1_048_576, 16_384));
    assert_eq!(table.cells.len(), 1 + HEADER.len() + ROW.len() + 1);
    let last = table.cells.last().unwrap();
    assert_eq!(last.cell_ref.as_deref(), Some("XFD1048576"));
    let c = ingest("t.xlsx", &bytes).unwrap();
    assert_eq!(kept(&c, "最後のセル"), 1);
}

#[test]
fn rows_after_a_repeated_empty_block_keep_their_row() {
    let bytes = ods_with(&format!(
        "<table:table-row table:number-rows-repeated=\"100\"><table:table-cell table:number-columns-repeated=\"3\"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>{}</table:table-row>",
        ods_cell("※1 百行後")
    ));
    let src = read::read_bytes("t.ods", SourceKind::Ods, &bytes).unwrap();
    let last = src.grid.pages[0].tables[0].cells.last().unwrap();
    assert_eq!(last.cell_ref.as_deref(), Some("C104"));
    assert_eq!(last.text, "※1 百行後");
}

#[test]
fn a_repeated_row_with_text_is_kept_once_per_repeat() {
    let bytes = ods_with(&format!(
        "<table:table-row table:number-rows-repeated=\"3\">{}</table:table-row>",
        ods_cell("※ 繰り返し")
    ));
    let c = ingest("t.ods", &bytes).unwrap();
    assert_eq!(kept(&c, "繰り返し"), 3);
}

#[test]
fn a_merge_over_filled_cells_is_a_lint_warning_naming_both_cells() {
    // G3 (the row's action) holds text but lies under the merge F3:G3.
    let bytes = xlsx_with("", "<mergeCells><mergeCell ref=\"F3:G3\"/></mergeCells>");
    // A project with names (lint checks contacts) and no errata (1.20's would match nothing).
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("input")).unwrap();
    std::fs::copy(
        common::root().join("input/names.yaml"),
        dir.path().join("input/names.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("t.xlsx"), &bytes).unwrap();
    let r = common::run(dir.path(), &["lint", "t.xlsx"]);
    let warning = format!(
        "t.xlsx: 一覧!G3: warning: the merged cell F3:G3 covers this cell, so its value 「{}」 is not read",
        ROW[6]
    );
    assert!(r.stdout.contains(&warning), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(" 1 warnings"), "{}", r.stdout);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = common::run(dir.path(), &["lint", "--deny-warnings", "t.xlsx"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
}

#[test]
fn text_in_a_covered_ods_cell_is_a_warning_naming_both_cells() {
    let bytes = ods_with(
        "<table:table-row><table:table-cell office:value-type=\"string\" table:number-columns-spanned=\"2\"><text:p>※1 注記</text:p></table:table-cell><table:covered-table-cell office:value-type=\"string\"><text:p>隠れた値</text:p></table:covered-table-cell></table:table-row>",
    );
    let src = read::read_bytes("t.ods", SourceKind::Ods, &bytes).unwrap();
    let w: Vec<String> = src.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        w,
        ["t.ods: 一覧!B4: warning: the merged cell A4:B4 covers this cell, so its value 「隠れた値」 is not read"]
    );
    let note = src.grid.pages[0].tables[0].cell_at(3, 0).unwrap();
    assert_eq!((note.text.as_str(), note.colspan), ("※1 注記", 2));
}
