//! `diff OLD NEW [--out DIR] [--format md|html|json] [--lang ja|en] [--fail-on breaking|any]`:
//! prints the change notes (Markdown in Japanese by default), or writes them into a folder (every
//! format and language not chosen), and the pair's warnings on standard error; exit 1 when a change of the `--fail-on` class was found (any change by
//! default), 0 otherwise.

use std::io::Write;
use std::path::Path;

use super::{warn, FailOn};
use crate::app::{diff, Project};
use crate::diff::{ChangeSet, Class};
use crate::error::Error;
use crate::render::notes::Lang;
use crate::terminal;

/// Where the notes go and in what: standard output (`out` none) in one format and language
/// (Markdown and Japanese unless chosen), or a folder in those chosen (all when not).
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    pub out: Option<&'a Path>,
    pub format: Option<&'a str>,
    pub lang: Option<Lang>,
}

pub fn run(
    project: &Project,
    old: &Path,
    new: &Path,
    output: Output<'_>,
    fail_on: FailOn,
) -> Result<i32, Error> {
    let Output { out, format, lang } = output;
    let compared = diff::compare(project, old, new)?;
    for warning in &compared.warnings {
        warn(warning);
    }
    let notes = compared.notes();
    match out {
        None => {
            let format = format.unwrap_or("md");
            // The catalog's people read Japanese; the English notes are one option away.
            let text = diff::render(&notes, format, lang.unwrap_or(Lang::Ja))?;
            // Markdown is read on the terminal: escaped. HTML and JSON are data for a program
            // or a file, printed as they are.
            let text = match format {
                "md" => terminal::text(&text),
                _ => std::borrow::Cow::Borrowed(text.as_str()),
            };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        Some(dir) => {
            for path in diff::write(dir, &notes, format, lang)? {
                warn(&format!("wrote {}", project.display(&path)));
            }
        }
    }
    Ok(if fails(&compared.changes, fail_on) {
        1
    } else {
        0
    })
}

/// Whether `changes` hold a change of the class `fail_on` names.
fn fails(changes: &ChangeSet, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Any => !changes.is_empty(),
        FailOn::Breaking => changes.count(Class::Breaking) > 0,
    }
}
