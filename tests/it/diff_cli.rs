//! `diff` as a user runs it (issue 13): what it says on standard error about a doubtful pair
//! (a source defect no erratum corrects, OLD newer than NEW, two different catalogs with one
//! version) and the exit status `--fail-on` chooses.

use crate::common;

use std::path::Path;

use oqs_catalog::app::{catalog_yaml, discover, Project};
use oqs_catalog::model::{Catalog, MessageId};

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

/// Writes `catalog` as `name` into `dir`.
fn write_model(dir: &Path, name: &str, catalog: &Catalog) {
    std::fs::write(dir.join(name), catalog_yaml(catalog).expect("YAML")).expect("write model");
}

/// The committed 1.20 model.
fn model_1_20() -> Catalog {
    Project::new(common::root())
        .load_any(&common::root().join("generated/catalog/1.20.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn old_newer_than_new_is_a_warning() {
    let dir = outside_a_project();
    let mut newer = model_1_20();
    newer.document.version = "1.21".to_string();
    write_model(dir.path(), "newer.yaml", &newer);
    // By version order, not by text: 1.3 is older than 1.21.
    let mut older = model_1_20();
    older.document.version = "1.3".to_string();
    write_model(dir.path(), "older.yaml", &older);

    let backwards = common::run(dir.path(), &["diff", "newer.yaml", "new.yaml"]);
    assert_eq!(backwards.code, 0, "{}", backwards.stderr);
    assert!(
        backwards
            .stderr
            .contains("warning: OLD is revision 1.21, newer than NEW (1.20)"),
        "{}",
        backwards.stderr
    );
    let forwards = common::run(dir.path(), &["diff", "new.yaml", "newer.yaml"]);
    assert_eq!(forwards.stderr, "");
    let forwards = common::run(dir.path(), &["diff", "older.yaml", "newer.yaml"]);
    assert_eq!(forwards.stderr, "");
    let backwards = common::run(dir.path(), &["diff", "newer.yaml", "older.yaml"]);
    assert!(
        backwards
            .stderr
            .contains("OLD is revision 1.21, newer than NEW (1.3)"),
        "{}",
        backwards.stderr
    );
}

#[test]
fn two_different_catalogs_with_one_version_is_a_warning() {
    let dir = outside_a_project();
    let mut edited = model_1_20();
    edited.codes[0].entries.remove(1);
    write_model(dir.path(), "edited.yaml", &edited);

    let run = common::run(dir.path(), &["diff", "new.yaml", "edited.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: both revisions say version 1.20 but their content differs"),
        "{}",
        run.stderr
    );
    // One version, one content (a YAML model and its own rewrite): nothing to say.
    write_model(dir.path(), "same.yaml", &model_1_20());
    let same = common::run(dir.path(), &["diff", "new.yaml", "same.yaml"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert_eq!(same.stderr, "");
}

#[test]
fn fail_on_chooses_which_changes_exit_1() {
    let dir = outside_a_project();
    // Both at 1.21, so the only warnings would be about the changes' own content.
    let mut base = model_1_20();
    base.document.version = "1.21".to_string();
    let mut textual = base.clone();
    textual.codes[0].entries[0].cause = Some("・カードが置かれていない。".to_string());
    let mut breaking = base.clone();
    breaking.codes[0].entries.remove(1);
    let mut additive = base.clone();
    additive.document.version = "1.22".to_string();
    let mut extra = additive.codes[0].entries[0].clone();
    extra.message_id = Some(MessageId::Single(0x0AAA_AAAA));
    additive.codes[0].entries.push(extra);
    for (name, model) in [
        ("base.yaml", &base),
        ("textual.yaml", &textual),
        ("breaking.yaml", &breaking),
        ("additive.yaml", &additive),
    ] {
        write_model(dir.path(), name, model);
    }
    let code = |new: &str, fail_on: Option<&str>| {
        let mut args = vec!["diff", "base.yaml", new];
        if let Some(f) = fail_on {
            args.extend(["--fail-on", f]);
        }
        let run = common::run(dir.path(), &args);
        assert!(!run.stdout.is_empty(), "{args:?}: no notes");
        run.code
    };
    // (new, the classes of its changes, default = any, --fail-on any, --fail-on breaking)
    let cases = [
        ("base.yaml", "", 0, 0, 0),
        ("textual.yaml", "textual", 1, 1, 0),
        ("additive.yaml", "additive", 1, 1, 0),
        ("breaking.yaml", "breaking", 1, 1, 1),
    ];
    for (new, class, default, any, breaking) in cases {
        let json = common::run(dir.path(), &["diff", "base.yaml", new, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON notes");
        let classes: Vec<&str> = v["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| c["class"].as_str().expect("class"))
            .collect();
        assert!(classes.iter().all(|c| *c == class), "{new}: {classes:?}");
        assert_eq!(code(new, None), default, "{new}");
        assert_eq!(code(new, Some("any")), any, "{new} --fail-on any");
        assert_eq!(
            code(new, Some("breaking")),
            breaking,
            "{new} --fail-on breaking"
        );
    }

    let bad = common::run(
        dir.path(),
        &["diff", "base.yaml", "base.yaml", "--fail-on", "textual"],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("--fail-on"), "{}", bad.stderr);

    let help = common::run(dir.path(), &["diff", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--fail-on <CLASS>"), "{}", help.stdout);
    assert!(
        help.stdout.contains("1 a change of that class was found"),
        "{}",
        help.stdout
    );
}
