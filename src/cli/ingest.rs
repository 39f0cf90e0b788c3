//! `ingest FILE [--format yaml|json] [-o OUT] [-v]`: the canonical model of one source file;
//! errors and warnings on standard error, notes too with `--verbose`.

use std::path::Path;

use super::{emit, warn, Format};
use crate::app::Project;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::model::yaml;

pub fn run(
    project: &Project,
    file: &Path,
    format: Format,
    output: Option<&Path>,
    verbose: bool,
) -> Result<i32, Error> {
    let normalized = project.ingest(file)?;
    // Defects corrected by errata are recorded in the model, and notes change nothing in it:
    // both are `lint`'s to list (notes here with --verbose; issue 15: they came on every run).
    for d in normalized
        .diagnostics
        .iter()
        .filter(|d| d.shown() != Severity::Note || (verbose && d.corrected.is_none()))
    {
        warn(d);
    }
    // The exit status agrees with what was printed: an `error:` above is a failure, and the
    // model of a source with an uncorrected defect is not published.
    let errors = normalized.diagnostics.iter().filter(|d| d.blocks()).count();
    if errors > 0 {
        return Err(Error::Usage(format!(
            "{}: {errors} source defect{} above; no model written (correct {} in \
             input/errata.yaml, or see `lint`)",
            project.display(file),
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" },
        )));
    }
    let text = match format {
        Format::Yaml => crate::app::catalog_yaml(&normalized.catalog)?,
        Format::Json => yaml::to_json(&normalized.catalog),
    };
    emit(output, &text)
}
