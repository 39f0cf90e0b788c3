//! `build [--deny-warnings]`: runs the whole pipeline over `input/` into `generated/`, and
//! says what it wrote.

use super::{lock, say, warn};
use crate::app::Project;
use crate::error::Error;
use crate::normalize::Severity;

pub fn run(project: &Project, deny_warnings: bool) -> Result<i32, Error> {
    // Locked before anything is read: `generated/identifiers.yaml` is read, then rewritten.
    let guard = lock(project)?;
    let (outputs, diagnostics) = project.outputs(deny_warnings)?;
    // Defects corrected by errata are recorded in the model; `lint` lists them.
    for d in diagnostics
        .iter()
        .filter(|d| d.corrected.is_none() && d.severity != Severity::Note)
    {
        warn(d);
    }
    let written = project.write(&guard, &outputs)?;
    if written.changes.is_empty() {
        say(&format!(
            "generated/ is up to date ({} files)",
            outputs.len()
        ));
    } else {
        for change in &written.changes {
            say(&change.to_string());
        }
    }
    for path in &written.left {
        warn(&format!(
            "warning: {path}: not written by build, so left in place (remove it; `check` \
             fails while it is there)"
        ));
    }
    Ok(0)
}
