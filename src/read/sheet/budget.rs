//! What one workbook may make the reader do: bytes unpacked from all parts read, sheets,
//! cells kept, text kept, shared strings and merges. Counted as the work happens, never taken
//! from a count the file claims (issue 10: a `count` of 10^12 in sharedStrings.xml, a cell at
//! `ZZ200000` or 10,000 sheets reusing one part must cost what they hold, or stop here).
//!
//! The limits are far above any real catalog (the 1.20 workbook unpacks to 0.1 MiB and holds
//! 494 cells and 0.1 MiB of text) and low enough that every command on what passes stays
//! within issue 10's 10 s and 1 GB: measured with release builds, `build` took 13.8 s on
//! 40,000 one-cell entries (rendering grows faster than linearly) but 2.1 s on 20,000, and
//! `check` peaked at 858 MB on 60 MiB of text. This module only counts; the readers name the
//! file and place in the error.

use std::fmt;

/// Bytes all parts read may unpack to, each reading counted.
pub const MAX_UNPACKED: u64 = 256 << 20;
/// Sheets a workbook may list.
pub const MAX_SHEETS: usize = 1_000;
/// Non-empty cells plus merged ranges kept, over all sheets: each costs a grid cell, and
/// each can make an entry (50 times the 1.20 workbook).
pub const MAX_CELLS: usize = 25_000;
/// Bytes of cell text kept, over all sheets (a shared string counts at every use; the shared
/// strings themselves count once).
pub const MAX_TEXT: usize = 16 << 20;
/// Entries of the shared-string table.
pub const MAX_SHARED_STRINGS: usize = 1 << 20;

/// Which budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Unpacked,
    Sheets,
    Cells,
    Text,
    SharedStrings,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exceeded::Unpacked => write!(
                f,
                "the workbook unpacks to more than {} MiB (counting every part read)",
                MAX_UNPACKED >> 20
            ),
            Exceeded::Sheets => write!(f, "the workbook lists more than {MAX_SHEETS} sheets"),
            Exceeded::Cells => write!(
                f,
                "the workbook holds more than {MAX_CELLS} non-empty or merged cells"
            ),
            Exceeded::Text => write!(
                f,
                "the workbook's cells hold more than {} MiB of text",
                MAX_TEXT >> 20
            ),
            Exceeded::SharedStrings => write!(
                f,
                "the shared-string table has more than {MAX_SHARED_STRINGS} entries"
            ),
        }
    }
}

/// What is left of each budget.
#[derive(Debug)]
pub struct Budget {
    unpacked: u64,
    sheets: usize,
    cells: usize,
    text: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            unpacked: MAX_UNPACKED,
            sheets: MAX_SHEETS,
            cells: MAX_CELLS,
            text: MAX_TEXT,
        }
    }
}

fn take<T: Copy + PartialOrd + std::ops::Sub<Output = T>>(
    left: &mut T,
    n: T,
    what: Exceeded,
) -> Result<(), Exceeded> {
    if n > *left {
        return Err(what);
    }
    *left = *left - n;
    Ok(())
}

impl Budget {
    /// Bytes that may still be unpacked.
    pub fn unpacked_left(&self) -> u64 {
        self.unpacked
    }

    pub fn unpack(&mut self, bytes: u64) -> Result<(), Exceeded> {
        take(&mut self.unpacked, bytes, Exceeded::Unpacked)
    }

    pub fn sheet(&mut self) -> Result<(), Exceeded> {
        take(&mut self.sheets, 1, Exceeded::Sheets)
    }

    /// One kept cell holding `text_len` bytes (a merged range holds none).
    pub fn cell(&mut self, text_len: usize) -> Result<(), Exceeded> {
        take(&mut self.cells, 1, Exceeded::Cells)?;
        self.text(text_len)
    }

    /// Text about to be built (before the allocation, so a claimed repeat cannot allocate).
    pub fn text(&mut self, len: usize) -> Result<(), Exceeded> {
        take(&mut self.text, len, Exceeded::Text)
    }

    /// Bytes of text that may still be built.
    pub fn text_left(&self) -> usize {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_budget_stops_at_its_limit() {
        let mut b = Budget::default();
        assert_eq!(b.unpack(MAX_UNPACKED), Ok(()));
        assert_eq!(b.unpack(1), Err(Exceeded::Unpacked));
        for _ in 0..MAX_SHEETS {
            b.sheet().unwrap();
        }
        assert_eq!(b.sheet(), Err(Exceeded::Sheets));
        assert_eq!(b.cell(MAX_TEXT), Ok(()));
        assert_eq!(b.cell(1), Err(Exceeded::Text));
        assert_eq!(b.text_left(), 0);
        let mut b = Budget::default();
        for _ in 0..MAX_CELLS {
            b.cell(0).unwrap();
        }
        assert_eq!(b.cell(0), Err(Exceeded::Cells));
    }
}
