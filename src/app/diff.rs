//! The `diff OLD NEW` command's work: loads both revisions (canonical YAML or source files, in
//! any combination), compares them, renders the notes in a format and language and writes
//! them into a folder with the names `build` gives them (`<old>..<new>.<lang>.<ext>`,
//! `<old>..<new>.json` beside its schema), and says what about the pair the changes alone do not
//! ([`Warning`]). Printing and the exit code are the command line's.

use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};

use super::project::{Project, ERRATA};
use crate::diagnostic::Diagnostic;
use crate::diff::{diff, ChangeSet};
use crate::error::Error;
use crate::model::{version_key, Catalog};
use crate::release::Release;
use crate::render::notes::{self, Lang, Notes};
use crate::render::rust_api;

/// The output formats of the notes, as named on the command line.
pub const FORMATS: [&str; 3] = ["md", "html", "json"];

/// Two revisions and the changes between them.
#[derive(Debug, Clone)]
pub struct Compared {
    pub old: Catalog,
    pub new: Catalog,
    pub changes: ChangeSet,
    /// The bump of the generated crate's public API from OLD to NEW (no versions: two
    /// arbitrary files are no release series).
    pub release: Release,
    /// What the command should say on standard error, in the order found (OLD's first).
    pub warnings: Vec<Warning>,
}

/// Something about the pair that makes the notes doubtful.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A source defect no erratum corrects (a malformed message ID, say): the comparison reads
    /// the cell as printed, so the change there may be misclassified (issue 13: without the
    /// project's errata, 1.20's misprinted 901 range read as "no message ID" and its
    /// correction in 1.21 as "message ID added"). `errata` is whether the project has an
    /// `input/errata.yaml` at all.
    Uncorrected { defect: Diagnostic, errata: bool },
    /// OLD's version sorts after NEW's ([`crate::model::version_key`]): the notes read
    /// backwards (arguments swapped?).
    Reversed { old: String, new: String },
    /// Two catalogs of different content carry the same version: one of them is misnamed, or
    /// the publisher changed the revision without a new number.
    SameVersion { version: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Uncorrected { defect, errata } => {
                write!(
                    f,
                    "warning: {}: {}; the comparison reads it as printed, so the change \
                     there may be misclassified",
                    defect.at, defect.message
                )?;
                if !*errata {
                    write!(
                        f,
                        " (no {ERRATA} was found: run diff inside the project, or name it \
                         with --root DIR)"
                    )?;
                }
                Ok(())
            }
            Warning::Reversed { old, new } => write!(
                f,
                "warning: OLD is revision {old}, newer than NEW ({new}): the notes describe \
                 going back from {old} to {new}; swap the arguments to see what {old} changed"
            ),
            Warning::SameVersion { version } => write!(
                f,
                "warning: both revisions say version {version} but their content differs: one \
                 of them is misnamed, or the catalog changed without a new version"
            ),
        }
    }
}

impl Compared {
    /// The notes, linking into the page of the new revision.
    pub fn notes(&self) -> Notes<'_> {
        Notes::new(&self.changes, &self.new, &self.new, self.release)
    }
}

/// Loads and compares `old` with `new`.
pub fn compare(project: &Project, old: &Path, new: &Path) -> Result<Compared, Error> {
    let (a, old_findings) = project.load_any_with_findings(old)?;
    let (b, new_findings) = project.load_any_with_findings(new)?;
    let errata = project.has_errata();
    let mut warnings: Vec<Warning> = old_findings
        .into_iter()
        .chain(new_findings)
        .filter(Diagnostic::blocks)
        .map(|defect| Warning::Uncorrected { defect, errata })
        .collect();
    // The notes are named after the versions: nothing but digits and dots may reach a path.
    for (path, catalog) in [(old, &a), (new, &b)] {
        if let Err(why) = crate::model::check_version(&catalog.document.version) {
            return Err(Error::Usage(format!(
                "{}: document version: {why}",
                project.display(path)
            )));
        }
    }
    let changes = diff(&a, &b);
    warnings.extend(pair_warnings(&a, &b, &changes));
    let release = rust_api::pair_release(&a, &b, &changes)?;
    Ok(Compared {
        old: a,
        new: b,
        changes,
        release,
        warnings,
    })
}

/// What is odd about comparing `old` with `new` whatever their sources: versions in the
/// wrong order, or one version for two different catalogs.
fn pair_warnings(old: &Catalog, new: &Catalog, changes: &ChangeSet) -> Option<Warning> {
    let (o, n) = (&old.document.version, &new.document.version);
    match version_key(o).cmp(&version_key(n)) {
        Ordering::Greater => Some(Warning::Reversed {
            old: o.clone(),
            new: n.clone(),
        }),
        Ordering::Equal if !changes.is_empty() => Some(Warning::SameVersion { version: n.clone() }),
        _ => None,
    }
}

/// The notes in format `ext` (one of [`FORMATS`]); Markdown and HTML in `lang`, JSON in none.
pub fn render(notes: &Notes<'_>, ext: &str, lang: Lang) -> Result<String, Error> {
    Ok(match ext {
        "md" => notes::markdown(notes, lang)?,
        "html" => notes::html(notes, lang)?,
        "json" => notes::json(notes),
        other => {
            return Err(Error::Usage(format!(
                "unknown notes format `{other}` (expected {})",
                FORMATS.join(", ")
            )))
        }
    })
}

/// Writes the notes into `dir` (created when missing) in `format` and `lang`, or in every
/// format and language, under the names `build` gives them; the JSON with its schema beside
/// it, as in `generated/changes/`. Returns the paths written.
pub fn write(
    dir: &Path,
    notes: &Notes<'_>,
    format: Option<&str>,
    lang: Option<Lang>,
) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let exts: Vec<&str> = match format {
        Some(f) => vec![f],
        None => FORMATS.to_vec(),
    };
    let langs: Vec<Lang> = match lang {
        Some(l) => vec![l],
        None => Lang::ALL.to_vec(),
    };
    let mut files: Vec<(String, String)> = Vec::new();
    for ext in exts {
        if ext == "json" {
            let name = notes::file_name(notes.changes, ext, None);
            files.push((name, render(notes, ext, Lang::En)?));
            files.push((notes::SCHEMA_FILE.to_string(), notes::schema().to_string()));
            continue;
        }
        for &lang in &langs {
            let name = notes::file_name(notes.changes, ext, Some(lang));
            files.push((name, render(notes, ext, lang)?));
        }
    }
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        super::store::write_file(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
