//! The history of message IDs over a series of four revisions: 1.20 (the project's own
//! sources) and 1.21–1.23 made from its spreadsheet by editing cells, rows and merges. Each
//! case below is asked of every place that answers it: `history` (text and JSON), `lookup`,
//! the JSON target, the Rust crate (its tests and doctests), the C target (a test program)
//! and the HTML page (structure here, the browser in `html_browser.rs`).
//!
//! | ID | what happens |
//! |---|---|
//! | 0x040000A0 | added in 1.21 under 003 |
//! | 0x81000005 | cause changed in 1.21, action in 1.23 |
//! | 0x04000010 | moved from 005 to 006 in 1.22 |
//! | 0x8100000C | removed from 016 in 1.21, re-added in 1.23 |
//! | 0x8100000E | removed from 017 in 1.22: a tombstone |
//! | 0xF0301D00 | inside 901's range: printed form corrected in 1.21, error type changed in 1.22 |
//! | 0x81000015 | its row and the next of 012 swapped in 1.23 |

use std::path::Path;

use serde_json::Value;

use crate::common;
use crate::common::book::{base_book, Book};

pub const ADDED: &str = "0x040000A0";
pub const CHANGED: &str = "0x81000005";
pub const MOVED: &str = "0x04000010";
pub const BACK: &str = "0x8100000C";
pub const GONE: &str = "0x8100000E";
pub const IN_RANGE: &str = "0xF0301D00";
pub const REORDERED: &str = "0x81000015";

/// A project of four revisions, built (`generated/` written); see the module doc.
pub fn build_series() -> tempfile::TempDir {
    let dir = common::scratch();
    let mut book = base_book();
    let title = book.find_text_prefix("セットアップ時における").text.clone();
    // The 0x8100000C row as 1.20 prints it (error type, ID, cause, action), for 1.23.
    let row = book.row_of(BACK);
    let back: Vec<(usize, String)> = (3..=6)
        .map(|col| {
            let cells = book.cells();
            let c = cells
                .iter()
                .find(|c| c.row == row && c.col == col)
                .expect("a cell of the 0x8100000C row");
            (col, c.text.clone())
        })
        .collect();
    let save = |book: &mut Book, version: &str| {
        book.find_text_prefix("セットアップ時における").text =
            title.replace("1.20版", &format!("{version}版"));
        let rev = dir.path().join("input").join(version);
        std::fs::create_dir_all(&rev).expect("revision folder");
        book.write(&rev, &format!("message-id-contacts-{version}.xlsx"));
    };

    // 1.21: the range printed right, a new ID under 003, 011's cause edited, 0x8100000C gone.
    book.find_text("0xF0000000~ 0xF7FFFFF").text = "0xF0000000~0xF7FFFFFF".to_string();
    let first_003 = book.row_of("0x04000011");
    book.insert_row(
        first_003,
        &[
            (3, "PIN認証に失敗し、試行可能回数が3回残っている"),
            (4, ADDED),
            (5, "・マイナンバーカードの暗証番号を誤り残り3回になった"),
            (6, "・暗証番号認証で正しい暗証番号を入力して確認する"),
        ],
    );
    let cause = book.find_text_prefix("・LANケーブルが抜けた");
    cause.text = cause
        .text
        .replace("LANケーブルが抜けた", "LANケーブルが外れた");
    let row = book.row_of(BACK);
    book.remove_row(row);
    save(&mut book, "1.21");

    // 1.22: 0x04000010 moves from 005 to 006, 0x8100000E goes, 901's error type changes.
    book.move_last_row_down("005");
    let row = book.row_of(GONE);
    book.remove_row(row);
    let range_type = book.find_text_prefix("内部エラー\n(オンライン資格確認等システムでエラー)");
    range_type.text = "内部エラー\n(オンライン資格確認等システムで障害)".to_string();
    save(&mut book, "1.22");

    // 1.23: 011's action edited, 0x8100000C back under 016 where it was, 012's rows swapped.
    let action = book.find_text_prefix("・院内ネットワークのLANケーブルの接続状況を確認");
    action.text = action.text.replace("接続状況を確認", "接続状況を確かめる");
    let after = book.row_of("0x8100000A");
    let values: Vec<(usize, &str)> = back.iter().map(|(c, t)| (*c, t.as_str())).collect();
    book.insert_row(after, &values);
    let first = book.row_of(REORDERED);
    for c in book.cells().iter_mut() {
        if (3..=6).contains(&c.col) && c.rowspan == 1 && (c.row == first || c.row == first + 1) {
            c.row = if c.row == first { first + 1 } else { first };
        }
    }
    save(&mut book, "1.23");

    let build = common::run(dir.path(), &["build"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    // `scripts/bench-history.sh` keeps a copy of the project to time `build` on.
    if let Some(out) = std::env::var_os("OQS_SERIES_OUT") {
        common::copy_dir(dir.path(), Path::new(&out));
    }
    dir
}

fn history_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["history"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let run = common::run(dir, &all);
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    (run.code, v)
}

/// The events of a history JSON as `version kind code field`.
fn events(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for step in v["steps"].as_array().expect("steps") {
        for e in step["events"].as_array().expect("events") {
            out.push(format!(
                "{} {} {} {}",
                step["to"].as_str().unwrap_or(""),
                e["kind"].as_str().unwrap_or(""),
                e["change"]["code"].as_str().unwrap_or("-"),
                e["change"]["field"].as_str().unwrap_or("")
            ));
        }
    }
    out
}

/// `CODE since V changed V,V` of a JSON entry (`since`, `changed_in`) under `code`.
fn life(code: &Value, entry: &Value) -> String {
    let changed: Vec<&str> = entry["changed_in"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    format!(
        "{} since {} changed {}",
        code.as_str().unwrap_or(""),
        entry["since"].as_str().unwrap_or(""),
        changed.join(",")
    )
}

/// `since` and `changed_in` of the entries of the newest revision in a history JSON.
fn newest_lives(v: &Value) -> Vec<String> {
    let newest = v["revisions"]
        .as_array()
        .and_then(|r| r.last())
        .expect("revisions");
    newest["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| life(&e["ref"]["code"], &e["entry"]))
        .collect()
}

/// The `since`/`changed_in` of the JSON target's entries with message ID value `id`.
fn target_lives(data: &Value, id: u32) -> Vec<String> {
    let mut out = Vec::new();
    for code in data["codes"].as_array().expect("codes") {
        for e in code["entries"].as_array().expect("entries") {
            let (first, last) = match &e["message_id"] {
                Value::String(s) => (s.clone(), s.clone()),
                Value::Object(m) => (
                    m["first"].as_str().unwrap_or("").to_string(),
                    m["last"].as_str().unwrap_or("").to_string(),
                ),
                _ => continue,
            };
            if value(&first) <= id && id <= value(&last) {
                out.push(life(&code["code"], e));
            }
        }
    }
    out
}

fn value(id: &str) -> u32 {
    u32::from_str_radix(&id[2..], 16).expect("hex")
}

#[test]
fn the_history_of_a_series_agrees_everywhere() {
    let dir = build_series();
    let root = dir.path();

    // The crate's version: the tombstone items are in every crate, even one made from a single
    // revision, so they bump nothing; each step is minor (1.21 adds a constant and deprecates
    // one, 1.22 deprecates one, 1.23 takes a deprecation back).
    let manifest =
        std::fs::read_to_string(root.join("generated/rust/Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.lines().any(|l| l == "version = \"1.3.0\""),
        "{manifest}"
    );

    // `history`, JSON: events and lives.
    let expect: [(&str, &[&str], &[&str], i32); 7] = [
        (
            ADDED,
            &["1.21 added 003 entry"],
            &["003 since 1.21 changed "],
            0,
        ),
        (
            CHANGED,
            &["1.21 changed 011 cause", "1.23 changed 011 action"],
            &["011 since 1.20 changed 1.21,1.23"],
            0,
        ),
        (
            MOVED,
            &["1.22 moved 006 code"],
            &["006 since 1.20 changed 1.22"],
            0,
        ),
        (
            BACK,
            &["1.21 removed 016 entry", "1.23 re_added 016 entry"],
            &["016 since 1.23 changed "],
            0,
        ),
        (GONE, &["1.22 removed 017 entry"], &[], 1),
        (
            IN_RANGE,
            &[
                "1.21 corrected 901 message_id",
                "1.22 changed 901 error_type",
            ],
            &[
                "901 since 1.20 changed 1.21,1.22",
                "901 since 1.20 changed 1.21,1.22",
                "901 since 1.20 changed 1.21,1.22",
            ],
            0,
        ),
        (
            REORDERED,
            &["1.23 reordered 012 order"],
            &["012 since 1.20 changed "],
            0,
        ),
    ];
    let data: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("generated/json/oqs-messages.json")).expect("data"),
    )
    .expect("JSON");
    for (id, want_events, want_lives, code) in expect {
        let (exit, v) = history_json(root, &[id]);
        assert_eq!(exit, code, "history {id}");
        assert_eq!(v["format"], 1);
        assert_eq!(events(&v), want_events, "history {id}");
        assert_eq!(newest_lives(&v), want_lives, "history {id}");
        // The JSON target says the same of the newest revision's entries.
        assert_eq!(
            target_lives(&data, value(id)),
            want_lives,
            "JSON target {id}"
        );
    }
    let (_, v) = history_json(root, &[MOVED]);
    let moved = &v["steps"][1]["events"][0]["change"];
    assert_eq!(
        (moved["old"].as_str(), moved["new"].as_str()),
        (Some("005"), Some("006"))
    );
    let (_, v) = history_json(root, &[BACK]);
    assert_eq!(v["seen_in"], serde_json::json!(["1.20", "1.23"]));
    let (_, v) = history_json(root, &[GONE]);
    assert_eq!(
        v["removed"],
        serde_json::json!({"last_seen": "1.21", "removed_in": "1.22"})
    );

    // `history`, text.
    let text = common::run(root, &["history", BACK]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for needle in [
        "0x8100000C over 4 revisions, 1.20 to 1.23: listed in 1.20, 1.23\n",
        "\n1.21\n  removed    016 0x8100000C entry: 「資格が無効」",
        "\n1.22\n  (not listed)\n",
        "\n1.23\n  re-added   016 0x8100000C entry: 「資格が無効」",
        "since 1.23)",
    ] {
        assert!(
            text.stdout.contains(needle),
            "{needle:?} in\n{}",
            text.stdout
        );
    }
    let text = common::run(root, &["history", MOVED]);
    assert!(
        text.stdout
            .contains("moved      006 0x04000010 code: from 005 to 006"),
        "{}",
        text.stdout
    );
    let text = common::run(root, &["history", "--code", "017"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("removed    017 0x8100000E entry: 「保険者問合せでエラー」"),
        "{}",
        text.stdout
    );
    let never = common::run(root, &["history", "0x0BADBEEF"]);
    assert_eq!(never.code, 1);
    assert!(
        never.stdout.contains("not in any revision"),
        "{}",
        never.stdout
    );

    // `lookup`: found, removed, never.
    let found = common::run(root, &["lookup", BACK]);
    assert_eq!(found.code, 0, "{}", found.stderr);
    let gone = common::run(root, &["lookup", GONE]);
    assert_eq!(gone.code, 1);
    assert!(
        gone.stdout.starts_with(
            "0x8100000E: removed in 1.22; last in 1.21 under 017 保険者問合せでエラー\n"
        ),
        "{}",
        gone.stdout
    );
    assert!(gone
        .stdout
        .contains("・マイナンバーカードから、下記のエラーコードが返却"));
    let never = common::run(root, &["lookup", "0x0BADBEEF"]);
    assert_eq!(never.code, 1);
    assert!(
        never.stderr.contains("not in any revision"),
        "{}",
        never.stderr
    );
    let json = common::run(root, &["lookup", GONE, "--format", "json"]);
    assert_eq!(json.code, 1);
    let v: Value = serde_json::from_str(&json.stdout).expect("lookup JSON");
    assert_eq!(v["status"], "removed");
    assert_eq!(v["removed"]["removed_in"], "1.22");
    assert_eq!(v["removed"]["last_seen"], "1.21");
    assert_eq!(v["removed"]["entries"][0]["ref"]["code"], "017");
    let v: Value =
        serde_json::from_str(&common::run(root, &["lookup", CHANGED, "--format", "json"]).stdout)
            .expect("lookup JSON");
    assert_eq!(v["status"], "found");
    assert_eq!(v["entries"][0]["entry"]["since"], "1.20");
    assert_eq!(
        v["entries"][0]["entry"]["changed_in"],
        serde_json::json!(["1.21", "1.23"])
    );
    let v: Value = serde_json::from_str(
        &common::run(root, &["lookup", "0x0BADBEEF", "--format", "json"]).stdout,
    )
    .expect("lookup JSON");
    assert_eq!(v["status"], "not_found");

    // The JSON target's tombstones: 0x8100000E only (0x8100000C came back).
    let removed: Vec<String> = data["removed"]
        .as_array()
        .expect("removed")
        .iter()
        .map(|t| {
            format!(
                "{} {} {} {} {}",
                t["message_id"].as_str().unwrap_or(""),
                t["code"].as_str().unwrap_or(""),
                t["entry"]["error_type"].as_str().unwrap_or(""),
                t["last_seen"].as_str().unwrap_or(""),
                t["removed_in"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(removed, ["0x8100000E 017 保険者問合せでエラー 1.21 1.22"]);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("generated/json/oqs-messages.schema.json"))
            .expect("schema"),
    )
    .expect("schema JSON");
    let validator = common::validated(&schema, &data);
    let mut bad = data.clone();
    bad["removed"][0]["removed_in"] = Value::from("soon");
    assert!(
        !validator.is_valid(&bad),
        "a tombstone's version is checked"
    );
    let mut bad = data.clone();
    bad["codes"][0]["entries"][0]
        .as_object_mut()
        .expect("entry")
        .remove("since");
    assert!(!validator.is_valid(&bad), "an entry's since is required");

    // The HTML page: marks, folded histories, the removed section under the old anchors.
    let page = std::fs::read_to_string(root.join("generated/html/index.html")).expect("page");
    assert!(page.contains("id=\"003-0x040000A0\""), "the added row");
    assert!(page.contains("data-since=\"1.21\""));
    assert!(page.contains("data-changed-in=\"1.21 1.23\""));
    assert!(page.contains("<span class=\"since\">1.23版で追加</span>"));
    assert!(page.contains("<details class=\"history\"><summary>履歴</summary>"));
    assert!(page.contains(
        "<tr class=\"tombstone\" id=\"017-0x8100000E\" data-first=\"8100000E\" \
         data-last=\"8100000E\" data-last-seen=\"1.21\" data-removed-in=\"1.22\">"
    ));
    assert!(page.contains("<span id=\"0x8100000E\"></span>"));
    // Every link in every note names an element of the page, also those to removed rows.
    let ids: std::collections::BTreeSet<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let mut links = 0;
    for stem in ["1.20..1.21", "1.21..1.22", "1.22..1.23"] {
        let json = std::fs::read_to_string(root.join(format!("generated/changes/{stem}.json")))
            .expect("notes");
        let notes: Value = serde_json::from_str(&json).expect("notes JSON");
        for c in notes["changes"].as_array().expect("changes") {
            if let Some(a) = c["anchor"].as_str() {
                assert!(ids.contains(a), "{stem}: #{a} is no element of the page");
                links += 1;
            }
        }
    }
    assert!(links >= 5, "{links} links");
    assert!(ids.contains("017-0x8100000E"));

    c_target_agrees(root);
    rust_crate_agrees(root);
}

/// The C target: the generic check program over the newest model, and the answers for the
/// series' IDs from `oqs_lookup` and `oqs_lookup_removed`.
fn c_target_agrees(root: &Path) {
    let newest = oqs_catalog::app::Project::new(root)
        .generated_model(None)
        .expect("newest model");
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["oqs_messages.h", "oqs_messages.c"] {
        std::fs::copy(root.join("generated/c").join(f), dir.path().join(f)).expect("copy");
    }
    std::fs::write(dir.path().join("check.c"), common::c_check_program(&newest)).expect("write");
    let out = common::compile_and_run(
        dir.path(),
        common::Lang::C,
        &["oqs_messages.c", "check.c"],
        "check",
    );
    assert!(out.contains(" 0 failures"), "{out}");

    let ids = [ADDED, CHANGED, MOVED, BACK, GONE, IN_RANGE, "0x0BADBEEF"];
    let mut main = String::from(
        "#include <stdio.h>\n#include \"oqs_messages.h\"\n\nint main(void)\n{\n    \
         const oqs_entry *e[OQS_LOOKUP_MAX];\n    const oqs_tombstone *t[4];\n    size_t n, r;\n",
    );
    for id in ids {
        main.push_str(&format!(
            "    n = oqs_lookup({id}u, e, OQS_LOOKUP_MAX);\n    r = oqs_lookup_removed({id}u, t, 4);\n    \
             printf(\"{id} %lu %03u %lu\", (unsigned long)n, n ? (unsigned)e[0]->code : 0u, (unsigned long)r);\n    \
             if (r) printf(\" %03u %s %s\", (unsigned)t[0]->entry.code, t[0]->last_seen, t[0]->removed_in);\n    \
             printf(\"\\n\");\n"
        ));
    }
    main.push_str("    return 0;\n}\n");
    std::fs::write(dir.path().join("answers.c"), main).expect("write");
    let out = common::compile_and_run(
        dir.path(),
        common::Lang::C,
        &["oqs_messages.c", "answers.c"],
        "answers",
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "0x040000A0 1 003 0",
            "0x81000005 1 011 0",
            "0x04000010 1 006 0",
            "0x8100000C 1 016 0",
            "0x8100000E 0 000 1 017 1.21 1.22",
            "0xF0301D00 3 901 0",
            "0x0BADBEEF 0 000 0",
        ]
    );
}

/// The Rust crate, built in a scratch cargo project: a test of the series' answers, and the
/// crate's own doctests (whose `lookup_removed` example is made from the tombstone).
fn rust_crate_agrees(root: &Path) {
    let lib = std::fs::read_to_string(root.join("generated/rust/src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("/// let gone = lookup_removed(0x8100_000E).next().unwrap();"));
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_dir(&root.join("generated/rust"), dir.path());
    std::fs::create_dir_all(dir.path().join("tests")).expect("mkdir");
    std::fs::write(
        dir.path().join("tests/history.rs"),
        r#"use oqs_messages::*;

#[test]
fn answers() {
    assert_eq!(lookup(0x0400_00A0).next().map(|e| e.code.as_str()), Some("003"));
    assert_eq!(lookup(0x0400_0010).next().map(|e| e.code.as_str()), Some("006"));
    assert_eq!(lookup(0x8100_000C).next().map(|e| e.code.as_str()), Some("016"));
    assert_eq!(lookup(0xF030_1D00).count(), 3);
    assert_eq!(lookup(0x8100_000E).count(), 0);
    for id in [0x0400_00A0, 0x8100_0005, 0x0400_0010, 0x8100_000C, 0xF030_1D00, 0x0BAD_BEEF] {
        assert_eq!(lookup_removed(id).count(), 0, "{id:#X}");
    }
    let t: Vec<&Tombstone> = lookup_removed(0x8100_000E).collect();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].entry.code.as_str(), "017");
    assert_eq!(t[0].entry.error_type, Some("保険者問合せでエラー"));
    assert_eq!((t[0].last_seen, t[0].removed_in), ("1.21", "1.22"));
    assert_eq!(tombstones().len(), 1);
    #[allow(deprecated)]
    let gone = MSG_8100000E;
    assert_eq!(gone, MessageId::Single(0x8100_000E));
}
"#,
    )
    .expect("write");
    // Without features, then with `serde`, whose impls (the tombstone's too) must build
    // without warnings over data that has tombstones.
    for args in [
        &["test", "--offline", "--quiet"][..],
        &["test", "--offline", "--quiet", "--features", "serde"][..],
    ] {
        common::cargo_in_crate(dir.path(), "nested-history", args);
    }
}

/// Text of an earlier revision reaches the terminal escaped: `history` and `lookup` of a
/// removed ID whose last entry holds control and direction characters.
#[test]
fn history_and_lookup_escape_text_of_earlier_revisions() {
    const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}警告\u{202e}exe.txt\u{9b}31m";
    let dir = tempfile::tempdir().expect("temp dir");
    let models = dir.path().join("generated/catalog");
    std::fs::create_dir_all(&models).expect("mkdir");
    let mut old =
        oqs_catalog::model::yaml::load("1.20.yaml", &common::model_text()).expect("the 1.20 model");
    old.codes[0].entries[0].error_type = Some(HOSTILE.to_string());
    old.codes[0].title = format!("題{HOSTILE}");
    let mut new = old.clone();
    new.document.version = "1.21".to_string();
    new.codes[0].entries.remove(0);
    for c in [&old, &new] {
        let text = oqs_catalog::app::catalog_yaml(c).expect("YAML");
        std::fs::write(models.join(format!("{}.yaml", c.document.version)), text).expect("write");
    }
    for args in [
        &["history", "0x03000001"][..],
        &["lookup", "0x03000001"][..],
    ] {
        let r = common::run(dir.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("removed"), "{args:?}: {}", r.stdout);
        for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
            assert!(!r.stdout.contains(raw), "{args:?}: raw {raw:?}");
        }
        for shown in ["\\u{1b}[2J", "\\u{7}警告\\u{202e}exe.txt\\u{9b}31m"] {
            assert!(
                r.stdout.contains(shown),
                "{args:?}: {shown} in {}",
                r.stdout
            );
        }
    }
    // JSON keeps the data as data.
    let r = common::run(dir.path(), &["history", "0x03000001", "--format", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(
        v["revisions"][0]["entries"][0]["entry"]["error_type"],
        HOSTILE
    );
}
