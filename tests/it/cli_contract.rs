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
        oqs_catalog::app::discover::find_from(outside.path()).is_none(),
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

#[test]
fn a_source_directly_under_input_is_an_error_pointing_to_add() {
    let dir = common::scratch();
    std::fs::write(
        dir.path().join("input/new.xlsx"),
        common::revision_xlsx("1.21"),
    )
    .unwrap();
    for command in ["build", "check"] {
        common::assert_refused(
            dir.path(),
            &[command],
            &["input/new.xlsx: a source directly under input/ is not read; file it under its revision with `oqs-catalog add input/new.xlsx`"],
        );
    }
    // Other files there (README.md, names.yaml, errata.yaml) are not sources.
    std::fs::remove_file(dir.path().join("input/new.xlsx")).unwrap();
    std::fs::write(dir.path().join("input/notes.txt"), "x").unwrap();
    assert_eq!(run(dir.path(), &["check"]).code, 0);
}

#[test]
fn add_files_a_revision_under_its_version() {
    let dir = common::scratch();
    let downloads = tempfile::tempdir().unwrap();
    let book = common::revision_xlsx("1.21");
    let src = downloads.path().join("list.xlsx");
    std::fs::write(&src, &book).unwrap();
    let names_before = std::fs::read(dir.path().join("input/names.yaml")).unwrap();
    let r = run(dir.path(), &["add", src.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("to input/1.21/list.xlsx (revision 1.21)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("input/1.21/list.xlsx: revision 1.21"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("revision 1.21 is ready"), "{}", r.stdout);
    assert_eq!(
        std::fs::read(dir.path().join("input/1.21/list.xlsx")).unwrap(),
        book
    );
    assert!(src.exists(), "a file outside input/ is copied, not moved");
    assert_eq!(
        std::fs::read(dir.path().join("input/names.yaml")).unwrap(),
        names_before
    );
    // Again: nothing to do.
    let r = run(dir.path(), &["add", src.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("already filed"), "{}", r.stdout);
    // Another file of the same name and version is never overwritten.
    let other = tempfile::tempdir().unwrap();
    let mut other_src = other.path().join("list.xlsx");
    let title = common::TITLE.replace("1.20版", "1.21版");
    let mut row = common::ROW.to_vec();
    row[5] = "・別の原因";
    let changed = common::xlsx(&[(
        "一覧",
        vec![vec![title.as_str()], common::HEADER.to_vec(), row],
    )]);
    assert_ne!(changed, book);
    std::fs::write(&other_src, &changed).unwrap();
    let r = run(dir.path(), &["add", other_src.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("input/1.21/list.xlsx: already exists with other content"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("input/1.21/list.xlsx")).unwrap(),
        book
    );
    // A file dropped into input/ is moved into its folder.
    other_src = dir.path().join("input/dropped.xlsx");
    std::fs::write(&other_src, common::revision_xlsx("1.22")).unwrap();
    let r = run(dir.path(), &["add", "input/dropped.xlsx"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("moved input/dropped.xlsx to input/1.22/dropped.xlsx"),
        "{}",
        r.stdout
    );
    assert!(!other_src.exists());
    assert!(dir.path().join("input/1.22/dropped.xlsx").is_file());
}

#[test]
fn add_prints_what_names_and_errata_need() {
    let dir = common::scratch();
    std::fs::write(dir.path().join("input/errata.yaml"), "errata: []\n").unwrap();
    let names = dir.path().join("input/names.yaml");
    let text = std::fs::read_to_string(&names).unwrap();
    std::fs::write(
        &names,
        text.replace("  ネットワーク設定ベンダー: NetworkVendor\n", ""),
    )
    .unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let src = downloads.path().join("official.xlsx");
    std::fs::copy(common::root().join(common::XLSX), &src).unwrap();
    let before = (
        std::fs::read(&names).unwrap(),
        std::fs::read(dir.path().join("input/errata.yaml")).unwrap(),
    );
    let r = run(dir.path(), &["add", src.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // lint's findings on the filed copy, then the lines to add.
    assert!(
        r.stdout
            .contains("input/1.20/official.xlsx: 一覧!E52: error: malformed message ID"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "input/names.yaml needs 1 line (choose each identifier: ASCII, UpperCamelCase):\n  contacts:\n    ネットワーク設定ベンダー: Identifier"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("input/errata.yaml needs 1 erratum"),
        "{}",
        r.stdout
    );
    // The erratum is YAML that errata.yaml takes once filled in.
    let block = r
        .stdout
        .split("fill in corrected and reason):\n")
        .nth(1)
        .unwrap();
    let block: String = block
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let parsed: serde_json::Value = serde_yaml::from_str(&block).expect("YAML");
    assert_eq!(parsed[0]["version"], "1.20");
    assert_eq!(parsed[0]["code"], "901");
    assert_eq!(parsed[0]["field"], "message_id");
    assert_eq!(parsed[0]["printed"], "0xF0000000~ 0xF7FFFFF");
    let filled = format!(
        "errata:\n{}",
        block
            .replace("corrected: ''", "corrected: 0xF0000000~0xF7FFFFFF")
            .replace("reason: ''", "reason: one F dropped in print")
    );
    // Nothing in names.yaml or errata.yaml is written by add.
    assert_eq!(
        before,
        (
            std::fs::read(&names).unwrap(),
            std::fs::read(dir.path().join("input/errata.yaml")).unwrap()
        )
    );
    std::fs::write(dir.path().join("input/errata.yaml"), filled).unwrap();
    std::fs::write(&names, text).unwrap();
    let r = run(dir.path(), &["lint", "input/1.20/official.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn add_refuses_what_is_not_a_catalog_and_writes_nothing() {
    let dir = common::scratch();
    let before = common::snapshot(&dir.path().join("input"));
    let downloads = tempfile::tempdir().unwrap();
    let notes = downloads.path().join("notes.txt");
    std::fs::write(&notes, "x").unwrap();
    let junk = downloads.path().join("junk.xlsx");
    std::fs::write(&junk, "not a workbook").unwrap();
    for (path, needle) in [
        (
            &notes,
            "not a source file (add takes a .pdf, .xlsx or .ods)",
        ),
        (&junk, "junk.xlsx: not a spreadsheet"),
    ] {
        let r = run(dir.path(), &["add", path.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(needle), "{}", r.stderr);
    }
    assert_eq!(before, common::snapshot(&dir.path().join("input")));
}

/// Every command of the CLI's definition, the top level first.
fn all_commands() -> Vec<clap::Command> {
    use clap::CommandFactory;
    let top = oqs_catalog::cli::Cli::command();
    let mut out: Vec<clap::Command> = top.get_subcommands().cloned().collect();
    out.insert(0, top);
    out
}

#[test]
fn every_argument_has_help_and_one_output_spelling() {
    for cmd in all_commands() {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            assert!(
                arg.get_help().is_some_and(|h| !h.to_string().is_empty()),
                "{} {id}: no help",
                cmd.get_name()
            );
            // The output option is `-o/--out` wherever there is one.
            if arg.get_long() == Some("out") || arg.get_short() == Some('o') {
                assert_eq!(
                    (arg.get_short(), arg.get_long()),
                    (Some('o'), Some("out")),
                    "{}",
                    cmd.get_name()
                );
            }
            assert_ne!(arg.get_long(), Some("output"), "{}", cmd.get_name());
        }
    }
    let root = common::root();
    let r = run(&root, &["ingest", "--help"]);
    assert!(r.stdout.contains("-o, --out <FILE>"), "{}", r.stdout);
    assert!(r.stdout.contains("[default: yaml]"), "{}", r.stdout);
    assert!(!r.stdout.contains("--output"), "{}", r.stdout);
    let r = run(&root, &["diff", "--help"]);
    assert!(
        r.stdout.contains("<OLD>  The older revision"),
        "{}",
        r.stdout
    );
    let r = run(&root, &["render", "--help"]);
    assert!(
        r.stdout.contains("<TARGET>  The target to write"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("-o, --out <DIR>"), "{}", r.stdout);
    // The old spelling still works, hidden.
    let dir = tempfile::tempdir().unwrap();
    let model = run(&root, &["ingest", common::XLSX]).stdout;
    for spelling in ["--output", "--out", "-o"] {
        let out = dir.path().join(format!("m{spelling}.yaml"));
        let r = run(
            &root,
            &["ingest", common::XLSX, spelling, out.to_str().unwrap()],
        );
        assert_eq!(r.code, 0, "{spelling}: {}", r.stderr);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), model, "{spelling}");
    }
}

#[test]
fn completions_and_man_pages_come_from_the_definition() {
    let root = common::root();
    let r = run(&root, &["completions", "bash"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for word in [
        "oqs-catalog",
        "lookup",
        "--format",
        "completions",
        "--deny-warnings",
    ] {
        assert!(r.stdout.contains(word), "bash: {word}");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let r = run(&root, &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("lookup"), "{shell}");
    }
    assert_eq!(run(&root, &["completions", "tcsh"]).code, 2);

    let r = run(&root, &["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(".TH oqs-catalog 1"), "{}", r.stdout);
    assert!(r.stdout.contains("Exit status"), "{}", r.stdout);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    let r = run(&root, &["man", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = all_commands()
        .iter()
        .skip(1)
        .map(|c| format!("oqs-catalog-{}.1", c.get_name()))
        .collect();
    want.push("oqs-catalog.1".to_string());
    want.sort();
    assert_eq!(names, want);
    let lookup = std::fs::read_to_string(out.join("oqs-catalog-lookup.1")).unwrap();
    assert!(lookup.contains("1 nothing found"), "{lookup}");
    // Written only when the bytes change: a second run says nothing.
    let r = run(&root, &["man", "-o", out.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn ingest_prints_notes_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.yaml");
    let out = out.to_str().unwrap();
    let quiet = run(&common::root(), &["ingest", common::PDF, "-o", out]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    // Notes change nothing in the model, and the corrected 901 range is recorded in it.
    assert_eq!(quiet.stderr, "", "{}", quiet.stderr);
    let verbose = run(
        &common::root(),
        &["ingest", common::PDF, "-o", out, "--verbose"],
    );
    assert_eq!(verbose.code, 0, "{}", verbose.stderr);
    let notes = verbose
        .stderr
        .lines()
        .filter(|l| l.contains(": note: "))
        .count();
    assert_eq!(notes, 6, "{}", verbose.stderr);
    assert!(
        !verbose.stderr.contains("corrected by errata"),
        "{}",
        verbose.stderr
    );
}
