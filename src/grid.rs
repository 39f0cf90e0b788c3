//! The `Grid`: what a reader saw, before any meaning is given to it.
//!
//! Every reader (PDF, spreadsheet) produces this one type, so everything after reading is
//! shared. A grid is a list of pages (PDF pages or sheets), each with its bordered tables and
//! the text found outside them. Cells carry their spans and where they came from; covered slots
//! of a merged cell have no cell of their own. The grid knows nothing of the catalog: no column
//! meanings, no fill-down, no text rules beyond what the reader needs to join wrapped lines.
//!
//! The JSON form (`oqs-catalog grid FILE`) follows DESIGN §6.

use serde::Serialize;

/// Everything one source file holds, page by page (or sheet by sheet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub pages: Vec<Page>,
}

/// One PDF page or one sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// 1-based page number, or the sheet's 1-based position in the workbook.
    pub page: u32,
    /// The sheet's name; absent for PDF pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub tables: Vec<Table>,
    /// Text outside every table, in reading order (top to bottom, then left to right).
    pub outside: Vec<TextBlock>,
}

/// A bordered table: a lattice of `rows` × `cols` slots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub rows: usize,
    pub cols: usize,
    /// Cells in row-major order of their top-left slot.
    pub cells: Vec<Cell>,
}

/// One cell of a table; it covers `rowspan` × `colspan` slots from (`row`, `col`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    /// The cell's text; `\n` separates lines that the source breaks (wraps already joined).
    pub text: String,
    /// `[x0, y0, x1, y1]` in PDF points, origin at the top left of the page (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// The spreadsheet reference of the cell's top-left slot, e.g. `E17` (spreadsheets only).
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub cell_ref: Option<String>,
}

impl Cell {
    /// A spreadsheet cell at (`row`, `col`) spanning `rowspan` × `colspan` slots, named by
    /// its reference (`E17`).
    pub fn in_sheet(
        row: usize,
        col: usize,
        (rowspan, colspan): (usize, usize),
        text: String,
    ) -> Cell {
        Cell {
            row,
            col,
            rowspan,
            colspan,
            text,
            bbox: None,
            cell_ref: Some(cell_ref(row, col)),
        }
    }
}

/// A block of text outside every table: one visual line of a PDF page, or one cell of a sheet
/// that the reader did not count as part of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextBlock {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub cell_ref: Option<String>,
}

impl Table {
    /// The cell whose top-left slot is (`row`, `col`), if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }
}

/// Spreadsheet-style column letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    // The bytes are ASCII capitals by construction.
    String::from_utf8(out).unwrap_or_default()
}

/// A spreadsheet cell reference from 0-based row and column: (16, 4) → `E17`.
pub fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(cell_ref(16, 4), "E17");
    }
}
