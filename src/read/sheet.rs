//! Spreadsheet reader (calamine): `.xlsx` and `.ods` bytes → Grid.
//!
//! Each sheet becomes one page holding one table that spans the sheet's used range, with slot
//! (row, col) = the sheet's 0-based row and column, so every cell keeps its own reference
//! (`E17`). Merged regions become spans (xlsx only: calamine does not report ODS merges, and a
//! blank covered slot reads the same as an empty one after fill-down). Which rows are the title,
//! the header, data or notes is decided by `normalize`, not here. Error cells are data: their
//! text (`#N/A`) is kept. calamine types never leave this module.

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xlsx};

use crate::grid::{cell_ref, Cell, Grid, Page, Table};

/// Which spreadsheet format the bytes are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Ods,
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{file}: not a readable {format} workbook ({reason})")]
    Open {
        file: String,
        format: &'static str,
        reason: String,
    },
    #[error("{file}: sheet {sheet}: cannot be read ({reason})")]
    Sheet {
        file: String,
        sheet: String,
        reason: String,
    },
    #[error("{file}: the workbook has no sheet with any content")]
    Empty { file: String },
    #[error("{file}: the workbook unpacks to more than {limit_mib} MiB ({part} alone is {size_mib} MiB)")]
    TooLarge {
        file: String,
        part: String,
        size_mib: u64,
        limit_mib: u64,
    },
}

/// Most bytes a workbook's parts may unpack to. The 1.20 workbook unpacks to 0.1 MiB; calamine
/// reads whole parts into memory, so a crafted package (a ZIP bomb) must stop before it.
const MAX_UNPACKED: u64 = 256 << 20;

/// Checks the sizes the ZIP directory declares, before calamine inflates anything. A package
/// whose directory cannot be read is left to calamine, which reports it.
fn check_unpacked_size(file: &str, bytes: &[u8]) -> Result<(), SheetError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED {
            return Err(SheetError::TooLarge {
                file: file.to_string(),
                part: entry.name().map(|n| n.into_owned()).unwrap_or_default(),
                size_mib: entry.size() >> 20,
                limit_mib: MAX_UNPACKED >> 20,
            });
        }
    }
    Ok(())
}

/// Reads every sheet of a workbook into a grid.
pub fn read_sheets(file: &str, bytes: &[u8], format: SheetFormat) -> Result<Grid, SheetError> {
    let open_err = |reason: String| SheetError::Open {
        file: file.to_string(),
        format: match format {
            SheetFormat::Xlsx => "xlsx",
            SheetFormat::Ods => "ods",
        },
        reason,
    };
    check_unpacked_size(file, bytes)?;
    let mut sheets: Vec<(String, Range<Data>, Vec<Dimensions>)> = Vec::new();
    match format {
        SheetFormat::Xlsx => {
            let mut wb: Xlsx<_> =
                Xlsx::new(Cursor::new(bytes)).map_err(|e| open_err(e.to_string()))?;
            for name in wb.sheet_names() {
                let sheet_err = |reason: String| SheetError::Sheet {
                    file: file.to_string(),
                    sheet: name.clone(),
                    reason,
                };
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|e| sheet_err(e.to_string()))?;
                let merges = wb
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| sheet_err(e.to_string()))?;
                sheets.push((name, range, merges));
            }
        }
        SheetFormat::Ods => {
            let mut wb: Ods<_> =
                Ods::new(Cursor::new(bytes)).map_err(|e| open_err(e.to_string()))?;
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).map_err(|e| SheetError::Sheet {
                    file: file.to_string(),
                    sheet: name.clone(),
                    reason: e.to_string(),
                })?;
                sheets.push((name, range, Vec::new()));
            }
        }
    }

    let mut pages = Vec::new();
    for (index, (name, range, merges)) in sheets.into_iter().enumerate() {
        let table = sheet_table(&range, &merges);
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
    Ok(Grid { pages })
}

fn sheet_table(range: &Range<Data>, merges: &[Dimensions]) -> Table {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut values: BTreeMap<(usize, usize), String> = BTreeMap::new();
    for (r, c, v) in range.used_cells() {
        let text = cell_text(v);
        if !text.trim().is_empty() {
            values.insert((row0 as usize + r, col0 as usize + c), text);
        }
    }
    // Anchor → (rowspan, colspan); covered slots are skipped. Merges that hold nothing still
    // matter: an empty merged block is one blank cell, not several.
    let mut spans: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    for m in merges {
        let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
        let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
        if r1 < r0 || c1 < c0 {
            continue;
        }
        spans.insert((r0, c0), (r1 - r0 + 1, c1 - c0 + 1));
        // Bounded by the sheet's own size limits (1 048 576 × 16 384) only; a huge merge of
        // empty slots would be wasteful, so only slots that hold values are marked.
        for &(r, c) in values.range((r0, c0)..=(r1, c1)).map(|(k, _)| k) {
            if (r, c) != (r0, c0) && (c0..=c1).contains(&c) {
                covered.insert((r, c));
            }
        }
    }
    let mut anchors: BTreeMap<(usize, usize), Cell> = BTreeMap::new();
    let (mut rows, mut cols) = (0, 0);
    for (&(r, c), text) in &values {
        if covered.contains(&(r, c)) {
            continue;
        }
        let (rowspan, colspan) = spans.get(&(r, c)).copied().unwrap_or((1, 1));
        rows = rows.max(r + rowspan);
        cols = cols.max(c + colspan);
        anchors.insert((r, c), sheet_cell(r, c, (rowspan, colspan), text.clone()));
    }
    for (&(r, c), &(rowspan, colspan)) in &spans {
        if anchors.contains_key(&(r, c)) || rowspan * colspan == 1 {
            continue;
        }
        // An empty merged block inside the table (e.g. a continued group's blank code cell).
        if r < rows && c < cols {
            anchors.insert((r, c), sheet_cell(r, c, (rowspan, colspan), String::new()));
        }
    }
    Table {
        rows,
        cols,
        cells: anchors.into_values().collect(),
    }
}

/// A grid cell at sheet row `r`, column `c`, named by its reference (`E17`).
fn sheet_cell(r: usize, c: usize, (rowspan, colspan): (usize, usize), text: String) -> Cell {
    Cell {
        row: r,
        col: c,
        rowspan,
        colspan,
        text,
        bbox: None,
        cell_ref: Some(cell_ref(r, c)),
        guesses: Vec::new(),
    }
}

fn cell_text(v: &Data) -> String {
    match v {
        Data::Empty => String::new(),
        Data::String(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}
