//! The project on disk: `input/` (one folder per revision, `names.yaml`, `errata.yaml`) and
//! `generated/`. `build` computes every generated file in memory first and writes only after
//! everything succeeded, as one transaction of the [`store`] (only files whose bytes change;
//! only regular files; removing only what the last build recorded it wrote); `check` compares
//! the same in-memory result with what is on disk.

pub mod discover;
pub mod store;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::identifiers::{self, Published};
use crate::model::names::Names;
use crate::model::{self, yaml, Catalog};
use crate::normalize::{self, errata::Errata, Diagnostic, Normalized, Severity};
use crate::read;
use crate::terminal::quote;
use store::{Change, Store};

/// The folder `build` owns, relative to the root.
pub const GENERATED: &str = "generated";

/// A project root with its `input/` and `generated/` folders.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

/// The files `build` writes, by path relative to the root (`generated/...`), with their bytes.
pub type Outputs = BTreeMap<String, Vec<u8>>;

/// A revision read from its sources, with what was found on the way.
#[derive(Debug, Clone)]
pub struct Revision {
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
}

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
    pub fn new(root: impl Into<PathBuf>) -> Project {
        Project { root: root.into() }
    }

    /// How a path is named to the user: relative to the root when inside it, `/`-separated.
    pub fn display(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let s = rel.to_string_lossy().replace('\\', "/");
        s.strip_prefix("./").map(str::to_string).unwrap_or(s)
    }

    /// The text of a YAML input (`None` when it does not exist): a regular file of at most
    /// [`yaml::YAML_LIMIT`] bytes.
    fn read_yaml(&self, path: &Path) -> Result<Option<String>, Error> {
        match read::file::read_regular_text(path, yaml::YAML_LIMIT) {
            Ok(text) => Ok(Some(text)),
            Err(read::file::FileError::NotFound) => Ok(None),
            Err(e) => Err(read::ReadError::from_file(&self.display(path), e).into()),
        }
    }

    pub fn errata(&self) -> Result<Errata, Error> {
        let path = self.root.join("input/errata.yaml");
        match self.read_yaml(&path)? {
            Some(text) => Ok(Errata::parse(&self.display(&path), &text)?),
            None => Ok(Errata::default()),
        }
    }

    pub fn names(&self) -> Result<(String, Names), Error> {
        let path = self.root.join("input/names.yaml");
        let file = self.display(&path);
        match self.read_yaml(&path)? {
            Some(text) => Ok((file.clone(), Names::parse(&file, &text)?)),
            None => Ok((file, Names::default())),
        }
    }

    /// The identifiers to publish: those of `generated/identifiers.yaml` (as the last build
    /// wrote it) with the names `names.yaml` adds. Refuses a `names.yaml` that would change
    /// what a published identifier means (DESIGN §4).
    pub fn identifiers(&self) -> Result<Published, Error> {
        let (names_file, names) = self.names()?;
        self.publish(names_file, &names)
    }

    /// [`Project::identifiers`] for `names`, read from `names_file`.
    fn publish(&self, names_file: String, names: &Names) -> Result<Published, Error> {
        let path = self.root.join(identifiers::FILE);
        let published = match self.read_yaml(&path)? {
            Some(text) => Published::parse(identifiers::FILE, &text)?,
            // Without it, code generated before would be renumbered: refuse rather than guess.
            None => {
                if let Some(code) = PUBLISHED_CODE.iter().find(|p| self.root.join(p).is_file()) {
                    return Err(Error::Unstable {
                        names: names_file,
                        published: identifiers::FILE.to_string(),
                        problems: vec![format!(
                            "{} is missing while {code} was generated from it; restore it \
                             (git checkout -- {0}), or remove generated/ to publish afresh",
                            identifiers::FILE
                        )],
                    });
                }
                Published::default()
            }
        };
        published.next(names).map_err(|problems| Error::Unstable {
            names: names_file,
            published: identifiers::FILE.to_string(),
            problems: problems.iter().map(ToString::to_string).collect(),
        })
    }

    /// Reads one source file into its model, errata applied.
    pub fn ingest(&self, path: &Path) -> Result<Normalized, Error> {
        let file = self.display(path);
        let errata = self.errata()?;
        ingest_with(&file, path, &errata)
    }

    /// Reads a source file or a canonical YAML model.
    pub fn load_any(&self, path: &Path) -> Result<Catalog, Error> {
        let file = self.display(path);
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let Some(text) = self.read_yaml(path)? else {
                return Err(read::ReadError::NotFound { file }.into());
            };
            return Ok(yaml::load(&file, &text)?);
        }
        Ok(self.ingest(path)?.catalog)
    }

    /// The revision folders under `input/`, each with its source files, sorted by version.
    pub fn revision_dirs(&self) -> Result<Vec<(PathBuf, Vec<PathBuf>)>, Error> {
        let input = self.root.join("input");
        let entries = std::fs::read_dir(&input).map_err(|e| Error::io(&input, e))?;
        let mut dirs = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&input, e))?;
            let path = entry.path();
            if !path.is_dir() {
                // Skipped, it would leave `build` saying "up to date" (issue 15).
                if read::kind_of(&path).is_some() {
                    return Err(Error::LooseSource {
                        file: self.display(&path),
                    });
                }
                continue;
            }
            // Anything but a folder is a source to read: a FIFO or device named like one is
            // refused by the reader, never skipped.
            let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                .map_err(|e| Error::io(&path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| !p.is_dir() && !is_note(p))
                .collect();
            files.sort();
            // A file the tool cannot read is an error, not something to skip: a maintainer who
            // drops a revision in as CSV must hear that it was not read.
            if let Some(other) = files.iter().find(|p| read::kind_of(p).is_none()) {
                return Err(Error::Read(read::ReadError::Unsupported {
                    file: self.display(other),
                    extension: other
                        .extension()
                        .map(|e| format!(".{}", e.to_string_lossy()))
                        .unwrap_or_else(|| "(none)".to_string()),
                }));
            }
            dirs.push((path, files));
        }
        dirs.sort_by_key(|(p, _)| {
            model::version_key(&p.file_name().unwrap_or_default().to_string_lossy())
        });
        Ok(dirs)
    }

    /// Reads every revision under `input/`: each source of a folder, cross-checked when a
    /// folder holds several (PDF first: the official catalog is mainly a PDF).
    pub fn revisions(&self) -> Result<Vec<Revision>, Error> {
        let errata = self.errata()?;
        let mut out: Vec<Revision> = Vec::new();
        for (dir, mut files) in self.revision_dirs()? {
            let dir_name = dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            files.sort_by_key(|p| read::kind_of(p));
            if files.is_empty() {
                return Err(Error::NoSource {
                    dir: self.display(&dir),
                });
            }
            let mut models: Vec<Normalized> = Vec::new();
            for path in &files {
                let file = self.display(path);
                let n = ingest_with(&file, path, &errata)?;
                if let Err(why) = model::check_version(&n.catalog.document.version) {
                    return Err(Error::Usage(format!("{file}: title line: {why}")));
                }
                if n.catalog.document.version != dir_name {
                    return Err(Error::VersionFolder {
                        file,
                        version: n.catalog.document.version.clone(),
                        folder: dir_name.clone(),
                    });
                }
                models.push(n);
            }
            let mut models = models.into_iter();
            // `files` is non-empty, so there is a first model.
            let Some(first) = models.next() else { continue };
            let mut revision = Revision {
                catalog: first.catalog,
                diagnostics: first.diagnostics,
            };
            for other in models {
                cross_check(&revision.catalog, &other.catalog)?;
                revision
                    .catalog
                    .document
                    .cross_checked
                    .push(other.catalog.document.source.clone());
            }
            if let Some(prev) = out.iter().find(|r| r.catalog.document.version == dir_name) {
                return Err(Error::DuplicateVersion {
                    version: dir_name,
                    first: prev.catalog.document.source.file.clone(),
                    second: revision.catalog.document.source.file.clone(),
                });
            }
            out.push(revision);
        }
        Ok(out)
    }

    /// Everything `build` writes, computed in memory. Refuses on source errors that no erratum
    /// corrects, on names missing from `names.yaml`, and on warnings when `deny_warnings`.
    pub fn outputs(&self, deny_warnings: bool) -> Result<(Outputs, Vec<Diagnostic>), Error> {
        let revisions = self.revisions()?;
        let (names_file, names) = self.names()?;
        let mut outputs = Outputs::new();
        let mut all = Vec::new();
        for rev in &revisions {
            let blocking = rev.diagnostics.iter().any(|d| d.blocks())
                || (deny_warnings
                    && rev
                        .diagnostics
                        .iter()
                        .any(|d| d.severity == Severity::Warning));
            if blocking {
                return Err(Error::Refused {
                    file: rev.catalog.document.source.file.clone(),
                    diagnostics: rev.diagnostics.clone(),
                });
            }
            let missing = names.missing(&rev.catalog);
            if !missing.is_empty() {
                return Err(missing_names(&names_file, &missing));
            }
            all.extend(rev.diagnostics.iter().cloned());
            outputs.insert(
                format!("generated/catalog/{}.yaml", rev.catalog.document.version),
                catalog_yaml(&rev.catalog).into_bytes(),
            );
        }
        let catalogs: Vec<Catalog> = revisions.into_iter().map(|r| r.catalog).collect();
        let identifiers = self.publish(names_file, &names)?;
        outputs.insert(
            identifiers::FILE.to_string(),
            identifiers.to_yaml().into_bytes(),
        );
        let rendered = crate::render::render_all(crate::render::RenderInput {
            catalogs: &catalogs,
            identifiers: &identifiers,
        })
        .map_err(|e| Error::Usage(e.to_string()))?;
        outputs.extend(rendered);
        let notes = crate::diff::notes::files(&catalogs)
            .map_err(|e| Error::Usage(format!("change notes: {e}")))?;
        outputs.extend(notes);
        let manifest =
            Store::manifest_text(outputs.keys().filter_map(|k| k.strip_prefix("generated/")));
        outputs.insert(
            format!("{GENERATED}/{}", store::MANIFEST),
            manifest.into_bytes(),
        );
        Ok((outputs, all))
    }

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

/// Files a revision folder may hold beside its sources: notes for people, hidden files.
fn is_note(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with('.') || name.ends_with(".md") || name.ends_with(".txt")
}

/// Generated code that carries published identifiers.
const PUBLISHED_CODE: &[&str] = &["generated/rust/src/lib.rs", "generated/c/oqs_messages.h"];

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

fn ingest_with(file: &str, path: &Path, errata: &Errata) -> Result<Normalized, Error> {
    let src = read::read_source(path, file)?;
    let mut normalized = normalize::normalize(&src.grid, src.source(), errata)?;
    // The reader's findings come first: they are about what was read at all.
    let mut diagnostics = src.warnings;
    diagnostics.append(&mut normalized.diagnostics);
    normalized.diagnostics = diagnostics;
    Ok(normalized)
}

fn missing_names(names_file: &str, missing: &[model::names::MissingName]) -> Error {
    Error::MissingNames {
        names: names_file.to_string(),
        missing: missing
            .iter()
            .map(|m| {
                format!(
                    "{} 「{}」 (used by {})",
                    m.section,
                    quote(&m.name),
                    quote(&m.first_use)
                )
            })
            .collect(),
        hint: missing
            .iter()
            .map(|m| format!("`{}: Identifier` under `{}:`", quote(&m.name), m.section))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Compares two models of the same revision, naming the first disagreement.
pub fn cross_check(a: &Catalog, b: &Catalog) -> Result<(), Error> {
    let (pa, pb) = (a.without_provenance(), b.without_provenance());
    if pa == pb {
        return Ok(());
    }
    let detail = first_difference(&pa, &pb);
    Err(Error::CrossCheck {
        first: a.document.source.file.clone(),
        second: b.document.source.file.clone(),
        detail,
    })
}

fn first_difference(a: &Catalog, b: &Catalog) -> String {
    if a.document != b.document {
        return format!(
            "title line 「{} {}版」 vs 「{} {}版」",
            quote(&a.document.title),
            quote(&a.document.version),
            quote(&b.document.title),
            quote(&b.document.version)
        );
    }
    for (ca, cb) in a.codes.iter().zip(&b.codes) {
        if ca.code != cb.code {
            return format!(
                "code {} vs code {} at the same position",
                quote(&ca.code),
                quote(&cb.code)
            );
        }
        for (field, va, vb) in [
            ("heading", Some(ca.heading()), Some(cb.heading())),
            ("message", ca.message.clone(), cb.message.clone()),
        ] {
            if va != vb {
                return format!(
                    "code {}, {field}: 「{}」 vs 「{}」",
                    quote(&ca.code),
                    quote(&va.unwrap_or_default()),
                    quote(&vb.unwrap_or_default())
                );
            }
        }
        for (i, (ea, eb)) in ca.entries.iter().zip(&cb.entries).enumerate() {
            if ea == eb {
                continue;
            }
            let id = ea
                .message_id_text()
                .map(|t| quote(&t))
                .unwrap_or_else(|| format!("row {}", i + 1));
            let fields: [(&str, Option<String>, Option<String>); 6] = [
                ("error_type", ea.error_type.clone(), eb.error_type.clone()),
                ("message_id", ea.message_id_text(), eb.message_id_text()),
                ("cause", ea.cause.clone(), eb.cause.clone()),
                ("action", ea.action.clone(), eb.action.clone()),
                ("contacts", ea.contacts_text(), eb.contacts_text()),
                (
                    "extra",
                    Some(format!("{:?}", ea.extra)),
                    Some(format!("{:?}", eb.extra)),
                ),
            ];
            for (field, va, vb) in fields {
                if va != vb {
                    return format!(
                        "code {}, message ID {id}, {field}: 「{}」 vs 「{}」",
                        quote(&ca.code),
                        quote(&va.unwrap_or_default()),
                        quote(&vb.unwrap_or_default())
                    );
                }
            }
            return format!("code {}, message ID {id}: entries differ", quote(&ca.code));
        }
        if ca.entries.len() != cb.entries.len() {
            return format!(
                "code {}: {} rows vs {} rows",
                quote(&ca.code),
                ca.entries.len(),
                cb.entries.len()
            );
        }
    }
    if a.codes.len() != b.codes.len() {
        return format!("{} codes vs {} codes", a.codes.len(), b.codes.len());
    }
    if a.footnotes != b.footnotes {
        return "footnotes differ".to_string();
    }
    "notes outside the table differ".to_string()
}

/// The canonical YAML of a model, with its generated-file header.
pub fn catalog_yaml(catalog: &Catalog) -> String {
    let s = &catalog.document.source;
    let header = format!(
        "# Canonical model of revision {} — generated, do not edit.\n\
         # Source: {} (sha256 {})\n\
         # Regenerate: cargo run --release -- build\n",
        catalog.document.version, s.file, s.sha256
    );
    yaml::to_yaml(catalog, &header)
}
