//! `render TARGET [--out DIR]`: one target's files, each written only when its bytes change.

use std::path::Path;

use super::{lock, say};
use crate::app::{store, Project};
use crate::error::Error;
use crate::history::History;
use crate::model::Catalog;
use crate::render::{render_target, RenderInput, Target};

pub fn run(project: &Project, target: Target, out: Option<&Path>) -> Result<i32, Error> {
    // Into generated/: locked before `generated/identifiers.yaml` is read, as `build` does.
    let guard = match out {
        None => Some(lock(project)?),
        Some(_) => None,
    };
    let catalogs: Vec<Catalog> = project
        .revisions()?
        .into_iter()
        .map(|r| r.catalog)
        .collect();
    let identifiers = project.identifiers()?;
    let series = crate::render::rust_api::series(&catalogs, &identifiers)?;
    let history = History::new(&catalogs, &series.changes);
    let input = RenderInput {
        catalogs: &catalogs,
        identifiers: &identifiers,
        series: &series,
        history: &history,
    };
    let files = render_target(input, target)?;
    match out {
        Some(dir) => {
            for (rel, bytes) in &files {
                let name = rel
                    .strip_prefix(target.dir())
                    .unwrap_or(rel)
                    .trim_start_matches('/');
                let path = dir.join(name);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                if store::write_file(&path, bytes)? {
                    say(&format!("wrote {}", project.display(&path)));
                }
            }
        }
        None => {
            if let Some(guard) = &guard {
                for change in project.write_some(guard, &files)? {
                    say(&change.to_string());
                }
            }
        }
    }
    Ok(0)
}
