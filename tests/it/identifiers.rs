//! DESIGN §4: an identifier, once published, never changes meaning. `build` keeps what it
//! published in `generated/identifiers.yaml` and refuses a `names.yaml` that would give a
//! published name another identifier or drop it; a new name gets the next number, so the
//! values of published C constants stay put.

use crate::common;

use std::path::Path;

fn edit_names(dir: &Path, edit: impl FnOnce(String) -> String) {
    let path = dir.join("input/names.yaml");
    let text = std::fs::read_to_string(&path).expect("names.yaml");
    std::fs::write(&path, edit(text)).expect("write names.yaml");
}

fn header(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("generated/c/oqs_messages.h")).expect("header")
}

#[test]
fn giving_a_published_name_another_identifier_is_refused() {
    let dir = common::scratch();
    edit_names(dir.path(), |t| {
        t.replace(
            "顔認証付きカードリーダーベンダー: CardReaderVendor",
            "顔認証付きカードリーダーベンダー: ReaderVendor",
        )
    });
    common::assert_refused(
        dir.path(),
        &["build"],
        &[
            "input/names.yaml",
            "generated/identifiers.yaml",
            "顔認証付きカードリーダーベンダー is published as `CardReaderVendor` and may not \
             become `ReaderVendor`",
        ],
    );
}

#[test]
fn a_new_name_gets_the_next_number_and_old_values_stay() {
    let dir = common::scratch();
    let old = header(dir.path());
    assert!(old.contains("#define OQS_CONTACT_CARD_READER_VENDOR 1\n"));
    // An identifier that sorts before every published one.
    edit_names(dir.path(), |t| {
        t.replace(
            "contacts:\n",
            "contacts:\n  保守ベンダー: AaaMaintenanceVendor\n",
        )
    });
    let run = common::run(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let new = header(dir.path());
    for line in old
        .lines()
        .filter(|l| l.starts_with("#define OQS_CONTACT_"))
    {
        assert!(new.contains(line), "{line} changed");
    }
    assert!(new.contains("#define OQS_CONTACT_AAA_MAINTENANCE_VENDOR 5\n"));
    let published =
        std::fs::read_to_string(dir.path().join("generated/identifiers.yaml")).expect("ledger");
    assert!(published
        .contains("- number: 5\n  ident: AaaMaintenanceVendor\n  name: 保守ベンダー\ntags:"));
    assert_eq!(common::run(dir.path(), &["check"]).code, 0);

    // Once published, the line may not go.
    edit_names(dir.path(), |t| {
        t.replace("  保守ベンダー: AaaMaintenanceVendor\n", "")
    });
    common::assert_refused(
        dir.path(),
        &["build"],
        &["contacts: 保守ベンダー is published as `AaaMaintenanceVendor` and its line is gone"],
    );
}

#[test]
fn a_damaged_ledger_is_an_error_naming_it() {
    let dir = common::scratch();
    let path = dir.path().join("generated/identifiers.yaml");
    let text = std::fs::read_to_string(&path).expect("ledger");
    std::fs::write(&path, text.replace("number: 2\n", "number: 1\n")).expect("write");
    common::assert_refused(
        dir.path(),
        &["build"],
        &[
            "generated/identifiers.yaml",
            "contacts: number 1 is listed twice",
        ],
    );
}

#[test]
fn a_missing_ledger_beside_generated_code_is_an_error() {
    let dir = common::scratch();
    std::fs::remove_file(dir.path().join("generated/identifiers.yaml")).expect("remove");
    common::assert_refused(
        dir.path(),
        &["build"],
        &[
            "generated/identifiers.yaml is missing while generated/rust/src/lib.rs was generated \
             from it",
            "git checkout -- generated/identifiers.yaml",
        ],
    );
    // Without generated code, the first build publishes afresh.
    std::fs::remove_dir_all(dir.path().join("generated")).expect("remove generated");
    let run = common::run(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ledger = std::fs::read_to_string(dir.path().join("generated/identifiers.yaml"));
    let committed = std::fs::read_to_string(common::root().join("generated/identifiers.yaml"));
    assert_eq!(ledger.expect("written"), committed.expect("committed"));
}
