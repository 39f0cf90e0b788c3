//! The error of a whole run, as the CLI reports it: every variant names the file and, where it
//! applies, the page, sheet, cell or line.

use crate::model::yaml::YamlError;
use crate::normalize::{Diagnostic, NormalizeError};
use crate::read::ReadError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Normalize(#[from] NormalizeError),
    #[error(transparent)]
    Yaml(#[from] YamlError),
    /// A template or a target that could not be rendered (exit 2, like every error).
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Store(#[from] crate::app::store::StoreError),
    #[error("{}", refused(.file, .diagnostics))]
    Refused {
        file: String,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("{names}: no identifier for {} (add {})", .missing.join(", "), .hint)]
    MissingNames {
        names: String,
        missing: Vec<String>,
        hint: String,
    },
    #[error(
        "{names}: published identifiers would change meaning (see {published}):\n  {}",
        .problems.join("\n  ")
    )]
    Unstable {
        names: String,
        published: String,
        problems: Vec<String>,
    },
    #[error("{file}: the title says version {version}, but the file is in the folder of {folder}")]
    VersionFolder {
        file: String,
        version: String,
        folder: String,
    },
    #[error(
        "{file}: a source directly under input/ is not read; file it under its revision with \
         `oqs-catalog add {file}`"
    )]
    LooseSource { file: String },
    #[error("{dir}: no source file (.pdf, .xlsx, .ods) in this revision folder")]
    NoSource { dir: String },
    #[error("{first} and {second} disagree: {detail}")]
    CrossCheck {
        first: String,
        second: String,
        detail: String,
    },
    #[error("revision {version} is read from both {first} and {second}")]
    DuplicateVersion {
        version: String,
        first: String,
        second: String,
    },
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{0}")]
    Usage(String),
}

fn refused(file: &str, diagnostics: &[Diagnostic]) -> String {
    let blocking: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.blocks())
        .map(|d| format!("  {d}"))
        .collect();
    let (what, list) = if blocking.is_empty() {
        (
            "warnings (refused because of --deny-warnings)",
            diagnostics.iter().map(|d| format!("  {d}")).collect(),
        )
    } else {
        ("errors", blocking)
    };
    format!(
        "{file}: source defects stop the build, {what}:\n{}",
        list.join("\n")
    )
}

impl Error {
    pub fn io(path: impl AsRef<std::path::Path>, e: std::io::Error) -> Error {
        let shown = path.as_ref().display().to_string();
        Error::Io {
            path: shown
                .strip_prefix("./")
                .map(str::to_string)
                .unwrap_or(shown),
            reason: e.to_string(),
        }
    }
}
