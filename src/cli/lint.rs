//! `lint FILE [--deny-warnings]`: every source defect with its position, the names missing
//! from `names.yaml`, and a summary line; exit 2 on errors (and on warnings when denied).

use std::io::Write;
use std::path::Path;

use crate::app::Project;
use crate::error::Error;
use crate::normalize::Severity;
use crate::terminal;

pub fn run(project: &Project, file: &Path, deny_warnings: bool) -> Result<i32, Error> {
    let normalized = project.ingest(file)?;
    let (names_file, names) = project.names()?;
    let mut out = std::io::stdout().lock();
    let mut errors = 0;
    let mut warnings = 0;
    let mut notes = 0;
    for d in &normalized.diagnostics {
        let _ = writeln!(out, "{}", terminal::message(&d.to_string()));
        if d.blocks() {
            errors += 1;
        } else if d.severity == Severity::Warning {
            warnings += 1;
        } else if d.severity == Severity::Note {
            notes += 1;
        }
    }
    for m in names.missing(&normalized.catalog) {
        errors += 1;
        let line = format!(
            "{names_file}: error: no identifier for {} 「{}」 (used by {}); add `{}: Identifier` under `{}:`",
            m.section,
            terminal::quote(&m.name),
            terminal::quote(&m.first_use),
            terminal::quote(&m.name),
            m.section
        );
        let _ = writeln!(out, "{}", terminal::message(&line));
    }
    let c = &normalized.catalog;
    let summary = format!(
        "{}: revision {}, {} codes, {} entries; {} characters read, {} placed; {errors} errors, {warnings} warnings, {notes} notes",
        c.document.source.file,
        terminal::quote(&c.document.version),
        c.codes.len(),
        c.entries().count(),
        normalized.chars_read,
        normalized.chars_placed
    );
    let _ = writeln!(out, "{}", terminal::message(&summary));
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        2
    } else {
        0
    })
}
