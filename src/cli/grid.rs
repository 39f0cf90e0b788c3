//! `grid FILE [--stats]`: what a reader saw (cells, spans, positions) as JSON, or the PDF
//! reader's glyph account.

use std::path::Path;

use super::{emit, say, warn};
use crate::app::Project;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::model::yaml;

pub fn run(project: &Project, file: &Path, stats: bool) -> Result<i32, Error> {
    let name = project.display(file);
    // `grid` shows what a reader saw: damaged content is a warning here, not an error.
    let src = crate::read::read_source_with(file, &name, crate::read::OnDamage::Warn)?;
    // Notes (line ends only guessed) are `lint`'s; the grid shows the cells they are in.
    for w in src.warnings.iter().filter(|w| w.severity != Severity::Note) {
        warn(w);
    }
    if stats {
        let cells: usize = src
            .grid
            .pages
            .iter()
            .flat_map(|p| &p.tables)
            .map(|t| t.cells.len())
            .sum();
        let tables: usize = src.grid.pages.iter().map(|p| p.tables.len()).sum();
        say(&format!(
            "{name}: {} pages, {tables} tables, {cells} cells",
            src.grid.pages.len()
        ));
        if let Some(c) = src.coverage {
            let pct = if c.glyphs == 0 {
                100.0
            } else {
                100.0 * c.placed as f64 / c.glyphs as f64
            };
            say(&format!(
                "glyphs: {} drawn, {} placed ({pct:.1} %), {} clipped away",
                c.glyphs, c.placed, c.clipped
            ));
            if c.undecoded > 0 {
                say(&format!(
                    "{} streams or objects could not be decoded: their content is lost",
                    c.undecoded
                ));
            }
        }
        return Ok(0);
    }
    emit(None, &yaml::to_json(&src.grid))
}
