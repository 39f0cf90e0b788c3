//! Normalization: Grid → Catalog (DESIGN §3).
//!
//! Finds the title line and its version, the header row of each table (columns by meaning),
//! the data rows and the notes under the table (`layout`); groups rows by display code, fills
//! merged and continued cells down within a group, parses headings, message IDs and contacts
//! and applies the reviewed errata (`group`); splits the lines under the table into footnotes
//! and notes (`footnotes`). Every piece of text of the grid is accounted for (`ledger`): it is
//! placed in the model or recognized as layout (title lines, header captions) exactly once, or
//! the run fails naming where it is.
//!
//! It does not read files and does not judge names for generated code (see `model::names`).
//! Of the geometry it uses only what tells text above a table from text below it (`layout`):
//! the reader already decided spans, lines and wraps.

pub mod errata;
mod footnotes;
mod group;
pub mod header;
mod layout;
mod ledger;
pub mod text;

pub use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::grid::Grid;
use crate::model::{Catalog, Document, Source, FORMAT};
use errata::Errata;
pub use ledger::Misplaced;

/// The model of one source, with what was found on the way.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
    /// Non-white-space characters in the grid and in what the model holds of it.
    pub chars_read: usize,
    pub chars_placed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    #[error("{at}: no table header found (looking for {wanted}){best}")]
    NoHeader {
        at: Location,
        wanted: String,
        best: String,
    },
    #[error("{at}: the header lacks the columns {missing}")]
    MissingColumns { at: Location, missing: String },
    #[error("{at}: no version in the title line (expected 「…一覧 1.20版」){found}")]
    NoVersion { at: Location, found: String },
    #[error("{at}: the table has a header but no rows")]
    NoRows { at: Location },
    #[error("{at}: a row without a display code comes before any code group")]
    OrphanRow { at: Location },
    /// `first` is in the same file: the message names only its place.
    #[error("{at}: code {code} appears a second time (first at {})", .first.place)]
    DuplicateCode {
        at: Location,
        code: String,
        first: Location,
    },
    #[error("{at}: text was read but {how}: 「{text}」 ({read} characters read, {placed} placed)")]
    Unplaced {
        at: Location,
        how: Misplaced,
        text: String,
        read: usize,
        placed: usize,
    },
}

impl NormalizeError {
    /// Where the error is.
    pub fn at(&self) -> &Location {
        match self {
            NormalizeError::NoHeader { at, .. }
            | NormalizeError::MissingColumns { at, .. }
            | NormalizeError::NoVersion { at, .. }
            | NormalizeError::NoRows { at }
            | NormalizeError::OrphanRow { at }
            | NormalizeError::DuplicateCode { at, .. }
            | NormalizeError::Unplaced { at, .. } => at,
        }
    }
}

/// Normalizes a grid read from `source` into the canonical model.
pub fn normalize(
    grid: &Grid,
    source: Source,
    errata: &Errata,
) -> Result<Normalized, NormalizeError> {
    let file = source.file.clone();
    let mut ledger = ledger::Ledger::of(&file, grid);
    let layout = layout::recognize(&file, grid, &mut ledger)?;
    let mut diagnostics = layout.diagnostics;
    let title = layout::title(&file, &layout.before, &mut ledger, &mut diagnostics)?;
    let grouped =
        group::Grouping::new(&title.version, errata, &mut ledger).run(&file, layout.rows)?;
    diagnostics.extend(grouped.diagnostics);
    let (footnotes, more_notes) = footnotes::footnotes(layout.after, &mut ledger);
    let mut notes = title.notes;
    notes.extend(more_notes);
    let account = ledger.check()?;
    let catalog = Catalog {
        format: FORMAT,
        document: Document {
            title: title.title,
            version: title.version,
            source,
            cross_checked: Vec::new(),
        },
        codes: grouped.codes,
        footnotes,
        notes,
    };
    Ok(Normalized {
        catalog,
        diagnostics,
        chars_read: account.read,
        chars_placed: account.placed,
    })
}
