//! Spreadsheet reader: `.xlsx` and `.ods` bytes → Grid, with warnings.
//!
//! Each sheet becomes one page holding one table that spans the sheet's used range, with slot
//! (row, col) = the sheet's 0-based row and column, so every cell keeps its own reference
//! (`E17`). Merged regions become spans (`table`). Which rows are the title, the header, data
//! or notes is decided by `normalize`, not here. Error cells are data: their text (`#N/A`) is
//! kept.
//!
//! The reader streams each part's XML itself (`xlsx`, `ods`, on quick-xml) and keeps only the
//! cells that hold something, so memory follows the content, never a count or an address the
//! file claims; every cost is counted against a budget (`budget`), every reference checked
//! against the sheet's limits (`cellref`), every part checked and counted as it is unpacked
//! (`package`). It was built on calamine until issue 10: calamine's ranges are dense (one
//! cell at `ZZ200000` took 4.4 GB), it pre-allocated from `uniqueCount`, capped ODS repeats by
//! dropping the rows after them, and overflowed on some references (issue 17). calamine stays
//! the reference its output is compared with (`tests/it/sheet_parity.rs`).

mod budget;
mod cellref;
mod ods;
mod package;
mod table;
mod value;
mod xlsx;
mod xml;

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Location;
use crate::grid::{cell_ref, Grid, Page};
use budget::Budget;
pub use budget::{Exceeded, MAX_CELLS, MAX_SHEETS, MAX_TEXT, MAX_UNPACKED};
use cellref::{Pos, RefError};
pub use cellref::{MAX_COLS, MAX_ROWS};

/// Which spreadsheet format the bytes are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Ods,
}

impl SheetFormat {
    fn name(self) -> &'static str {
        match self {
            SheetFormat::Xlsx => "xlsx",
            SheetFormat::Ods => "ods",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{file}: not a readable {format} workbook ({reason})")]
    Open {
        file: String,
        format: &'static str,
        reason: String,
    },
    #[error("{file}: {part}: {reason}")]
    Part {
        file: String,
        part: String,
        reason: String,
    },
    #[error("{at}: cannot be read ({reason})")]
    Sheet { at: Location, reason: String },
    /// `at` is a cell, or a range of cells (`A1:B2`).
    #[error("{at}: {reason}")]
    Cell { at: Location, reason: String },
    #[error("{file}: the workbook has no sheet with any content")]
    Empty { file: String },
    #[error("{file}: the workbook unpacks to more than {limit_mib} MiB ({part} alone is {size_mib} MiB)")]
    TooLarge {
        file: String,
        part: String,
        size_mib: u64,
        limit_mib: u64,
    },
    #[error("{file}: {place}: {what}")]
    Budget {
        file: String,
        place: String,
        what: Exceeded,
    },
    #[error("{file}: {part}: the zip entry is damaged ({reason})")]
    Damaged {
        file: String,
        part: String,
        reason: String,
    },
    #[error("{file}: the zip holds two entries named {name}")]
    DuplicateEntry { file: String, name: String },
    #[error(
        "{file}: zip entries {first} and {second} name the same part (part names ignore case)"
    )]
    SameName {
        file: String,
        first: String,
        second: String,
    },
    #[error("{file}: two sheets are named {name}")]
    DuplicateSheet { file: String, name: String },
}

impl SheetError {
    fn open(file: &str, format: SheetFormat, reason: String) -> SheetError {
        SheetError::Open {
            file: file.to_string(),
            format: format.name(),
            reason,
        }
    }
}

/// One sheet as a reader found it: what it holds, sparse, in reading order.
struct RawSheet {
    name: String,
    cells: Vec<(Pos, String)>,
    /// First and last positions of each merged range.
    merges: Vec<(Pos, Pos)>,
}

impl RawSheet {
    fn new(name: String) -> Self {
        RawSheet {
            name,
            cells: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// Keeps a cell that holds text (white space alone is nothing).
    fn push(
        &mut self,
        file: &str,
        pos: Pos,
        text: String,
        budget: &mut Budget,
    ) -> Result<(), SheetError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        budget
            .cell(text.len())
            .map_err(|what| self.over(file, pos, what))?;
        self.cells.push((pos, text));
        Ok(())
    }

    fn merge(
        &mut self,
        file: &str,
        first: Pos,
        last: Pos,
        budget: &mut Budget,
    ) -> Result<(), SheetError> {
        budget
            .cell(0)
            .map_err(|what| self.over(file, first, what))?;
        self.merges.push((first, last));
        Ok(())
    }

    fn over(&self, file: &str, pos: Pos, what: Exceeded) -> SheetError {
        SheetError::Budget {
            file: file.to_string(),
            place: format!("{}!{}", self.name, cell_ref(pos.0 as usize, pos.1 as usize)),
            what,
        }
    }

    fn error(&self, file: &str, reason: String) -> SheetError {
        SheetError::Sheet {
            at: Location::sheet(file, &self.name),
            reason,
        }
    }

    /// A reference that is no position: `cell` is how the file spells it.
    fn cell_error(&self, file: &str, cell: &str, why: &RefError) -> SheetError {
        SheetError::Cell {
            at: Location::cell(file, &self.name, &xml::quote(cell)),
            reason: why.reason(),
        }
    }

    fn at(&self, file: &str, pos: Pos, reason: String) -> SheetError {
        SheetError::Cell {
            at: Location::cell(file, &self.name, &cell_ref(pos.0 as usize, pos.1 as usize)),
            reason,
        }
    }
}

/// Sheet names seen so far: a reference `name!E17` must name one sheet, and applications
/// compare names without case.
struct SheetNames<'f> {
    file: &'f str,
    seen: HashSet<String>,
}

impl<'f> SheetNames<'f> {
    fn new(file: &'f str) -> Self {
        SheetNames {
            file,
            seen: HashSet::new(),
        }
    }

    fn add(&mut self, name: &str) -> Result<(), SheetError> {
        if !self.seen.insert(name.to_lowercase()) {
            return Err(SheetError::DuplicateSheet {
                file: self.file.to_string(),
                name: name.to_string(),
            });
        }
        Ok(())
    }
}

/// Reads every sheet of a workbook into a grid, with what the reader noticed but read on.
pub fn read_sheets(
    file: &str,
    bytes: &[u8],
    format: SheetFormat,
) -> Result<(Grid, Vec<Diagnostic>), SheetError> {
    let mut budget = Budget::default();
    let mut pkg = package::Package::open(file, bytes, format)?;
    let sheets = match format {
        SheetFormat::Xlsx => xlsx::read(&mut pkg, &mut budget, file)?,
        SheetFormat::Ods => ods::read(&mut pkg, &mut budget, file)?,
    };
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    for (index, sheet) in sheets.into_iter().enumerate() {
        let name = sheet.name.clone();
        let (table, mut found) = table::build(file, sheet)?;
        warnings.append(&mut found);
        if table.cells.is_empty() {
            continue;
        }
        pages.push(Page {
            page: u32::try_from(index + 1).unwrap_or(u32::MAX),
            sheet: Some(name),
            tables: vec![table],
            outside: Vec::new(),
        });
    }
    if pages.is_empty() {
        return Err(SheetError::Empty {
            file: file.to_string(),
        });
    }
    Ok((Grid { pages }, warnings))
}
