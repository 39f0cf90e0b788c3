//! What reading a PDF reports besides its grid: the [`Coverage`] account, [`Damage`] found,
//! codes read as U+FFFD ([`Unmapped`]), line ends only guessed ([`Guess`]), and the
//! [`PdfError`] that stops a file. Plain data with its diagnostics; nothing here reads.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::grid::Grid;

/// How many glyphs the reader saw and where they went. Spaces are not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Visible glyphs drawn.
    pub glyphs: usize,
    /// Visible glyphs placed in a cell or an outside text block.
    pub placed: usize,
    /// Glyphs not drawn because they fall outside the clipping path.
    pub clipped: usize,
    /// Streams or objects that could not be decoded completely (read under
    /// [`OnDamage::Warn`](crate::read::OnDamage::Warn)): their glyphs are lost and not in
    /// `glyphs`.
    pub undecoded: usize,
}

impl Coverage {
    /// Whether every glyph of the file was read and placed.
    pub fn is_complete(&self) -> bool {
        self.placed == self.glyphs && self.undecoded == 0
    }
}

/// Content of a page that could not be read completely, found under
/// [`OnDamage::Warn`](crate::read::OnDamage::Warn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub page: u32,
    /// What is damaged and how: "content stream 12 0 R cannot be decoded (…)".
    pub what: String,
}

impl Damage {
    /// The warning `grid` shows for it.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            at: Location::page(file, self.page),
            message: format!("{}; read as far as it goes", self.what),
            corrected: None,
        }
    }
}

/// Character codes of one font on one page that no mapping gives text for, found under
/// [`OnDamage::Warn`](crate::read::OnDamage::Warn): each glyph reads as U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub page: u32,
    pub font: String,
    /// The code as the content shows it: `<0017>`.
    pub code: String,
    /// Glyphs of that code on the page.
    pub count: usize,
}

impl Unmapped {
    /// The warning `grid` shows for it.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        let times = match self.count {
            1 => String::new(),
            n => format!(" ({n} glyphs)"),
        };
        Diagnostic {
            severity: Severity::Warning,
            at: Location::page(file, self.page),
            message: format!(
                "font {}: character code {} has no Unicode mapping; read as U+FFFD{times}",
                self.font, self.code
            ),
            corrected: None,
        }
    }
}

/// A line end in a table cell that the reader could only guess (a full line before a list
/// marker, a note or after a caption, with no tags to decide), said in a sentence: a note for
/// `lint` beside the grid, not part of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    pub page: u32,
    /// The cell's top-left slot (0-based) and its box, as in the grid.
    pub row: usize,
    pub col: usize,
    pub bbox: [f64; 4],
    pub what: String,
}

impl Guess {
    /// The note `lint` shows for it.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::new(
            Severity::Note,
            Location::table_cell(file, self.page, self.row, self.col, Some(self.bbox)),
            self.what.clone(),
        )
    }
}

/// A PDF as read: its grid, the coverage account, the damage found and the codes that could
/// not be read as text (both empty under [`OnDamage::Refuse`](crate::read::OnDamage::Refuse),
/// where they are errors), and the line ends only guessed.
#[derive(Debug)]
pub struct PdfRead {
    pub grid: Grid,
    pub coverage: Coverage,
    pub damage: Vec<Damage>,
    pub unmapped: Vec<Unmapped>,
    pub guesses: Vec<Guess>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{file}: not a readable PDF: {detail}")]
    Unreadable { file: String, detail: String },
    #[error("{file}: the PDF needs a password")]
    NeedsPassword { file: String },
    #[error("{file}: the PDF has no pages")]
    NoPages { file: String },
    #[error("{file}: page {page} has no text layer")]
    NoTextLayer { file: String, page: u32 },
    #[error("{file}: page {page}: {detail}")]
    Content {
        file: String,
        page: u32,
        detail: String,
    },
    #[error("{file}: page {page}: font {font}: {detail}")]
    Font {
        file: String,
        page: u32,
        font: String,
        detail: String,
    },
    #[error("{file}: page {page}: font {font}: character code {code} has no Unicode mapping")]
    Unmapped {
        file: String,
        page: u32,
        font: String,
        code: String,
    },
    #[error("{file}: page {page}: form XObjects are nested more than {max} deep")]
    TooDeep { file: String, page: u32, max: usize },
    #[error("{file}: page {page}: {what}")]
    Damaged {
        file: String,
        page: u32,
        what: String,
    },
    #[error("{file}: page {page}: {subject} {exceeded}")]
    Limit {
        file: String,
        page: u32,
        subject: String,
        exceeded: String,
    },
}
