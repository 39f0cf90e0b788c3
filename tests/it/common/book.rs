//! Workbooks as cells: the 1.20 spreadsheet read into cells, edited (cells set, rows inserted
//! or removed, merges moved), written back with its merges by `rust_xlsxwriter`, and ingested:
//! the revisions the diff and history tests are made of.

use std::path::{Path, PathBuf};

use oqs_catalog::app::Project;
use oqs_catalog::grid::Cell;
use oqs_catalog::model::Catalog;

use crate::common;

/// A workbook as cells, sheet by sheet.
#[derive(Clone)]
pub struct Book {
    pub sheets: Vec<(String, Vec<Cell>)>,
}

pub fn base_book() -> Book {
    let src = oqs_catalog::read::read_source(&common::root().join(common::XLSX), common::XLSX)
        .unwrap_or_else(|e| panic!("{e}"));
    Book {
        sheets: src
            .grid
            .pages
            .into_iter()
            .map(|p| {
                let cells = p.tables.into_iter().flat_map(|t| t.cells).collect();
                (p.sheet.unwrap_or_default(), cells)
            })
            .collect(),
    }
}

impl Book {
    pub fn cells(&mut self) -> &mut Vec<Cell> {
        &mut self.sheets[0].1
    }

    /// The cell at a reference such as `F4` on the first sheet.
    pub fn at(&mut self, r: &str) -> &mut Cell {
        self.cells()
            .iter_mut()
            .find(|c| c.cell_ref.as_deref() == Some(r))
            .unwrap_or_else(|| panic!("no cell {r}"))
    }

    pub fn set(&mut self, r: &str, text: &str) {
        self.at(r).text = text.to_string();
    }

    /// Sets a cell that may not exist yet (0-based row and column).
    pub fn put(&mut self, row: usize, col: usize, text: &str) {
        let cells = self.cells();
        match cells.iter_mut().find(|c| c.row == row && c.col == col) {
            Some(c) => c.text = text.to_string(),
            None => cells.push(cell(row, col, text)),
        }
    }

    /// Inserts a row after 0-based row `after`, shifting the rows below and widening the
    /// merges that cross it.
    pub fn insert_row(&mut self, after: usize, values: &[(usize, &str)]) {
        for c in self.cells().iter_mut() {
            if c.row > after {
                c.row += 1;
            } else if c.row + c.rowspan - 1 > after {
                c.rowspan += 1;
            }
        }
        for (col, text) in values {
            self.put(after + 1, *col, text);
        }
    }

    /// Removes 0-based row `row`, shifting the rows below up and narrowing the merges that
    /// cover it (a merge that starts there keeps its text on the next row).
    pub fn remove_row(&mut self, row: usize) {
        let cells = std::mem::take(self.cells());
        *self.cells() = cells
            .into_iter()
            .filter_map(|mut c| {
                if c.row == row && c.rowspan == 1 {
                    return None;
                }
                if c.row > row {
                    c.row -= 1;
                } else if c.row + c.rowspan > row {
                    c.rowspan -= 1;
                }
                Some(c)
            })
            .collect();
    }

    /// The 0-based row of the cell that reads `text`.
    pub fn row_of(&mut self, text: &str) -> usize {
        self.find_text(text).row
    }

    /// Moves the last row of code `code` into the code after it, by moving the boundary of
    /// their merged cells (code, heading, message, and whatever else spans a whole group).
    pub fn move_last_row_down(&mut self, code: &str) {
        let (top, span) = {
            let c = self.find_text(code);
            assert_eq!(c.col, 0, "{code} is a code cell");
            (c.row, c.rowspan)
        };
        assert!(span > 1, "code {code} has one row");
        let next = top + span;
        let next_span = self
            .cells()
            .iter()
            .find(|c| c.col == 0 && c.row == next)
            .map(|c| c.rowspan)
            .expect("a code after it");
        for c in self.cells().iter_mut() {
            if c.row == top && c.rowspan == span {
                c.rowspan -= 1;
            } else if c.row == next && c.rowspan == next_span {
                c.row -= 1;
                c.rowspan += 1;
            }
        }
    }

    pub fn find_text(&mut self, text: &str) -> &mut Cell {
        self.cells()
            .iter_mut()
            .find(|c| c.text == text)
            .unwrap_or_else(|| panic!("no cell reads 「{text}」"))
    }

    pub fn find_text_prefix(&mut self, prefix: &str) -> &mut Cell {
        self.cells()
            .iter_mut()
            .find(|c| c.text.starts_with(prefix))
            .unwrap_or_else(|| panic!("no cell starts with 「{prefix}」"))
    }

    /// Writes the workbook and ingests it with the project's errata.
    pub fn ingest(&self, dir: &Path, name: &str) -> Catalog {
        let path = self.write(dir, name);
        match Project::new(common::root()).ingest(&path) {
            Ok(n) => n.catalog,
            Err(e) => panic!("{e}"),
        }
    }

    pub fn write(&self, dir: &Path, name: &str) -> PathBuf {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let wrap = rust_xlsxwriter::Format::new().set_text_wrap();
        for (sheet, cells) in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(sheet).expect("sheet name");
            for c in cells {
                let (r, col) = (c.row as u32, c.col as u16);
                if c.rowspan > 1 || c.colspan > 1 {
                    let (r1, c1) = (r + c.rowspan as u32 - 1, col + c.colspan as u16 - 1);
                    ws.merge_range(r, col, r1, c1, &c.text, &wrap)
                        .expect("merge");
                } else if !c.text.is_empty() {
                    ws.write_string_with_format(r, col, &c.text, &wrap)
                        .expect("write");
                }
            }
        }
        let path = dir.join(name);
        wb.save(&path).expect("save workbook");
        path
    }
}

pub fn cell(row: usize, col: usize, text: &str) -> Cell {
    Cell {
        row,
        col,
        rowspan: 1,
        colspan: 1,
        text: text.to_string(),
        bbox: None,
        cell_ref: None,
    }
}
