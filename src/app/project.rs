//! The project on disk: `input/` (one folder per revision with its source files,
//! `names.yaml`, `errata.yaml`) and where `build` writes (`generated/`). It names files to the
//! user, reads the YAML inputs, reads every revision (each source of a folder, PDF first) and
//! cross-checks the sources of one revision: the diff of their models must be empty, and the
//! first change of that diff is what a disagreement reports.
//!
//! It computes no generated file ([`super::build`]) and writes nothing ([`super::write`]).

use std::path::{Path, PathBuf};

use crate::diff::{diff, Change, Kind};
use crate::error::Error;
use crate::model::identifiers::{self, Published};
use crate::model::names::Names;
use crate::model::{self, yaml, Catalog};
use crate::normalize::{self, errata::Errata, Diagnostic, Normalized};
use crate::parallel;
use crate::read;
use crate::terminal::quote;

/// The reviewed corrections of source defects, relative to the root.
pub const ERRATA: &str = "input/errata.yaml";

/// The folder `build` owns, relative to the root.
pub const GENERATED: &str = "generated";

/// A project root with its `input/` and `generated/` folders.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

/// A revision read from its sources, with what was found on the way.
#[derive(Debug, Clone)]
pub struct Revision {
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
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
        let path = self.root.join(ERRATA);
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
    pub(super) fn publish(&self, names_file: String, names: &Names) -> Result<Published, Error> {
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
        Ok(self.load_any_with_findings(path)?.0)
    }

    /// [`Project::load_any`] with what reading a source found (none for a YAML model, which
    /// was checked when it was written).
    pub fn load_any_with_findings(&self, path: &Path) -> Result<(Catalog, Vec<Diagnostic>), Error> {
        let file = self.display(path);
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let Some(text) = self.read_yaml(path)? else {
                return Err(read::ReadError::NotFound { file }.into());
            };
            return Ok((yaml::load(&file, &text)?, Vec::new()));
        }
        let normalized = self.ingest(path)?;
        Ok((normalized.catalog, normalized.diagnostics))
    }

    /// Whether the project has an `input/errata.yaml` (none outside a project).
    pub fn has_errata(&self) -> bool {
        self.root.join(ERRATA).is_file()
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
    /// folder holds several (PDF first: the official catalog is mainly a PDF). The sources are
    /// read side by side ([`parallel::map`]); their results are then taken in order, so an
    /// error is the one reading them in order would stop at.
    pub fn revisions(&self) -> Result<Vec<Revision>, Error> {
        let errata = self.errata()?;
        let mut dirs = self.revision_dirs()?;
        for (_, files) in &mut dirs {
            files.sort_by_key(|p| read::kind_of(p));
        }
        let sources: Vec<&PathBuf> = dirs.iter().flat_map(|(_, files)| files).collect();
        let mut read = parallel::map(&sources, |path| {
            ingest_with(&self.display(path), path, &errata)
        })
        .into_iter();
        let mut out: Vec<Revision> = Vec::new();
        for (dir, files) in &dirs {
            let dir_name = dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if files.is_empty() {
                return Err(Error::NoSource {
                    dir: self.display(dir),
                });
            }
            let mut models: Vec<Normalized> = Vec::new();
            for (path, n) in files.iter().zip(read.by_ref()) {
                let file = self.display(path);
                let n = n?;
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

    /// The versions of the models in `generated/catalog/`, oldest first, with the folder.
    fn generated_versions(&self) -> Result<(PathBuf, Vec<String>), Error> {
        let dir = self.root.join("generated/catalog");
        let mut versions: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".yaml")
                    .map(str::to_string)
            })
            .collect();
        versions.sort_by_key(|v| model::version_key(v));
        Ok((dir, versions))
    }

    /// Every model in `generated/catalog/`, oldest first (the revisions `build` wrote), for
    /// the history of a message ID.
    pub fn generated_models(&self) -> Result<Vec<Catalog>, Error> {
        let (dir, versions) = self.generated_versions()?;
        if versions.is_empty() {
            return Err(Error::Usage(
                "generated/catalog/ holds no model; run build first".to_string(),
            ));
        }
        versions
            .iter()
            .map(|v| self.load_any(&dir.join(format!("{v}.yaml"))))
            .collect()
    }

    /// The model `build` wrote for `version` under `generated/catalog/` (the newest when
    /// `None`).
    pub fn generated_model(&self, version: Option<&str>) -> Result<Catalog, Error> {
        let (dir, versions) = self.generated_versions()?;
        let chosen = match version {
            Some(v) if versions.iter().any(|x| x == v) => v.to_string(),
            Some(v) => {
                return Err(Error::Usage(format!(
                    "no generated model for version {} (have: {})",
                    quote(v),
                    versions.join(", ")
                )))
            }
            None => versions.last().cloned().ok_or_else(|| {
                Error::Usage("generated/catalog/ holds no model; run build first".to_string())
            })?,
        };
        self.load_any(&dir.join(format!("{chosen}.yaml")))
    }
}

/// Files a revision folder may hold beside its sources: notes for people, hidden files.
fn is_note(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with('.') || name.ends_with(".md") || name.ends_with(".txt")
}

/// Generated code that carries published identifiers.
const PUBLISHED_CODE: &[&str] = &["generated/rust/src/lib.rs", "generated/c/oqs_messages.h"];

fn ingest_with(file: &str, path: &Path, errata: &Errata) -> Result<Normalized, Error> {
    let src = read::read_source(path, file)?;
    let mut normalized = normalize::normalize(&src.grid, src.source(), errata)?;
    // The reader's findings come first: they are about what was read at all.
    let mut diagnostics = src.warnings;
    diagnostics.append(&mut normalized.diagnostics);
    normalized.diagnostics = diagnostics;
    Ok(normalized)
}

pub(super) fn missing_names(names_file: &str, missing: &[model::names::MissingName]) -> Error {
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
/// Compares two models of the same revision: they agree when the diff between them is empty
/// (the diff never compares provenance); otherwise its first change is the disagreement.
pub fn cross_check(a: &Catalog, b: &Catalog) -> Result<(), Error> {
    let Some(first) = diff(a, b).changes.into_iter().next() else {
        return Ok(());
    };
    Err(Error::CrossCheck {
        first: a.document.source.file.clone(),
        second: b.document.source.file.clone(),
        detail: disagreement(&first),
    })
}

/// One change between two sources of a revision, in words: where, what, both values.
fn disagreement(c: &Change) -> String {
    let mut place = Vec::new();
    if let Some(code) = &c.code {
        place.push(format!("code {}", quote(code)));
    }
    if let Some(id) = &c.message_id() {
        place.push(format!("message ID {}", quote(id)));
    }
    let what = match c.kind {
        Kind::Added => format!("{} only in the second", c.field),
        Kind::Removed => format!("{} only in the first", c.field),
        Kind::Moved => format!("{} under another code", c.field),
        Kind::Reordered => format!("{} differs", c.field),
        Kind::Changed => c.field.clone(),
    };
    place.push(quote(&what));
    let value = |v: &Option<String>| quote(v.as_deref().unwrap_or(""));
    format!(
        "{}: 「{}」 vs 「{}」",
        place.join(", "),
        value(&c.old),
        value(&c.new)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::model::committed_1_20()
    }

    #[test]
    fn sources_that_disagree_are_reported_with_the_first_change() {
        let a = catalog();
        let mut b = a.clone();
        b.document.source.file = "input/1.20/other.xlsx".to_string();
        b.codes[0].entries[0].at.row = Some(99);
        assert!(cross_check(&a, &b).is_ok(), "provenance is not content");
        b.codes[3].entries[1].cause = Some("・別の原因".to_string());
        let e = cross_check(&a, &b).expect_err("they disagree").to_string();
        assert!(
            e.starts_with(&format!(
                "{} and input/1.20/other.xlsx disagree: code 004, message ID 0x04000001, cause: 「",
                a.document.source.file
            )),
            "{e}"
        );
        assert!(e.ends_with("」 vs 「・別の原因」"), "{e}");
    }
}
