//! `lint FILE [--deny-warnings] [--format text|json]`: every source defect with its position,
//! the names missing from `names.yaml`, and a summary line (or all of it as one JSON document);
//! exit 2 on errors (and on warnings when denied).

use std::io::Write;
use std::path::Path;

use super::ReportFormat;
use crate::app::lint::LintReport;
use crate::app::Project;
use crate::error::Error;

pub fn run(
    project: &Project,
    file: &Path,
    deny_warnings: bool,
    format: ReportFormat,
) -> Result<i32, Error> {
    let normalized = project.ingest(file)?;
    let (names_file, names) = project.names()?;
    let report = LintReport::new(
        &normalized,
        &names_file,
        &names.missing(&normalized.catalog),
    );
    let text = match format {
        ReportFormat::Text => report.text(),
        ReportFormat::Json => report.json(),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(report.exit_code(deny_warnings))
}
