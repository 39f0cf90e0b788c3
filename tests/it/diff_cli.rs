//! `diff` as a user runs it (issue 13): what it says on standard error about a doubtful pair
//! (a source defect no erratum corrects, OLD newer than NEW, two different catalogs with one
//! version) and the exit status `--fail-on` chooses.

use crate::common;

use std::path::Path;

use oqs_catalog::app::discover;

/// A folder outside any project holding the 1.20 spreadsheet (its 901 range is misprinted:
/// `0xF0000000~ 0xF7FFFFF`) as `old.xlsx` and the committed 1.20 model (errata applied) as
/// `new.yaml`.
fn outside_a_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    // A marked folder above the temporary one would be found as the project: a machine this
    // test cannot judge, so it says so instead of passing by accident.
    assert_eq!(
        discover::find_from(dir.path()),
        None,
        "a project above {}",
        dir.path().display()
    );
    let root = common::root();
    std::fs::copy(root.join(common::XLSX), dir.path().join("old.xlsx")).expect("copy xlsx");
    std::fs::copy(
        root.join("generated/catalog/1.20.yaml"),
        dir.path().join("new.yaml"),
    )
    .expect("copy model");
    dir
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn outside_a_project_a_malformed_id_is_a_warning_naming_the_place() {
    let dir = outside_a_project();
    let run = common::run(dir.path(), &["diff", "old.xlsx", "new.yaml"]);
    // Read as printed, 901 has no message ID in the spreadsheet: the model's range is a change.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("malformed message ID"))
        .unwrap_or_else(|| panic!("no warning in {}", run.stderr));
    assert!(warning.starts_with("warning: old.xlsx: "), "{warning}");
    // The place: a cell reference on the sheet (`一覧!E…`).
    assert!(warning.contains("!E"), "{warning}");
    assert!(warning.contains("0xF7FFFFF"), "{warning}");
    assert!(
        warning.contains("no input/errata.yaml was found"),
        "{warning}"
    );
    assert!(warning.contains("--root"), "{warning}");

    // The same pair with the project named: its errata correct the range, nothing to say and
    // nothing changed.
    let root = s(&common::root());
    let named = common::run(
        dir.path(),
        &["--root", &root, "diff", "old.xlsx", "new.yaml"],
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(
        !named.stderr.contains("malformed message ID"),
        "{}",
        named.stderr
    );
}

#[test]
fn a_model_without_defects_gives_no_warning_outside_a_project() {
    let dir = outside_a_project();
    let run = common::run(dir.path(), &["diff", "new.yaml", "new.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}
