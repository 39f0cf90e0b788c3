//! `lint`: its report as text and as JSON with structured locations, and what it says of
//! unknown columns.

use crate::common;

use common::{run, scratch, xlsx, HEADER, ROW, TITLE};
use serde_json::{json, Value};

fn lint_json(dir: &std::path::Path, file: &str) -> (i32, Value) {
    let r = run(dir, &["lint", file, "--format", "json"]);
    let v = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    (r.code, v)
}

/// The diagnostic whose message starts with `start`.
fn find<'v>(report: &'v Value, start: &str) -> &'v Value {
    report["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.starts_with(start)))
        .unwrap_or_else(|| panic!("no diagnostic {start:?} in {report:#}"))
}

#[test]
fn lint_json_gives_a_sheet_cell_as_sheet_and_reference() {
    let (code, v) = lint_json(&common::root(), common::XLSX);
    assert_eq!(code, 0, "{v:#}");
    let d = find(&v, "malformed message ID 「0xF0000000~ 0xF7FFFFF」");
    assert_eq!(
        d["at"],
        json!({"file": common::XLSX, "kind": "cell", "sheet": "一覧", "cell": "E52"})
    );
    assert_eq!(d["severity"], "error");
    assert!(d["corrected"].as_str().is_some(), "{d:#}");
    assert_eq!(
        (v["codes"].as_u64(), v["entries"].as_u64()),
        (Some(28), Some(93))
    );
    assert_eq!(v["errors"], 0);
    assert_eq!(v["chars_read"], v["chars_placed"]);
}

#[test]
fn lint_json_gives_a_pdf_cell_as_page_row_column_and_box() {
    let dir = scratch();
    std::fs::write(dir.path().join("input/errata.yaml"), "errata: []\n").unwrap();
    let (code, v) = lint_json(dir.path(), common::PDF);
    assert_eq!(code, 2, "an uncorrected error: {v:#}");
    let d = find(&v, "malformed message ID");
    let at = &d["at"];
    assert_eq!(
        (
            &at["file"],
            &at["kind"],
            &at["page"],
            &at["row"],
            &at["column"]
        ),
        (
            &json!(common::PDF),
            &json!("page"),
            &json!(4),
            &json!(7),
            &json!(5)
        ),
        "{at:#}"
    );
    let bbox: Vec<f64> = serde_json::from_value(at["bbox"].clone()).expect("a box");
    assert!(
        bbox.len() == 4 && bbox[0] < bbox[2] && bbox[1] < bbox[3],
        "{bbox:?}"
    );
    assert!(d.get("corrected").is_none(), "{d:#}");
    assert_eq!(v["errors"], 1);
}

/// The JSON report holds what the text report says, figure for figure.
#[test]
fn lint_json_and_text_agree() {
    let text = run(&common::root(), &["lint", common::PDF]);
    let (code, v) = lint_json(&common::root(), common::PDF);
    assert_eq!(code, text.code);
    let lines: Vec<&str> = text.stdout.lines().collect();
    let diagnostics = v["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(lines.len(), diagnostics.len() + 1, "{}", text.stdout);
    for (line, d) in lines.iter().zip(diagnostics) {
        let at = d["at"]["file"].as_str().unwrap();
        let message = d["message"].as_str().unwrap();
        assert!(
            line.starts_with(at) && line.contains(message),
            "{line} vs {d:#}"
        );
    }
    let summary = format!(
        "{} characters read, {} placed; {} errors, {} warnings, {} notes",
        v["chars_read"], v["chars_placed"], v["errors"], v["warnings"], v["notes"]
    );
    assert!(lines.last().unwrap().ends_with(&summary), "{}", text.stdout);
    // Six line ends only guessed, and the 901 range the erratum corrects.
    assert_eq!(v["notes"], 7, "{v:#}");
}

/// Two columns captioned 備考: both values are kept, the second under 「備考 (2)」, and each
/// caption is named by its cell.
#[test]
fn two_unknown_columns_with_one_caption_keep_both_values() {
    let mut header = HEADER.to_vec();
    header.extend(["備考", "備考"]);
    let mut row = ROW.to_vec();
    row.extend(["一つ目", "二つ目"]);
    let dir = scratch();
    std::fs::remove_file(dir.path().join("input/errata.yaml")).unwrap();
    std::fs::write(
        dir.path().join("extra.xlsx"),
        xlsx(&[("一覧", vec![vec![TITLE], header, row])]),
    )
    .unwrap();
    let r = run(dir.path(), &["lint", "extra.xlsx"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("extra.xlsx: 一覧!I2: warning: unknown column 「備考」: its values"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "extra.xlsx: 一覧!J2: warning: unknown column 「備考」 a second time in this header: \
             its values are kept under extra as 「備考 (2)」"
        ),
        "{}",
        r.stdout
    );
    let r = run(dir.path(), &["ingest", "extra.xlsx", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["codes"][0]["entries"][0]["extra"],
        json!({"備考": "一つ目", "備考 (2)": "二つ目"})
    );
}
