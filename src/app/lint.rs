//! The report of `lint`: a source's diagnostics, the names `names.yaml` lacks, and the
//! figures of its model, as one value printed as text (the default) or as one JSON document
//! (`lint --format json`, every position a structured [`Location`]).
//!
//! Input: a normalized source and the names it lacks. Output: text or JSON, and the exit code.
//! It reads no file and decides nothing about the source; the CLI prints what it returns.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::names::MissingName;
use crate::normalize::Normalized;
use crate::terminal;

/// What `lint` found in one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintReport {
    /// The source file as named to the user.
    pub file: String,
    /// The revision its title names.
    pub revision: String,
    pub codes: usize,
    pub entries: usize,
    /// Non-white-space characters the reader saw, and those the model holds.
    pub chars_read: usize,
    pub chars_placed: usize,
    /// Errors that block a build (no erratum corrects them), warnings, notes.
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Reader and normalization findings, then the names `names.yaml` lacks, in that order.
    pub diagnostics: Vec<Diagnostic>,
}

impl LintReport {
    /// The report of `normalized`, whose names missing from `names_file` are `missing`.
    pub fn new(normalized: &Normalized, names_file: &str, missing: &[MissingName]) -> LintReport {
        let mut diagnostics = normalized.diagnostics.clone();
        diagnostics.extend(missing.iter().map(|m| {
            Diagnostic::new(
                Severity::Error,
                Location::file(names_file),
                format!(
                    "no identifier for {} 「{}」 (used by {}); add `{}: Identifier` under `{}:`",
                    m.section,
                    terminal::quote(&m.name),
                    terminal::quote(&m.first_use),
                    terminal::quote(&m.name),
                    m.section
                ),
            )
        }));
        let count = |pick: fn(&Diagnostic) -> bool| diagnostics.iter().filter(|d| pick(d)).count();
        let c = &normalized.catalog;
        LintReport {
            file: c.document.source.file.clone(),
            revision: c.document.version.clone(),
            codes: c.codes.len(),
            entries: c.entries().count(),
            chars_read: normalized.chars_read,
            chars_placed: normalized.chars_placed,
            errors: count(|d| d.shown() == Severity::Error),
            warnings: count(|d| d.shown() == Severity::Warning),
            notes: count(|d| d.shown() == Severity::Note),
            diagnostics,
        }
    }

    /// The exit code: 2 when an error blocks a build, or a warning with `deny_warnings`.
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        if self.errors > 0 || (deny_warnings && self.warnings > 0) {
            2
        } else {
            0
        }
    }

    /// One line per diagnostic, then the summary line, escaped for a terminal.
    pub fn text(&self) -> String {
        let summary = format!(
            "{}: revision {}, {} codes, {} entries; {} characters read, {} placed; {} errors, {} warnings, {} notes",
            self.file,
            terminal::quote(&self.revision),
            self.codes,
            self.entries,
            self.chars_read,
            self.chars_placed,
            self.errors,
            self.warnings,
            self.notes
        );
        self.diagnostics
            .iter()
            .map(|d| d.to_string())
            .chain([summary])
            .map(|line| terminal::message(&line) + "\n")
            .collect()
    }

    /// The report as one JSON document (JSON escapes every control character itself).
    pub fn json(&self) -> String {
        crate::model::yaml::to_json(self)
    }
}
