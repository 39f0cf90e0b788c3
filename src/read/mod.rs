//! Readers: one per source format, each turning a file's bytes into a [`Grid`].
//!
//! This module picks the reader from the file's extension, checks that the bytes look like
//! that format, and hashes them for the model's provenance. It gives no meaning to the grid.

pub mod file;
pub mod pdf;
pub mod sheet;

use std::borrow::Cow;
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
    /// What the reader noticed but read on, each with its location: warnings (damage, a
    /// merged cell's hidden value) and notes (PDF line ends only guessed). For `lint` and
    /// `grid`; the driver decides whether a warning stops a build.
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

/// What a reader does with content it cannot decode completely (a damaged stream, a missing
/// object): the choice of the command, as data (DESIGN §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDamage {
    /// An error naming the place: what `ingest` and `build` publish must be complete.
    Refuse,
    /// A warning naming the place, and the rest read as far as it goes (`grid`, which shows
    /// what a reader saw).
    Warn,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: no such file")]
    NotFound { file: String },
    #[error("{file}: is a directory, not a source file")]
    IsDirectory { file: String },
    #[error("{file}: is {kind}, not a regular file (only regular files are read)")]
    NotRegular { file: String, kind: &'static str },
    #[error("{file}: {size} bytes, more than the {limit} bytes this tool reads from one file")]
    TooLarge { file: String, size: u64, limit: u64 },
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

/// The largest source file read, in bytes: twenty times the largest revision seen, so that
/// no one file can make the tool read without end.
pub const SOURCE_LIMIT: u64 = 256 << 20;

/// Reads one source file, refusing damage; `file` is how the path is shown in messages and
/// the model.
pub fn read_source(path: &Path, file: &str) -> Result<ReadSource, ReadError> {
    read_source_with(path, file, OnDamage::Refuse)
}

/// Reads one source file; damaged content is handled as `on_damage` says.
pub fn read_source_with(
    path: &Path,
    file: &str,
    on_damage: OnDamage,
) -> Result<ReadSource, ReadError> {
    // Missing or a folder first: that says more than the extension.
    match std::fs::metadata(path) {
        Err(e) => return Err(ReadError::from_file(file, e.into())),
        Ok(m) if m.is_dir() => {
            return Err(ReadError::from_file(file, file::FileError::IsDirectory))
        }
        Ok(_) => {}
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
    let bytes = read_file(path, file, SOURCE_LIMIT)?;
    read_held(file, kind, Cow::Owned(bytes), on_damage)
}

/// The bytes of the regular file `path` (shown as `file`), at most `limit` of them.
pub fn read_file(path: &Path, file: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    file::read_regular(path, limit).map_err(|e| ReadError::from_file(file, e))
}

impl ReadError {
    /// The error of reading `file`'s bytes.
    pub fn from_file(file: &str, e: file::FileError) -> ReadError {
        let file = file.to_string();
        match e {
            file::FileError::NotFound => ReadError::NotFound { file },
            file::FileError::IsDirectory => ReadError::IsDirectory { file },
            file::FileError::NotRegular(kind) => ReadError::NotRegular { file, kind },
            file::FileError::TooLarge { size, limit } => ReadError::TooLarge { file, size, limit },
            file::FileError::Io(e) => ReadError::Io {
                file,
                reason: e.to_string(),
            },
        }
    }
}

/// Reads a source held in memory, refusing damage.
pub fn read_bytes(file: &str, kind: SourceKind, bytes: &[u8]) -> Result<ReadSource, ReadError> {
    read_bytes_with(file, kind, bytes, OnDamage::Refuse)
}

/// Reads a source held in memory; damaged content is handled as `on_damage` says.
pub fn read_bytes_with(
    file: &str,
    kind: SourceKind,
    bytes: &[u8],
    on_damage: OnDamage,
) -> Result<ReadSource, ReadError> {
    read_held(file, kind, Cow::Borrowed(bytes), on_damage)
}

/// [`read_bytes_with`] of borrowed or owned bytes: the PDF reader frees owned ones once it has
/// loaded the file's objects, so that a large file is not held twice while its pages are read.
fn read_held(
    file: &str,
    kind: SourceKind,
    bytes: Cow<'_, [u8]>,
    on_damage: OnDamage,
) -> Result<ReadSource, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    let sha256 = hex_digest(&bytes);
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
            let read = pdf::read_pdf_with(file, bytes, on_damage)?;
            // Damage first (what could not be read at all), then the glyphs read as U+FFFD,
            // then the line ends only guessed.
            let warnings = read
                .damage
                .iter()
                .map(|d| d.diagnostic(file))
                .chain(read.unmapped.iter().map(|u| u.diagnostic(file)))
                .chain(read.guesses.iter().map(|g| g.diagnostic(file)))
                .collect();
            (read.grid, Some(read.coverage), warnings)
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
            let (grid, warnings) = sheet::read_sheets(file, &bytes, format)?;
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
