//! The command line as a user runs it: exit codes, messages naming the file and the place, and
//! `generated/` untouched by a failed build.

use crate::common;

use common::{run, scratch, snapshot, xlsx, HEADER, ROW, TITLE};

/// Replaces the 1.20 sources of a scratch project with one bad file, runs `build`, and checks
/// exit 2, a message containing each of `expect`, no panic text, and generated/ unchanged.
fn build_fails_cleanly(file_name: &str, bytes: &[u8], expect: &[&str]) {
    let dir = scratch();
    let rev = dir.path().join("input/1.20");
    for e in std::fs::read_dir(&rev).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    std::fs::write(rev.join(file_name), bytes).unwrap();
    let before = snapshot(&dir.path().join("generated"));
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 2, "exit code; stderr: {}", r.stderr);
    for e in expect {
        assert!(r.stderr.contains(e), "stderr lacks {e:?}: {}", r.stderr);
    }
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(
        r.stderr.trim().lines().count(),
        1,
        "one message: {}",
        r.stderr
    );
    assert_eq!(
        before,
        snapshot(&dir.path().join("generated")),
        "generated/ changed"
    );

    // The same file through `ingest` fails the same way.
    let path = format!("input/1.20/{file_name}");
    let r = run(dir.path(), &["ingest", &path]);
    assert_eq!(r.code, 2, "ingest exit code; stderr: {}", r.stderr);
    assert!(r.stderr.contains(&path), "{}", r.stderr);
}

#[test]
fn not_a_spreadsheet() {
    build_fails_cleanly(
        "catalog.xlsx",
        b"this is plain text, not a workbook",
        &["input/1.20/catalog.xlsx", "not a spreadsheet"],
    );
    // A ZIP that is not a workbook.
    build_fails_cleanly(
        "catalog.xlsx",
        b"PK\x03\x04 truncated zip",
        &["input/1.20/catalog.xlsx", "not a readable xlsx workbook"],
    );
}

#[test]
fn empty_file() {
    build_fails_cleanly(
        "catalog.xlsx",
        b"",
        &["input/1.20/catalog.xlsx: the file is empty"],
    );
}

#[test]
fn sheet_without_the_expected_header_lists_missing_columns() {
    let mut header = HEADER.to_vec();
    header.remove(4); // メッセージID
    header.remove(4); // 原因
    let bytes = xlsx(&[("一覧", vec![vec![TITLE], header, ROW.to_vec()])]);
    build_fails_cleanly(
        "catalog.xlsx",
        &bytes,
        &["input/1.20/catalog.xlsx: 一覧!A2", "メッセージID, 原因"],
    );
    // No header-like row at all.
    let bytes = xlsx(&[("一覧", vec![vec![TITLE], vec!["a", "b"], vec!["c"]])]);
    build_fails_cleanly(
        "catalog.xlsx",
        &bytes,
        &[
            "input/1.20/catalog.xlsx: sheet 一覧",
            "no table header found",
        ],
    );
}

#[test]
fn title_without_version() {
    let bytes = xlsx(&[(
        "一覧",
        vec![
            vec!["セットアップ時における顔認証付きカードリーダー表示のメッセージID別問い合わせ先一覧"],
            HEADER.to_vec(),
            ROW.to_vec(),
        ],
    )]);
    build_fails_cleanly(
        "catalog.xlsx",
        &bytes,
        &[
            "input/1.20/catalog.xlsx: 一覧!A1",
            "no version in the title line",
        ],
    );
}

#[test]
fn header_without_rows() {
    let bytes = xlsx(&[("一覧", vec![vec![TITLE], HEADER.to_vec()])]);
    build_fails_cleanly(
        "catalog.xlsx",
        &bytes,
        &["一覧!A2", "has a header but no rows"],
    );
}

#[test]
fn code_appearing_twice() {
    let mut again = ROW.to_vec();
    again[4] = "0x03000002";
    let bytes = xlsx(&[(
        "一覧",
        vec![
            vec![TITLE],
            HEADER.to_vec(),
            ROW.to_vec(),
            {
                let mut other = ROW.to_vec();
                other[0] = "002";
                other
            },
            again,
        ],
    )]);
    build_fails_cleanly(
        "catalog.xlsx",
        &bytes,
        &["一覧!A5", "code 001 appears a second time", "一覧!A3"],
    );
}

#[test]
fn missing_file_and_directory_and_unsupported_format() {
    let dir = scratch();
    let r = run(dir.path(), &["ingest", "input/1.20/nope.xlsx"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.trim(), "error: input/1.20/nope.xlsx: no such file");
    let r = run(dir.path(), &["ingest", "input/1.20"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("input/1.20: is a directory"),
        "{}",
        r.stderr
    );
    std::fs::write(dir.path().join("catalog.csv"), "a,b\n").unwrap();
    let r = run(dir.path(), &["ingest", "catalog.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("catalog.csv: unsupported format `.csv`"),
        "{}",
        r.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch();
    let r = run(dir.path(), &["no-such-command"]);
    assert_eq!(r.code, 2);
    let r = run(dir.path(), &["lookup", "xyz"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`xyz` is not a message ID"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_name_missing_from_names_yaml_stops_build() {
    let dir = scratch();
    let names = dir.path().join("input/names.yaml");
    let text = std::fs::read_to_string(&names).unwrap();
    let text = text.replace("  ネットワーク設定ベンダー: NetworkVendor\n", "");
    std::fs::write(&names, text).unwrap();
    common::assert_refused(
        dir.path(),
        &["build"],
        &[
            "input/names.yaml: no identifier for contacts 「ネットワーク設定ベンダー」",
            "under `contacts:`",
        ],
    );
}

#[test]
fn an_uncorrected_malformed_id_stops_build_and_lint_names_the_cell() {
    let dir = scratch();
    std::fs::write(dir.path().join("input/errata.yaml"), "errata: []\n").unwrap();
    common::assert_refused(
        dir.path(),
        &["build"],
        &["message-id-contacts-1.20.pdf: page 4, table row 7, column 5: error: malformed message ID 「0xF0000000~ 0xF7FFFFF」"],
    );
    let r = run(dir.path(), &["lint", common::XLSX]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("一覧!E52"), "{}", r.stdout);
}

#[test]
fn lint_reports_the_901_range_as_corrected() {
    let r = run(&common::root(), &["lint", common::XLSX]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "一覧!E52: note: corrected by errata: malformed message ID 「0xF0000000~ 0xF7FFFFF」"
        ),
        "{}",
        r.stdout
    );
    // A corrected defect is counted as what it is reported as: a note, not an error.
    assert!(
        r.stdout.contains("0 errors, 0 warnings, 1 notes"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("28 codes, 93 entries"), "{}", r.stdout);
}

#[test]
fn lint_reports_unknown_columns_and_keeps_their_values() {
    let mut header = HEADER.to_vec();
    header.push("備考");
    let mut row = ROW.to_vec();
    row.push("参考情報");
    let dir = scratch();
    // The project's erratum of 1.20 matches no cell of this one-row workbook: an error that
    // would make `ingest` fail.
    std::fs::remove_file(dir.path().join("input/errata.yaml")).unwrap();
    let path = dir.path().join("extra.xlsx");
    std::fs::write(&path, xlsx(&[("一覧", vec![vec![TITLE], header, row])])).unwrap();
    let r = run(dir.path(), &["lint", "extra.xlsx"]);
    assert!(
        r.stdout
            .contains("extra.xlsx: 一覧!I2: warning: unknown column 「備考」"),
        "{}",
        r.stdout
    );
    let r = run(dir.path(), &["ingest", "extra.xlsx", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["codes"][0]["entries"][0]["extra"]["備考"], "参考情報");
}

#[test]
fn lookup_prints_every_entry_of_a_shared_id() {
    let r = run(&common::root(), &["lookup", "0x04000001"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("0x04000001: 4 entries in revision 1.20"),
        "{}",
        r.stdout
    );
    for code in ["\n004 ", "\n005 ", "\n902 "] {
        assert!(r.stdout.contains(code), "{code}: {}", r.stdout);
    }
    let r = run(
        &common::root(),
        &["lookup", "f0301d00", "--in", common::XLSX],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("0xF0301D00: 3 entries"),
        "{}",
        r.stdout
    );
    let r = run(
        &common::root(),
        &["lookup", "0x04000001", "--version", "9.99"],
    );
    assert_eq!(r.code, 2);
}

#[test]
fn ingest_json_has_the_yaml_structure() {
    let root = common::root();
    let y = run(&root, &["ingest", common::XLSX]);
    let j = run(&root, &["ingest", common::XLSX, "--format", "json"]);
    assert_eq!((y.code, j.code), (0, 0));
    let from_yaml: serde_json::Value = serde_yaml::from_str(&y.stdout).unwrap();
    let from_json: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(from_yaml, from_json);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let r = run(
        &root,
        &[
            "ingest",
            common::XLSX,
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0);
    assert_eq!(std::fs::read_to_string(out).unwrap(), j.stdout);
}

#[test]
fn grid_prints_cells_with_spans_and_references() {
    let r = run(&common::root(), &["grid", common::XLSX]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let page = &v["pages"][0];
    assert_eq!(page["page"], 1);
    assert_eq!(page["sheet"], "一覧");
    let cells = page["tables"][0]["cells"].as_array().unwrap();
    let a83 = cells
        .iter()
        .find(|c| c["ref"] == "A83")
        .expect("906's code cell");
    assert_eq!(
        (a83["text"].as_str(), a83["rowspan"].as_u64()),
        (Some("906"), Some(12))
    );
}

/// `lint` of a PDF lists, as notes, the line ends that only the marker, note and caption rules
/// decided (a full line, no tags): in the 1.20 fixture six, among them 006's
/// 「…失効・有効期限切れ】」, where a wrap put ・ first on a line. A tagged PDF has none, and
/// `build` prints none.
#[test]
fn lint_notes_the_line_ends_the_pdf_cannot_decide() {
    let r = run(&common::root(), &["lint", common::PDF]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let notes: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(": note: ") && !l.contains("corrected by errata"))
        .collect();
    assert_eq!(notes.len(), 6, "{}", r.stdout);
    assert!(
        notes.iter().any(|n| n.starts_with(
            "input/1.20/message-id-contacts-1.20.pdf: page 1, table row 12, column 3: note: \
             after line 4, which fills the cell, 「・有効期限切れ】…」 is read as a wrap"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("0 errors, 0 warnings, 7 notes"),
        "{}",
        r.stdout
    );
    let tagged = run(&common::root(), &["lint", "tests/data/chromium-1.20.pdf"]);
    assert_eq!(tagged.code, 0, "{}", tagged.stderr);
    // The tagged PDF leaves no line end to guess: its one note is the corrected 901 range.
    assert!(tagged.stdout.contains(", 1 notes"), "{}", tagged.stdout);

    let dir = scratch();
    let build = run(dir.path(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("note:"), "{}", build.stderr);
}
