//! Writing `generated/`: the lock, the transaction that replaces what `build` wrote (through
//! the [`store`]), and staleness (`check`: what differs between `generated/` and what `build`
//! would write, with a unified diff of each changed file).

use std::collections::BTreeSet;

use super::build::Outputs;
use super::project::{Project, GENERATED};
use super::store::{self, Change, Store};
use crate::error::Error;

/// One difference between `generated/` and what `build` would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    Missing(String),
    /// A regular file `build` would not write; `removed_by_build` when the manifest says
    /// `build` wrote it before (so the next build removes it).
    Orphaned {
        path: String,
        removed_by_build: bool,
    },
    /// A symbolic link, FIFO … where `build` writes only regular files.
    Foreign {
        path: String,
        kind: &'static str,
    },
    /// A build was interrupted: its stage or journal is still there.
    Interrupted,
    Changed {
        path: String,
        diff: String,
    },
}

/// What [`Project::write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub changes: Vec<Change>,
    /// Regular files in `generated/` that `build` did not write and so left in place.
    pub left: Vec<String>,
}

impl Project {
    /// Opens `generated/` for writing (creating it when missing): waits for another build to
    /// finish (`on_wait` is called first), and finishes or discards what an interrupted build
    /// left. Hold it from before reading `generated/identifiers.yaml` until written.
    pub fn lock(&self, on_wait: &mut dyn FnMut()) -> Result<Store, Error> {
        Ok(Store::open(&self.root.join(GENERATED), GENERATED, on_wait)?)
    }

    /// Opens `generated/` for reading, waiting while a build writes it; `None` when missing.
    pub fn lock_shared(&self, on_wait: &mut dyn FnMut()) -> Result<Option<Store>, Error> {
        Ok(Store::open_shared(
            &self.root.join(GENERATED),
            GENERATED,
            on_wait,
        )?)
    }

    /// Makes `generated/` hold `outputs` as one transaction: writes the files whose bytes
    /// change, and removes those the last build wrote that are no longer among them.
    pub fn write(&self, store: &Store, outputs: &Outputs) -> Result<Written, Error> {
        let files = in_store(outputs)
            .filter(|(rel, _)| *rel != store::MANIFEST)
            .map(|(rel, bytes)| (rel.to_string(), bytes.clone()))
            .collect();
        let changes = store.replace_all(&files, OWNED_DIRS)?;
        let left = store
            .walk()?
            .into_iter()
            .filter(|f| !files.contains_key(&f.path))
            .map(|f| store.show(&f.path))
            .collect();
        Ok(Written { changes, left })
    }

    /// Writes some of `build`'s files into `generated/` (`render`), removing nothing.
    pub fn write_some(&self, store: &Store, outputs: &Outputs) -> Result<Vec<Change>, Error> {
        let files: Vec<(&str, &[u8])> = in_store(outputs)
            .map(|(rel, bytes)| (rel, bytes.as_slice()))
            .collect();
        Ok(store.commit(&files, &[])?)
    }

    /// What differs between `generated/` (opened with [`Project::lock_shared`]) and `outputs`.
    pub fn stale(&self, store: Option<&Store>, outputs: &Outputs) -> Result<Vec<Stale>, Error> {
        let mut out = Vec::new();
        let Some(store) = store else {
            out.extend(outputs.keys().cloned().map(Stale::Missing));
            return Ok(out);
        };
        if store.interrupted() {
            out.push(Stale::Interrupted);
        }
        let found = store.walk()?;
        let foreign: BTreeSet<&str> = found
            .iter()
            .filter(|f| f.foreign.is_some())
            .map(|f| f.path.as_str())
            .collect();
        for (rel, bytes) in in_store(outputs) {
            if foreign.contains(rel) {
                continue;
            }
            let shown = store.show(rel);
            match std::fs::read(self.root.join(&shown)) {
                Ok(on_disk) if &on_disk == bytes => {}
                Ok(on_disk) => out.push(Stale::Changed {
                    diff: unified_diff(&shown, &on_disk, bytes),
                    path: shown,
                }),
                Err(_) => out.push(Stale::Missing(shown)),
            }
        }
        let recorded = store.manifest()?;
        for f in found {
            if let Some(kind) = f.foreign {
                out.push(Stale::Foreign {
                    path: store.show(&f.path),
                    kind,
                });
            } else if !outputs.contains_key(&store.show(&f.path)) {
                let removed_by_build = match &recorded {
                    Some(listed) => listed.contains(&f.path),
                    None => OWNED_DIRS
                        .iter()
                        .any(|d| f.path.starts_with(&format!("{d}/"))),
                };
                out.push(Stale::Orphaned {
                    path: store.show(&f.path),
                    removed_by_build,
                });
            }
        }
        Ok(out)
    }
}

/// The outputs under `generated/`, by path relative to it.
fn in_store(outputs: &Outputs) -> impl Iterator<Item = (&str, &Vec<u8>)> {
    outputs.iter().filter_map(|(path, bytes)| {
        path.strip_prefix(GENERATED)
            .and_then(|p| p.strip_prefix('/'))
            .map(|rel| (rel, bytes))
    })
}

/// Folders of `generated/` whose every file `build` writes: before `generated/.manifest`
/// existed, `build` removed any file there that it did not write, so on a first run with no
/// manifest the files found there are taken as written by an earlier build.
const OWNED_DIRS: &[&str] = &["catalog", "changes", "html", "rust", "c", "json"];

fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{path} (on disk)"),
            &format!("{path} (from input/)"),
        )
        .to_string();
    // Keep the report readable when a whole file changed.
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > 60 {
        format!(
            "{}\n… ({} more lines)\n",
            lines[..60].join("\n"),
            lines.len() - 60
        )
    } else {
        text
    }
}
