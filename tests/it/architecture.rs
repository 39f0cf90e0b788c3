//! The architecture, checked: every source file under `src/` belongs to a layer, and no file
//! names (`crate::…`) a module of a higher layer, so the import graph has no cycle and no
//! stage reaches a later one (docs/architecture.md). And no source file outside the tests is
//! longer than [`LIMIT`] lines without a `//! Size:` line at its top saying why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common;

/// The layers, lowest first: a file may name modules of its own layer and lower ones.
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["diagnostic", "parallel", "terminal"]),
    ("model", &["model"]),
    ("grid", &["grid"]),
    ("read", &["read"]),
    ("normalize", &["normalize"]),
    ("diff", &["diff"]),
    ("release", &["release"]),
    ("history", &["history"]),
    ("render", &["render"]),
    // The run's error gathers every stage's error; only the driver and the CLI return it.
    ("app", &["app", "error", "Error"]),
    ("cli", &["cli"]),
    ("root", &["lib", "main"]),
];

/// Lines a source file may have (before its `#[cfg(test)]` unit tests) without a reason.
const LIMIT: usize = 600;

/// Files over the limit whose split is still to come, each named with the issue that splits
/// it. Each entry must still be over the limit without a reason, so the list cannot outlive
/// its cause. Empty since the PDF reader's split (issue 11).
const PENDING: &[&str] = &[];

fn layer_of_module(name: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&name))
}

/// The layer of a file: its first component under `src/` (a folder or `name.rs`).
fn layer_of_file(rel: &Path) -> Option<usize> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    layer_of_module(first.strip_suffix(".rs").unwrap_or(first))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every top-level module named as `crate::name` or inside `crate::{a, b::c}` in code
/// (comments, doc links included, are left out: they name, they do not use).
fn crate_refs(source: &str) -> Vec<String> {
    let code: Vec<&str> = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect();
    let text = code.join("\n");
    let text = text.as_str();
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        // `oqs_crate::x` or `my_crate::` is not ours.
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        at_start = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 && at_start {
                    if c.is_alphanumeric() || c == '_' {
                        item.push(c);
                    } else if !item.is_empty() {
                        out.push(std::mem::take(&mut item));
                        at_start = false;
                    }
                }
            }
            if !item.is_empty() {
                out.push(item);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

struct Source {
    rel: PathBuf,
    text: String,
}

fn all_sources() -> Vec<Source> {
    let src = common::root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| Source {
            rel: p.strip_prefix(&src).expect("under src").to_path_buf(),
            text: std::fs::read_to_string(&p).expect("source"),
        })
        .collect()
}

#[test]
fn no_file_names_a_higher_layer() {
    let sources = all_sources();
    assert!(sources.len() > 50, "{} sources", sources.len());
    let mut problems = Vec::new();
    let mut edges: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for s in &sources {
        let Some(own) = layer_of_file(&s.rel) else {
            problems.push(format!("{}: in no layer", s.rel.display()));
            continue;
        };
        for name in crate_refs(&s.text) {
            match layer_of_module(&name) {
                None => problems.push(format!("{}: crate::{name} is in no layer", s.rel.display())),
                Some(l) if l > own => problems.push(format!(
                    "{}: layer {} names crate::{name} of the higher layer {}",
                    s.rel.display(),
                    LAYERS[own].0,
                    LAYERS[l].0
                )),
                Some(l) => *edges.entry((own, l)).or_insert(0) += 1,
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check sees the real graph: the stages do use the ones below them.
    for (from, to) in [
        ("normalize", "model"),
        ("render", "diff"),
        ("app", "render"),
    ] {
        let f = LAYERS.iter().position(|l| l.0 == from).expect("layer");
        let t = LAYERS.iter().position(|l| l.0 == to).expect("layer");
        assert!(edges.contains_key(&(f, t)), "no use of {to} from {from}");
    }
}

#[test]
fn the_reference_scanner_reads_groups_and_paths() {
    assert_eq!(
        crate_refs("use crate::{model::{self, Catalog}, render};\nlet x = crate::app::run();"),
        ["model", "render", "app"]
    );
    assert!(crate_refs("oqs_crate::x").is_empty());
    assert!(crate_refs("//! See [`crate::cli`].\nfn f() {} // crate::app").is_empty());
    assert_eq!(
        layer_of_file(Path::new("read/pdf/mod.rs")),
        layer_of_module("read")
    );
    assert!(layer_of_module("cli") > layer_of_module("app"));
}

/// Lines before the file's unit tests (`#[cfg(test)]` at the start of a line).
fn code_lines(text: &str) -> usize {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .count()
}

#[test]
fn long_files_say_why() {
    let mut problems = Vec::new();
    let mut pending_seen = Vec::new();
    for s in all_sources() {
        let rel = format!("src/{}", s.rel.display()).replace('\\', "/");
        // A file of unit tests only (`#[cfg(test)] mod tests;` elsewhere).
        if s.rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let lines = code_lines(&s.text);
        let reason = s
            .text
            .lines()
            .take_while(|l| l.starts_with("//!") || l.is_empty())
            .any(|l| l.starts_with("//! Size:"));
        let over = lines > LIMIT && !reason;
        if PENDING.contains(&rel.as_str()) {
            assert!(
                over,
                "{rel} is no longer over the limit: take it off PENDING"
            );
            pending_seen.push(rel);
        } else if over {
            problems.push(format!(
                "{rel}: {lines} lines without a `//! Size:` reason at its top"
            ));
        }
    }
    assert_eq!(
        pending_seen.len(),
        PENDING.len(),
        "PENDING names missing files"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
