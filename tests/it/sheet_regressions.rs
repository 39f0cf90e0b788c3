//! The spreadsheet files under `tests/regressions/`, each an input that once crashed or misled
//! the reader, with the outcome it must give now: one error line naming the file and the
//! place, never a panic.

use crate::common;

use oqs_catalog::model::SourceKind;
use oqs_catalog::read;

/// (file, a part of the error it must give).
const CASES: &[(&str, &str)] = &[
    (
        "xlsx-flip-cell-ref-multiply-overflow.xlsx",
        "xl/worksheets/sheet1.xml: the zip entry is damaged (its CRC-32 does not match its data)",
    ),
    (
        "xlsx-flip-merge-ref-subtract-overflow.xlsx",
        "xl/worksheets/sheet1.xml: the zip entry is damaged (its CRC-32 does not match its data)",
    ),
];

fn dir() -> std::path::PathBuf {
    common::root().join("tests/regressions")
}

#[test]
fn every_spreadsheet_regression_has_an_outcome() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx") || n.ends_with(".ods"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk);
}

#[test]
fn spreadsheet_regressions_give_their_error() {
    for (file, expected) in CASES {
        let bytes = std::fs::read(dir().join(file)).unwrap();
        let kind = if file.ends_with(".ods") {
            SourceKind::Ods
        } else {
            SourceKind::Xlsx
        };
        match read::read_bytes(file, kind, &bytes) {
            Ok(_) => panic!("{file}: read without error"),
            Err(e) => {
                let e = e.to_string();
                assert!(e.starts_with(&format!("{file}: ")), "{e}");
                assert!(e.contains(expected), "{file}: {e}");
            }
        }
    }
}
