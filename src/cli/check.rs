//! `check`: verifies that `generated/` is what `build` would write; exit 1, with what differs,
//! otherwise.

use super::{say, waiting};
use crate::app::{Project, Stale};
use crate::error::Error;

pub fn run(project: &Project) -> Result<i32, Error> {
    let guard = project.lock_shared(&mut waiting)?;
    let (outputs, _) = project.outputs(false)?;
    let stale = project.stale(guard.as_ref(), &outputs)?;
    if stale.is_empty() {
        say(&format!(
            "generated/ is up to date ({} files)",
            outputs.len()
        ));
        return Ok(0);
    }
    for s in &stale {
        say(&match s {
            Stale::Missing(p) => format!("missing: {p}"),
            Stale::Orphaned {
                path,
                removed_by_build: true,
            } => format!("not written by build (orphaned): {path} (build removes it)"),
            Stale::Orphaned {
                path,
                removed_by_build: false,
            } => format!(
                "not written by build (orphaned): {path} (build did not write it and leaves \
                 it; remove it by hand)"
            ),
            Stale::Foreign { path, kind } => format!(
                "not a regular file: {path} is {kind} (build refuses to run until it is removed)"
            ),
            Stale::Interrupted => "interrupted: a build was stopped while writing generated/ \
                                   (the next build finishes or discards it)"
                .to_string(),
            Stale::Changed { path, diff } => format!("differs: {path}\n{diff}"),
        });
    }
    say(&format!(
        "generated/ is stale ({} files); run `cargo run --release -- build`",
        stale.len()
    ));
    Ok(1)
}
