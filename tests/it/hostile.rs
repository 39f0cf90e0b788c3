//! The hostile-input corpus (`tests/bad/`, outcomes in `tests/bad/expected.yaml`): every file
//! alone in a revision folder gives its expected one-line error, exit 2, no panic, within a
//! bounded time, and leaves generated/ as it was — or, for `ok` cases, builds normally.

use crate::common;

use std::time::{Duration, Instant};

use common::{run, scratch, snapshot};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    file: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    ok: bool,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(common::root().join("tests/bad/expected.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn every_file_in_the_corpus_has_an_expected_outcome() {
    let listed: Vec<String> = cases().into_iter().map(|c| c.file).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(common::root().join("tests/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.yaml" && n != "README.md")
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, on_disk);
}

#[test]
fn corpus_outcomes() {
    let mut failures = Vec::new();
    for case in cases() {
        let dir = scratch();
        let rev = dir.path().join("input/1.20");
        for e in std::fs::read_dir(&rev).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
        std::fs::copy(
            common::root().join("tests/bad").join(&case.file),
            rev.join(&case.file),
        )
        .unwrap();
        let before = snapshot(&dir.path().join("generated"));
        let start = Instant::now();
        let r = run(dir.path(), &["build"]);
        let took = start.elapsed();
        let name = &case.file;
        if took > Duration::from_secs(20) {
            failures.push(format!("{name}: took {took:?}"));
        }
        if r.stderr.contains("panicked") || r.stderr.contains("RUST_BACKTRACE") {
            failures.push(format!("{name}: panic: {}", r.stderr));
        }
        if case.ok {
            if r.code != 0 {
                failures.push(format!(
                    "{name}: expected success, got {}: {}",
                    r.code, r.stderr
                ));
            }
            let model =
                std::fs::read_to_string(dir.path().join("generated/catalog/1.20.yaml")).unwrap();
            if !model.contains(&format!("file: input/1.20/{name}")) {
                failures.push(format!("{name}: the model does not name its source"));
            }
            continue;
        }
        let expected = case.error.as_deref().unwrap_or_default();
        let prefix = format!("error: input/1.20/{name}: ");
        let lines: Vec<&str> = r.stderr.lines().collect();
        if r.code != 2 {
            failures.push(format!("{name}: exit {} instead of 2", r.code));
        }
        if lines.len() != 1 || !lines[0].starts_with(&prefix) || !lines[0].contains(expected) {
            failures.push(format!(
                "{name}: expected one line `{prefix}…{expected}…`, got:\n{}",
                r.stderr
            ));
        }
        if before != snapshot(&dir.path().join("generated")) {
            failures.push(format!("{name}: generated/ changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
