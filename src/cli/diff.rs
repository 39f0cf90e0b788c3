//! `diff OLD NEW [--out DIR] [--format md|html|json]`: prints the change notes (Markdown by
//! default), or writes them into a folder; exit 0 when the revisions have the same content,
//! 1 when they differ.

use std::io::Write;
use std::path::Path;

use super::warn;
use crate::app::{diff, Project};
use crate::error::Error;
use crate::terminal;

pub fn run(
    project: &Project,
    old: &Path,
    new: &Path,
    out: Option<&Path>,
    format: Option<&str>,
) -> Result<i32, Error> {
    let compared = diff::compare(project, old, new)?;
    for warning in &compared.warnings {
        warn(warning);
    }
    let notes = compared.notes();
    match out {
        None => {
            let format = format.unwrap_or("md");
            let text = diff::render(&notes, format)?;
            // Markdown is read on the terminal: escaped. HTML and JSON are data for a program
            // or a file, printed as they are.
            let text = match format {
                "md" => terminal::text(&text),
                _ => std::borrow::Cow::Borrowed(text.as_str()),
            };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        Some(dir) => {
            for path in diff::write(dir, &notes, format)? {
                warn(&format!("wrote {}", project.display(&path)));
            }
        }
    }
    Ok(if compared.changes.is_empty() { 0 } else { 1 })
}
