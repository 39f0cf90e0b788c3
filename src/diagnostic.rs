//! Findings that do not stop the work by themselves: source defects, reader warnings and
//! notes, each with where it is. Every stage returns them beside its result (DESIGN §2); the
//! driver decides what stops a build, and the CLI prints them.

use std::fmt;

/// How serious a finding is: errors stop `build`, warnings stop it only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Not a defect: something a reader should check (`lint` lists it, `build` does not).
    Note,
}

/// A source defect found while normalizing, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `file: sheet!E52` or `file: page 4, row 7`.
    pub at: String,
    pub message: String,
    /// The reason of the erratum that corrects it, when `input/errata.yaml` has one.
    pub corrected: Option<String>,
}

impl Diagnostic {
    /// Whether it still blocks a build (an error no erratum corrects).
    pub fn blocks(&self) -> bool {
        self.severity == Severity::Error && self.corrected.is_none()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}: {level}: {}", self.at, self.message)?;
        if let Some(reason) = &self.corrected {
            write!(f, " (corrected by errata: {reason})")?;
        }
        Ok(())
    }
}
