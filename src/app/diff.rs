//! The `diff OLD NEW` command's work: loads both revisions (canonical YAML or source files, in
//! any combination), compares them, renders the notes in a format and writes them into a
//! folder as `<old>..<new>.<ext>`. Printing and the exit code are the command line's.

use std::path::{Path, PathBuf};

use super::project::Project;
use crate::diff::{diff, ChangeSet};
use crate::error::Error;
use crate::model::Catalog;
use crate::render::notes::{self, Notes};

/// The output formats of the notes, as named on the command line.
pub const FORMATS: [&str; 3] = ["md", "html", "json"];

/// Two revisions and the changes between them.
#[derive(Debug, Clone)]
pub struct Compared {
    pub old: Catalog,
    pub new: Catalog,
    pub changes: ChangeSet,
}

impl Compared {
    /// The notes, linking into the page of the new revision (no crate versions: two arbitrary
    /// files are no release series).
    pub fn notes(&self) -> Notes<'_> {
        Notes::new(&self.changes, &self.new, &self.new, None)
    }
}

/// Loads and compares `old` with `new`.
pub fn compare(project: &Project, old: &Path, new: &Path) -> Result<Compared, Error> {
    let a = project.load_any(old)?;
    let b = project.load_any(new)?;
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
    Ok(Compared {
        old: a,
        new: b,
        changes,
    })
}

/// The notes in format `ext` (one of [`FORMATS`]).
pub fn render(notes: &Notes<'_>, ext: &str) -> Result<String, Error> {
    Ok(match ext {
        "md" => notes::markdown(notes)?,
        "html" => notes::html(notes)?,
        "json" => notes::json(notes),
        other => {
            return Err(Error::Usage(format!(
                "unknown notes format `{other}` (expected {})",
                FORMATS.join(", ")
            )))
        }
    })
}

/// Writes the notes into `dir` (created when missing) in `format`, or in every format;
/// returns the paths written.
pub fn write(dir: &Path, notes: &Notes<'_>, format: Option<&str>) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let exts: Vec<&str> = match format {
        Some(f) => vec![f],
        None => FORMATS.to_vec(),
    };
    let mut written = Vec::new();
    for ext in exts {
        let text = render(notes, ext)?;
        let path = dir.join(format!("{}.{ext}", notes::stem(notes.changes)));
        super::store::write_file(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
