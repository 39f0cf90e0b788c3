//! The command line's contract with people and scripts (issue 15), through the binary:
//! `lookup` takes exactly eight hex digits and says "did you mean", exits 1 on a miss, prints
//! JSON in the published forms; the project is found upward from the working directory; `add`
//! files a downloaded revision; every argument has help, exit codes are in `--help`, and the
//! completions and man page come from the same definition.

use crate::common;

use common::run;

/// The 1.20 model's published JSON (`generated/json/oqs-messages.json`).
fn published() -> serde_json::Value {
    let text = std::fs::read_to_string(common::root().join("generated/json/oqs-messages.json"))
        .expect("the published JSON");
    serde_json::from_str(&text).expect("published JSON parses")
}

#[test]
fn an_id_is_eight_hex_digits_with_0x_and_case_optional() {
    let root = common::root();
    for spelling in [
        "0x04000011",
        "0X04000011",
        "04000011",
        "0x0400001a",
        "0X0400001A",
    ] {
        let r = run(&root, &["lookup", spelling]);
        assert_ne!(r.code, 2, "{spelling}: {}", r.stderr);
    }
    let r = run(&root, &["lookup", "0x04000011"]);
    let upper = run(&root, &["lookup", "04000011"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, upper.stdout);
    assert!(
        r.stdout.starts_with("0x04000011: 3 entries"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_typo_is_an_error_with_did_you_mean() {
    let root = common::root();
    // (typed, what the error says, the suggestion)
    let cases = [
        // Seven digits: once read as 0x00400001.
        (
            "0x0400011",
            "7 hex digits instead of 8",
            "did you mean 0x04000011?",
        ),
        ("0x040000111", "9 hex digits instead of 8", "0x04000011"),
        // A sign that u32::from_str_radix would take.
        ("0x+4000011", "not hexadecimal", "did you mean 0x04000011?"),
        ("0x0400001G", "not hexadecimal", "0x04000011"),
        // A decimal: 2164260869 is 0x81000005.
        (
            "2164260869",
            "10 hex digits instead of 8",
            "did you mean 0x81000005?",
        ),
    ];
    for (typed, why, hint) in cases {
        let r = run(&root, &["lookup", typed]);
        assert_eq!(r.code, 2, "{typed}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{typed}: {}", r.stdout);
        assert!(
            r.stderr
                .contains(&format!("`{typed}` is not a message ID: {why}")),
            "{typed}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(hint), "{typed}: {}", r.stderr);
    }
    // Nothing one edit away: no suggestion.
    let r = run(&root, &["lookup", "0x1234567"]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    // Eight decimal digits are also eight hex digits; read as hex they find nothing, read as a
    // decimal (67108881 = 0x04000011) they do: an error, not a miss.
    let r = run(&root, &["lookup", "67108881"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("as a decimal it is 0x04000011: did you mean 0x04000011?"),
        "{}",
        r.stderr
    );
}

#[test]
fn nothing_found_exits_1_as_grep_does() {
    let root = common::root();
    let r = run(&root, &["lookup", "0x0BADBEEF"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("0x0BADBEEF: 0 entries in revision 1.20"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("no entry for 0x0BADBEEF in revision 1.20"),
        "{}",
        r.stderr
    );
    // One digit changed from an ID the catalog prints (901's range starts at 0xF0000000).
    let r = run(&root, &["lookup", "0xF8000000"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("did you mean 0xF0000000?"),
        "{}",
        r.stderr
    );
    // A value inside a range is found.
    assert_eq!(run(&root, &["lookup", "0xF0301D00"]).code, 0);
    // The same with a model given by file.
    let r = run(&root, &["lookup", "0x0BADBEEF", "--in", common::XLSX]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn lookup_json_is_the_published_form() {
    let root = common::root();
    let published = published();
    for id in ["0x04000011", "0xF0301D00", "0x81000005"] {
        let r = run(&root, &["lookup", id, "--format", "json"]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("lookup prints JSON");
        assert_eq!(v["id"], id);
        assert_eq!(v["version"], "1.20");
        let entries = v["entries"].as_array().expect("entries");
        assert!(!entries.is_empty(), "{id}");
        for hit in entries {
            let code = hit["ref"]["code"].as_str().expect("ref.code");
            let index = hit["ref"]["entry"].as_u64().expect("ref.entry") as usize;
            let pcode = published["codes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["code"] == code)
                .expect("the code is published");
            assert_eq!(hit["entry"], pcode["entries"][index], "{id} {code}");
            let mut without = pcode.clone();
            without.as_object_mut().unwrap().remove("entries");
            assert_eq!(hit["code"], without, "{id} {code}");
        }
        // A single ID's references are the published index's, in the same order.
        if let Some(index) = published["index"].get(id) {
            let refs: Vec<&serde_json::Value> = entries.iter().map(|h| &h["ref"]).collect();
            let want: Vec<&serde_json::Value> = index.as_array().unwrap().iter().collect();
            assert_eq!(refs, want, "{id}");
        }
    }
    // A miss is JSON too, and exit 1.
    let r = run(&root, &["lookup", "0x0BADBEEF", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["entries"], serde_json::json!([]));
    // Text stays the default.
    let r = run(&root, &["lookup", "0x04000011", "--format", "text"]);
    assert_eq!(r.stdout, run(&root, &["lookup", "0x04000011"]).stdout);
}

#[test]
fn every_help_states_the_exit_codes() {
    let root = common::root();
    let r = run(&root, &["--help"]);
    assert_eq!(r.code, 0);
    let commands = [
        "build", "check", "ingest", "grid", "lint", "lookup", "diff", "render",
    ];
    for command in commands {
        let r = run(&root, &[command, "--help"]);
        assert_eq!(r.code, 0, "{command}: {}", r.stderr);
        assert!(
            r.stdout.contains("Exit status: 0 "),
            "{command}: {}",
            r.stdout
        );
        assert!(r.stdout.contains("; 2 "), "{command}: {}", r.stdout);
    }
    let r = run(&root, &["lookup", "--help"]);
    assert!(r.stdout.contains("1 nothing found"), "{}", r.stdout);
}

#[test]
fn the_project_is_found_upward_from_the_working_directory() {
    let dir = common::scratch();
    let deep = dir.path().join("input/1.20");
    let r = run(&deep, &["lookup", "0x04000011"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("0x04000011: 3 entries"),
        "{}",
        r.stdout
    );
    // `generated/catalog/` alone marks a project too.
    let only = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::root().join("generated/catalog"),
        &only.path().join("generated/catalog"),
    );
    std::fs::create_dir_all(only.path().join("some/where")).unwrap();
    let r = run(&only.path().join("some/where"), &["lookup", "0x04000011"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A command on the project, from below its root: paths are named from the root.
    std::fs::write(dir.path().join("input/errata.yaml"), "errata: []\n").unwrap();
    let r = run(&deep, &["build"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("message-id-contacts-1.20.pdf: page 4"),
        "{}",
        r.stderr
    );
}

#[test]
fn outside_a_project_the_error_mentions_root() {
    let outside = tempfile::tempdir().unwrap();
    assert!(
        oqs_catalog::discover::find_from(outside.path()).is_none(),
        "a project above {}: this test needs a folder outside any project",
        outside.path().display()
    );
    for args in [
        &["lookup", "0x04000011"][..],
        &["build"],
        &["check"],
        &["render", "json"],
    ] {
        let r = run(outside.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("no oqs-catalog project in ") && r.stderr.contains("--root DIR"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("No such file"), "{args:?}: {}", r.stderr);
    }
    // `--root` names it from anywhere.
    let root = common::root();
    let r = run(
        outside.path(),
        &["--root", root.to_str().unwrap(), "lookup", "0x04000011"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Commands on the files they are given need no project.
    let model = root.join("generated/catalog/1.20.yaml");
    let r = run(
        outside.path(),
        &["lookup", "0x04000011", "--in", model.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(
        outside.path(),
        &["grid", root.join(common::XLSX).to_str().unwrap(), "--stats"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}
