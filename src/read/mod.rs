//! Readers: one per source format, each turning a file's bytes into a [`Grid`].
//!
//! This module picks the reader from the file's extension, checks that the bytes look like
//! that format, and hashes them for the model's provenance. It gives no meaning to the grid.

pub mod pdf;
pub mod sheet;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::grid::Grid;
use crate::model::SourceKind;

/// A source file as read: its grid, its kind and its hash.
#[derive(Debug, Clone)]
pub struct ReadSource {
    /// The file as named to the user (relative to the project when inside it).
    pub file: String,
    pub kind: SourceKind,
    pub sha256: String,
    pub grid: Grid,
    /// Glyphs drawn vs placed, for PDFs.
    pub coverage: Option<pdf::Coverage>,
    /// What the reader noticed but read on (for `lint` and `grid`; the driver decides whether
    /// a warning stops a build).
    pub warnings: Vec<Diagnostic>,
}

impl ReadSource {
    /// The model's provenance record of this source.
    pub fn source(&self) -> crate::model::Source {
        crate::model::Source {
            file: self.file.clone(),
            kind: self.kind,
            sha256: self.sha256.clone(),
            pages: match self.kind {
                SourceKind::Pdf => u32::try_from(self.grid.pages.len()).ok(),
                _ => None,
            },
            sheets: self
                .grid
                .pages
                .iter()
                .filter_map(|p| p.sheet.clone())
                .collect(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: no such file")]
    NotFound { file: String },
    #[error("{file}: is a directory, not a source file")]
    IsDirectory { file: String },
    #[error("{file}: cannot be read ({reason})")]
    Io { file: String, reason: String },
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: unsupported format `{extension}` (expected .pdf, .xlsx or .ods)")]
    Unsupported { file: String, extension: String },
    #[error("{file}: not a {expected} file (its first bytes do not match)")]
    WrongContent {
        file: String,
        expected: &'static str,
    },
    #[error(transparent)]
    Sheet(#[from] sheet::SheetError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// The source kind named by a path's extension, if it is one this tool reads.
pub fn kind_of(path: &Path) -> Option<SourceKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some(SourceKind::Pdf),
        "xlsx" | "xlsm" => Some(SourceKind::Xlsx),
        "ods" => Some(SourceKind::Ods),
        _ => None,
    }
}

/// Reads one source file; `file` is how the path is shown in messages and the model.
pub fn read_source(path: &Path, file: &str) -> Result<ReadSource, ReadError> {
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound {
            file: file.to_string(),
        },
        _ => ReadError::Io {
            file: file.to_string(),
            reason: e.to_string(),
        },
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory {
            file: file.to_string(),
        });
    }
    let Some(kind) = kind_of(path) else {
        return Err(ReadError::Unsupported {
            file: file.to_string(),
            extension: path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_else(|| "(none)".to_string()),
        });
    };
    let bytes = std::fs::read(path).map_err(io)?;
    read_bytes(file, kind, &bytes)
}

/// Reads a source held in memory.
pub fn read_bytes(file: &str, kind: SourceKind, bytes: &[u8]) -> Result<ReadSource, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    let sha256 = hex_digest(bytes);
    let (grid, coverage, warnings) = match kind {
        SourceKind::Pdf => {
            if !bytes.starts_with(b"%PDF-")
                && !bytes[..bytes.len().min(1024)]
                    .windows(5)
                    .any(|w| w == b"%PDF-")
            {
                return Err(ReadError::WrongContent {
                    file: file.to_string(),
                    expected: "PDF",
                });
            }
            let (grid, coverage) = pdf::read_pdf(file, bytes)?;
            (grid, Some(coverage), Vec::new())
        }
        SourceKind::Xlsx | SourceKind::Ods => {
            // Both are ZIP packages (ECMA-376 Part 2, ODF 1.2 Part 3).
            if !bytes.starts_with(b"PK") {
                return Err(ReadError::WrongContent {
                    file: file.to_string(),
                    expected: if kind == SourceKind::Xlsx {
                        "spreadsheet (xlsx)"
                    } else {
                        "spreadsheet (ods)"
                    },
                });
            }
            let format = if kind == SourceKind::Xlsx {
                sheet::SheetFormat::Xlsx
            } else {
                sheet::SheetFormat::Ods
            };
            let (grid, warnings) = sheet::read_sheets(file, bytes, format)?;
            (grid, None, warnings)
        }
    };
    Ok(ReadSource {
        file: file.to_string(),
        kind,
        sha256,
        grid,
        coverage,
        warnings,
    })
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
