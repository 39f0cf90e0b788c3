//! The `diff OLD NEW` subcommand: loads both revisions (canonical YAML or source files, in any
//! combination), prints or writes the notes, and answers with the exit code (0 no changes,
//! 1 changes). The command line only parses its arguments.

use std::io::Write;
use std::path::Path;

use super::Project;
use crate::diff::diff;
use crate::error::Error;
use crate::render::notes::{self, Notes};

/// The output formats of the notes, as named on the command line.
pub const FORMATS: [&str; 3] = ["md", "html", "json"];

/// Compares `old` with `new`. Without `out` prints the notes in `format` (Markdown by
/// default); with `out` writes `<old>..<new>.<ext>` there, for `format` or for every format.
pub fn run(
    project: &Project,
    old: &Path,
    new: &Path,
    out: Option<&Path>,
    format: Option<&str>,
) -> Result<i32, Error> {
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
    let cs = diff(&a, &b);
    let notes = Notes::new(&cs, &b, &b, None);
    let render = |ext: &str| -> Result<String, Error> {
        let text = match ext {
            "md" => notes::markdown(&notes),
            "html" => notes::html(&notes),
            "json" => Ok(notes::json(&notes)),
            other => {
                return Err(Error::Usage(format!(
                    "unknown notes format `{other}` (expected {})",
                    FORMATS.join(", ")
                )))
            }
        };
        Ok(text?)
    };
    match out {
        None => {
            let format = format.unwrap_or("md");
            let text = render(format)?;
            // Markdown is read on the terminal: escaped. HTML and JSON are data for a program
            // or a file, printed as they are.
            let text = match format {
                "md" => crate::terminal::text(&text),
                _ => std::borrow::Cow::Borrowed(text.as_str()),
            };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            let exts: Vec<&str> = match format {
                Some(f) => vec![f],
                None => FORMATS.to_vec(),
            };
            for ext in exts {
                let text = render(ext)?;
                let path = dir.join(format!("{}.{ext}", notes::stem(&cs)));
                crate::project::store::write_file(&path, text.as_bytes())?;
                eprintln!(
                    "{}",
                    crate::terminal::message(&format!("wrote {}", project.display(&path)))
                );
            }
        }
    }
    Ok(if cs.is_empty() { 0 } else { 1 })
}
