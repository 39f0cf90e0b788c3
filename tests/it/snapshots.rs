//! Writer snapshots: every target and the change notes rendered from a small hand-made model
//! of two revisions (`tests/data/snapshot/`), compared with the files under
//! `tests/it/snapshots/`, so that a template or writer change is reviewed as a focused
//! snapshot rather than only as a large diff of `generated/`.
//!
//! A mismatch fails the test (insta writes the new version beside the snapshot as `.snap.new`;
//! with `CI` set it writes nothing). Snapshots change only on request: `cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test it snapshots::` and a look at the diff. Neither
//! `scripts/test.sh` nor `.ci/run` sets `INSTA_UPDATE`.

use crate::common;
use oqs_catalog::history::History;
use oqs_catalog::model::identifiers::Published;
use oqs_catalog::model::names::Names;
use oqs_catalog::model::{yaml, Catalog};
use oqs_catalog::render::rust_api::series;
use oqs_catalog::render::{self, Files, RenderInput};

const NAMES: &str = "contacts:\n  ベンダー: Vendor\n  コールセンター: CallCenter\n\
                     tags:\n  手順誤り: ProcedureError\n  障害: Failure\n";

fn catalogs() -> Vec<Catalog> {
    ["small-1.0.yaml", "small-1.1.yaml"]
        .iter()
        .map(|name| {
            let path = common::root().join("tests/data/snapshot").join(name);
            let text = std::fs::read_to_string(&path).expect("snapshot model");
            yaml::load(name, &text).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

/// Everything `build` would write from the two revisions (the targets and the notes).
fn rendered() -> Files {
    let catalogs = catalogs();
    let names = Names::parse("names.yaml", NAMES).unwrap_or_else(|e| panic!("{e}"));
    let identifiers = Published::default()
        .next(&names)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let series = series(&catalogs, &identifiers).expect("series");
    let mut files = render::render_all(RenderInput {
        catalogs: &catalogs,
        identifiers: &identifiers,
        series: &series,
        history: &History::new(&catalogs, &series.changes),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    files.extend(render::notes::files(&catalogs, &series).unwrap_or_else(|e| panic!("{e}")));
    files
}

/// Snapshots of the files under `dir`, named after their paths; licence texts are copied
/// files, not written, and left out.
fn snapshot_dir(files: &Files, dir: &str) {
    let mut seen = 0;
    for (path, bytes) in files.range(format!("{dir}/")..) {
        let Some(rel) = path.strip_prefix(&format!("{dir}/")) else {
            break;
        };
        if rel.starts_with("LICENSE") {
            continue;
        }
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        let name = path
            .trim_start_matches("generated/")
            .replace(['/', '.'], "_");
        insta::assert_snapshot!(name, text);
        seen += 1;
    }
    assert!(seen > 0, "nothing rendered under {dir}");
}

#[test]
fn rust_crate() {
    snapshot_dir(&rendered(), "generated/rust");
}

#[test]
fn c_header_and_source() {
    snapshot_dir(&rendered(), "generated/c");
}

#[test]
fn json_data() {
    let files = rendered();
    let text = String::from_utf8(files["generated/json/oqs-messages.json"].clone()).expect("UTF-8");
    insta::assert_snapshot!("json_oqs-messages_json", text);
}

#[test]
fn html_page() {
    snapshot_dir(&rendered(), "generated/html");
}

#[test]
fn change_notes() {
    let files = rendered();
    assert_eq!(
        files
            .keys()
            .filter(|k| k.starts_with("generated/changes/"))
            .count(),
        8,
        "md and html of the pair in Japanese and in English, its json, the cumulative \
         CHANGELOG.ja.md and CHANGELOG.en.md, and the notes' schema"
    );
    snapshot_dir(&files, "generated/changes");
}
