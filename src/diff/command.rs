//! The `diff OLD NEW` subcommand: loads both revisions (canonical YAML or source files, in any
//! combination), prints or writes the notes, and answers with the exit code (0 no changes,
//! 1 changes). It lives here rather than in `cli.rs` so that the command line stays a thin
//! dispatcher.

use std::io::Write;
use std::path::Path;

use super::{diff, notes};
use crate::error::Error;
use crate::project::Project;

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
    let cs = diff(&a, &b);
    let render = |ext: &str| -> Result<String, Error> {
        let text = match ext {
            "md" => notes::markdown(&cs),
            "html" => notes::html(&cs),
            "json" => Ok(notes::json(&cs)),
            other => {
                return Err(Error::Usage(format!(
                    "unknown notes format `{other}` (expected {})",
                    FORMATS.join(", ")
                )))
            }
        };
        text.map_err(|e| Error::Usage(format!("rendering the {ext} notes: {e}")))
    };
    match out {
        None => {
            let text = render(format.unwrap_or("md"))?;
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
                std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
                eprintln!("wrote {}", project.display(&path));
            }
        }
    }
    Ok(if cs.is_empty() { 0 } else { 1 })
}
