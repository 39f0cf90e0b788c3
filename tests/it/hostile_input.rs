//! Hostile input through the command line (issue 10, classes 6, 7 and 9): file names made from
//! content, text that a terminal would obey, FIFOs and devices named as input, YAML tags and
//! aliases, oversized YAML, and an exit status that disagrees with what was printed.

use std::path::Path;
use std::time::Duration;

use crate::common::{
    self, mkfifo, model_text, run, run_bounded, scratch, snapshot, HEADER, ROW, TITLE,
};

const LIMIT: Duration = Duration::from_secs(20);

/// The committed 1.20 model with its `document.version` replaced.
fn model_with_version(version: &str) -> String {
    let text = model_text();
    assert!(
        text.contains("\n  version: '1.20'\n"),
        "the model's version line moved"
    );
    text.replacen(
        "\n  version: '1.20'\n",
        &format!("\n  version: '{version}'\n"),
        1,
    )
}

#[test]
fn diff_never_names_a_file_outside_its_folder() {
    for bad in [
        "../escaped",
        "/tmp/oqs-escaped",
        "1.20/../../escaped",
        "..",
        "1..2",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.yaml"), model_with_version("1.20")).unwrap();
        std::fs::write(dir.path().join("new.yaml"), model_with_version(bad)).unwrap();
        std::fs::create_dir(dir.path().join("out")).unwrap();
        let before = snapshot(dir.path());
        let r = run(
            dir.path(),
            &["diff", "old.yaml", "new.yaml", "--out", "out"],
        );
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "new.yaml: document.version: `{bad}` is not a version"
            )),
            "{bad}: {}",
            r.stderr
        );
        assert!(
            snapshot(dir.path()) == before,
            "{bad}: something was written"
        );
        for name in ["..1.20.ja.md", "..1.20.en.md", "..1.20.json"] {
            assert!(!Path::new(&format!("/tmp/oqs-escaped{name}")).exists());
        }
        // The model loader refuses it wherever a model is read.
        let r = run(dir.path(), &["lookup", "0x03000001", "--in", "new.yaml"]);
        assert_eq!(r.code, 2, "{bad}");
        assert!(r.stderr.contains("is not a version"), "{}", r.stderr);
    }
}

/// Cell text, a sheet name and a file name that try to drive the terminal: clear the screen,
/// set the window title, ring the bell, reverse the text (Trojan Source), a C1 CSI.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}警告\u{202e}exe.txt\u{9b}31m";

fn assert_escaped(what: &str, out: &str) {
    for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!out.contains(raw), "{what}: raw {raw:?} in {out:?}");
    }
    // Markdown adds its own escapes (`\\[`) between them; each control is shown escaped.
    for shown in ["\\u{1b}", "\\u{7}", "\\u{202e}", "\\u{9b}"] {
        assert!(out.contains(shown), "{what}: no {shown} in {out}");
    }
}

#[test]
fn text_from_the_input_reaches_the_terminal_escaped() {
    let dir = scratch();
    std::fs::remove_file(dir.path().join("input/errata.yaml")).unwrap();
    let mut row = ROW.to_vec();
    let cause = format!("・{HOSTILE}");
    row[5] = &cause;
    let mut header = HEADER.to_vec();
    header.push(HOSTILE); // an unknown column: `lint` quotes its caption
    row.push("x");
    let book = common::xlsx(&[("一覧", vec![vec![TITLE], header, row])]);
    std::fs::write(dir.path().join("hostile.xlsx"), &book).unwrap();

    let r = run(
        dir.path(),
        &["lookup", "0x03000001", "--in", "hostile.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_escaped("lookup stdout", &r.stdout);

    let r = run(dir.path(), &["lint", "hostile.xlsx"]);
    assert_escaped("lint", &r.stdout);

    std::fs::write(dir.path().join("plain.xlsx"), common::revision_xlsx("1.20")).unwrap();
    let r = run(dir.path(), &["diff", "plain.xlsx", "hostile.xlsx"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_escaped("diff md", &r.stdout);

    // Data stays data: JSON escapes ESC its own way and keeps the rest as written.
    let r = run(dir.path(), &["ingest", "hostile.xlsx", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["codes"][0]["entries"][0]["cause"], cause.as_str());

    // A file name in an error message, and an argument in clap's own message.
    let name = format!("{HOSTILE}.pdf");
    std::fs::write(dir.path().join(&name), "not a pdf").unwrap();
    let r = run(dir.path(), &["ingest", &name]);
    assert_eq!(r.code, 2);
    assert_escaped("error", &r.stderr);
    let r = run(dir.path(), &["diff", "a", "b", "--format", HOSTILE]);
    assert_eq!(r.code, 2);
    // clap strips ANSI sequences itself when it renders as plain text; what it keeps is
    // escaped.
    for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!r.stderr.contains(raw), "raw {raw:?} in {:?}", r.stderr);
    }
    assert!(r.stderr.contains("invalid value '"), "{}", r.stderr);
    assert!(
        r.stderr.contains("\\u{202e}exe.txt\\u{9b}31m"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_huge_value_in_a_message_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "A".repeat(2_000_000);
    let model = model_text().replacen(
        "message_id: '0x03000001'",
        &format!("message_id: '0x{huge}'"),
        1,
    );
    std::fs::write(dir.path().join("m.yaml"), model).unwrap();
    let r = run(dir.path(), &["lookup", "0x03000001", "--in", "m.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: m.yaml:"),
        "{}",
        &r.stderr[..200]
    );
    assert!(r.stderr.len() < 2_000, "{} bytes", r.stderr.len());
    assert!(r.stderr.contains("more characters)"), "{}", r.stderr);

    let names = format!("contacts:\n  ベンダー: {}\n", "v".repeat(2_000_000));
    let dir = scratch();
    std::fs::write(dir.path().join("input/names.yaml"), names).unwrap();
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.len() < 2_000, "{} bytes", r.stderr.len());
    assert!(
        r.stderr.contains("is not an ASCII identifier"),
        "{}",
        r.stderr
    );
}

#[test]
fn ingest_fails_when_it_printed_an_error() {
    let dir = scratch();
    // Without its erratum, 1.20's seven-digit message ID is an error.
    std::fs::remove_file(dir.path().join("input/errata.yaml")).unwrap();
    let r = run(dir.path(), &["ingest", common::XLSX]);
    assert!(r.stderr.contains(": error: "), "{}", r.stderr);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "a model was printed");
    assert!(
        r.stderr.contains("1 source defect above; no model written"),
        "{}",
        r.stderr
    );
    let out = dir.path().join("model.yaml");
    let r = run(
        dir.path(),
        &["ingest", common::XLSX, "-o", out.to_str().unwrap()],
    );
    assert_eq!(r.code, 2);
    assert!(!out.exists());
    // With it, the same file ingests with exit 0 and no error printed.
    let r = run(&common::root(), &["ingest", common::XLSX]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
}

#[test]
fn only_regular_files_are_read() {
    // A FIFO as a source, alone in its revision folder: it would block a reader forever.
    let dir = scratch();
    let rev = dir.path().join("input/1.20");
    for e in std::fs::read_dir(&rev).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    mkfifo(&rev.join("catalog.pdf"));
    let before = snapshot(&dir.path().join("generated"));
    let r = run_bounded(dir.path(), &["build"], LIMIT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("input/1.20/catalog.pdf: is a FIFO, not a regular file"),
        "{}",
        r.stderr
    );
    assert!(snapshot(&dir.path().join("generated")) == before);
    let r = run_bounded(dir.path(), &["ingest", "input/1.20/catalog.pdf"], LIMIT);
    assert_eq!(r.code, 2, "{}", r.stderr);

    // A device (endless bytes) behind a link named like a source.
    let dir = scratch();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.pdf")).unwrap();
    let r = run_bounded(dir.path(), &["ingest", "zero.pdf"], LIMIT);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("zero.pdf: is a character device, not a regular file"),
        "{}",
        r.stderr
    );

    // The YAML inputs: names, errata, and a model given to lookup.
    for file in ["input/names.yaml", "input/errata.yaml"] {
        let dir = scratch();
        std::fs::remove_file(dir.path().join(file)).unwrap();
        mkfifo(&dir.path().join(file));
        let r = run_bounded(dir.path(), &["build"], LIMIT);
        assert_eq!(r.code, 2, "{file}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{file}: is a FIFO")),
            "{file}: {}",
            r.stderr
        );
    }
    let dir = scratch();
    mkfifo(&dir.path().join("model.yaml"));
    let r = run_bounded(
        dir.path(),
        &["lookup", "0x00000001", "--in", "model.yaml"],
        LIMIT,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("model.yaml: is a FIFO"), "{}", r.stderr);
}

#[test]
fn yaml_tags_are_errors_with_their_position() {
    let cases = [
        (
            "input/names.yaml",
            "contacts:\n  ベンダー: !!binary VmVuZG9y\n",
            "input/names.yaml:2:9: YAML tag `!!binary` is not accepted",
        ),
        (
            "input/errata.yaml",
            "errata:\n  - !erratum\n    version: '1.20'\n",
            "input/errata.yaml:2:5: YAML tag `!erratum` is not accepted",
        ),
    ];
    for (file, text, expected) in cases {
        let dir = scratch();
        std::fs::write(dir.path().join(file), text).unwrap();
        common::assert_refused(dir.path(), &["build"], &[expected]);
    }
    let dir = tempfile::tempdir().unwrap();
    let model = model_text().replacen("  title: ", "  title: !!str ", 1);
    std::fs::write(dir.path().join("m.yaml"), model).unwrap();
    let r = run(dir.path(), &["lookup", "0x03000001", "--in", "m.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("YAML tag `!!str` is not accepted"),
        "{}",
        r.stderr
    );
}

#[test]
fn yaml_costs_are_bounded() {
    // The billion laughs, shaped so that every alias is deserialized: a 10 KB contact name
    // repeated 100 times per entry, entries repeated 100 times per code, codes 100 times:
    // 10 GB of names from 12 KB of text.
    let model = model_text();
    let head = &model[..model.find("codes:\n").unwrap()];
    let first = format!(
        "&code {{code: '001', title: &s {}, entries: [&entry {{contacts: [{}], at: {{page: 1}}}}, {}]}}",
        "ha".repeat(5000),
        vec!["{name: *s}"; 100].join(", "),
        vec!["*entry"; 99].join(", "),
    );
    let laughs = format!("{head}codes: [{first}, {}]\n", vec!["*code"; 99].join(", "));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("laughs.yaml"), &laughs).unwrap();
    let r = run_bounded(
        dir.path(),
        &["lookup", "0x00000001", "--in", "laughs.yaml"],
        LIMIT,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("laughs.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("YAML aliases repeat"), "{}", r.stderr);

    // One level is enough in names.yaml: a long name given to a thousand contacts.
    let mut names = format!("tags:\n  x: &s {}\ncontacts:\n", "Y".repeat(100_000));
    for i in 0..1000 {
        names.push_str(&format!("  n{i}: *s\n"));
    }
    let dir = scratch();
    std::fs::write(dir.path().join("input/names.yaml"), &names).unwrap();
    let r = run_bounded(dir.path(), &["build"], LIMIT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("input/names.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("YAML aliases repeat"), "{}", r.stderr);

    // More than the size limit: refused before it is parsed.
    let mut big = String::from("contacts:\n");
    while big.len() <= 8 << 20 {
        big.push_str("  # padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(dir.path().join("input/names.yaml"), &big).unwrap();
    let r = run_bounded(dir.path(), &["build"], LIMIT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("input/names.yaml: ")
            && r.stderr.contains("bytes, more than the 8388608 bytes"),
        "{}",
        r.stderr
    );
}

/// What `fuzz/fuzz_targets/yaml_inputs.rs` found, each kept under `tests/regressions/` as the
/// YAML it rendered, with the loader it went to and the error it must now give.
#[test]
fn yaml_fuzz_findings_stay_fixed() {
    use oqs_catalog::model::{identifiers::Published, names::Names, yaml};
    use oqs_catalog::normalize::errata::Errata;
    let cases: [(&str, &str, &str); 1] = [(
        // libyaml's time grew with depth × length: 1,790 nested `[` took 1 s under the
        // fuzzer, 40,000 took 30 s.
        "yaml-deep-flow-nesting.yaml",
        "errata",
        "errata.yaml:1:73: YAML nested more than 64 levels deep",
    )];
    let dir = common::root().join("tests/regressions");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("yaml-"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = cases.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk, "every YAML finding has a case here");
    for (file, loader, expected) in cases {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let name = format!("{loader}.yaml");
        let err = match loader {
            "model" => yaml::load(&name, &text).err(),
            "names" => Names::parse(&name, &text).err(),
            "errata" => Errata::parse(&name, &text).err(),
            "identifiers" => Published::parse(&name, &text).err(),
            other => panic!("unknown loader {other}"),
        }
        .unwrap_or_else(|| panic!("{file} loads"));
        assert!(err.to_string().starts_with(expected), "{file}: {err}");
    }
}
