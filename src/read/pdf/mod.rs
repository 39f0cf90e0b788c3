//! PDF reader: PDF bytes → Grid. (Being written on its own branch; until it lands, PDFs are
//! reported as not yet readable.)

use crate::grid::Grid;

/// Whether this build can read PDF tables (false until the reader lands).
pub const AVAILABLE: bool = false;

/// Glyphs drawn on the pages vs glyphs placed in a cell or an outside text block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub glyphs: usize,
    pub placed: usize,
    pub clipped: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{file}: reading PDF tables is not available in this build")]
    NotAvailable { file: String },
}

pub fn read_pdf(file: &str, _bytes: &[u8]) -> Result<(Grid, Coverage), PdfError> {
    Err(PdfError::NotAvailable {
        file: file.to_string(),
    })
}
