//! Table layout recognition: which row of a table is its header and what each column means,
//! which rows are data, which are notes under the table, and which text is title matter above
//! it (including the title line and its version).
//!
//! Input: the grid and its [`Ledger`]. Output: data rows with each value's cell, and the lines
//! above and below the table; header cells and title lines are consumed here as layout. This is
//! the one part of normalization that looks at geometry: a PDF's outside text is above or below
//! the table by its box (the reader decided spans, lines and wraps). It does not group rows,
//! fill cells down or parse values (see `group`).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::grid::{Cell, Grid, Page, Table};
use crate::model::{At, Field};

use super::header::{self, Column};
use super::ledger::{ItemId, Ledger};
use super::{text, NormalizeError};

/// A piece of text on its way into the model: cleaned text and the item it came from.
#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    pub id: ItemId,
}

/// A line of text outside the table body (above it: title matter; below it: notes).
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub at: Location,
    pub id: ItemId,
}

/// A data row of the table, before grouping.
#[derive(Debug)]
pub struct RawRow {
    /// The row's place in the model.
    pub at: At,
    /// The row as a whole, for messages about it: its first cell under a known column.
    pub here: Location,
    /// Where each known column's cell of this row is, blank or not.
    pub loc: BTreeMap<Field, Location>,
    pub values: BTreeMap<Field, Piece>,
    pub extra: BTreeMap<String, Piece>,
    /// Whether this row starts a new page or table (a group may continue across it).
    pub first_on_page: bool,
}

/// What the tables of a grid hold, by role.
#[derive(Debug)]
pub struct Layout {
    pub before: Vec<Line>,
    pub after: Vec<Line>,
    pub rows: Vec<RawRow>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The title line above the table.
#[derive(Debug)]
pub struct Title {
    pub title: String,
    pub version: String,
    /// The other lines above the table.
    pub notes: Vec<String>,
}

struct Walk<'w, 'g> {
    file: &'w str,
    ledger: &'w mut Ledger<'g>,
    columns: Option<BTreeMap<usize, Column>>,
    header_at: Option<Location>,
    before: Vec<Line>,
    after: Vec<Line>,
    rows: Vec<RawRow>,
    diagnostics: Vec<Diagnostic>,
}

/// Finds the header, the data rows and the text around the tables of `grid`.
pub fn recognize(
    file: &str,
    grid: &Grid,
    ledger: &mut Ledger<'_>,
) -> Result<Layout, NormalizeError> {
    let mut walk = Walk {
        file,
        ledger,
        columns: None,
        header_at: None,
        before: Vec::new(),
        after: Vec::new(),
        rows: Vec::new(),
        diagnostics: Vec::new(),
    };
    for (p, page) in grid.pages.iter().enumerate() {
        walk.page(p, page)?;
    }
    let Some(header_at) = walk.header_at else {
        return Err(NormalizeError::NoHeader {
            at: Location::file(file),
            wanted: wanted(),
            best: "; the file holds no table".to_string(),
        });
    };
    if walk.rows.is_empty() {
        return Err(NormalizeError::NoRows { at: header_at });
    }
    Ok(Layout {
        before: walk.before,
        after: walk.after,
        rows: walk.rows,
        diagnostics: walk.diagnostics,
    })
}

/// The title line (the first line above the table that ends in 「…版」) and the other lines
/// above the table, all consumed; a second, different title line is a warning.
pub fn title(
    file: &str,
    before: &[Line],
    ledger: &mut Ledger<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Title, NormalizeError> {
    let Some((title_line, title, version)) = before
        .iter()
        .find_map(|l| header::split_title(&l.text).map(|(t, v)| (l.text.clone(), t, v)))
    else {
        let (at, found) = match before.first() {
            Some(l) => (
                l.at.clone(),
                format!("; the line above the table reads 「{}」", l.text),
            ),
            None => (
                Location::file(file),
                "; there is no text above the table".to_string(),
            ),
        };
        return Err(NormalizeError::NoVersion { at, found });
    };
    let mut notes = Vec::new();
    for l in before {
        ledger.consume(l.id);
        // A repeated title (one per page) is layout, not a note.
        if l.text == title_line {
            continue;
        }
        if header::split_title(&l.text).is_some() {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                l.at.clone(),
                format!("a second, different title line 「{}」", l.text),
            ));
        }
        notes.push(l.text.clone());
    }
    Ok(Title {
        title,
        version,
        notes,
    })
}

/// The captions of every known column, for messages.
fn wanted() -> String {
    Field::ALL
        .iter()
        .map(|f| f.caption())
        .collect::<Vec<_>>()
        .join(", ")
}

fn page_at(page: &Page, row: usize) -> At {
    match &page.sheet {
        Some(sheet) => At {
            page: None,
            sheet: Some(sheet.clone()),
            row: Some(u32::try_from(row + 1).unwrap_or(u32::MAX)),
        },
        None => At {
            page: Some(page.page),
            sheet: None,
            row: None,
        },
    }
}

/// The top of a PDF table (smallest y of its cells' boxes), for telling outside text above it
/// from text below it.
fn table_top(table: &Table) -> Option<f64> {
    table
        .cells
        .iter()
        .filter_map(|c| c.bbox)
        .map(|b| b[1])
        .reduce(f64::min)
}

/// Whether an outside block with box `bbox` lies above a table whose top is `top`: its bottom
/// at or above the top, with half a point for rounding in the PDF's coordinates.
fn lies_above(bbox: &[f64; 4], top: f64) -> bool {
    bbox[3] <= top + 0.5
}

impl Walk<'_, '_> {
    fn page(&mut self, p: usize, page: &Page) -> Result<(), NormalizeError> {
        // Outside text above the first table is title matter; the rest follows the table.
        let top = page.tables.first().and_then(table_top);
        let mut below = Vec::new();
        for (b, block) in page.outside.iter().enumerate() {
            let id = self.ledger.block(p, b);
            let line = Line {
                text: text::clean(&block.text),
                at: self.ledger.at(id),
                id,
            };
            if line.text.is_empty() {
                continue;
            }
            let above = match (top, block.bbox) {
                (Some(top), Some(bbox)) => lies_above(&bbox, top),
                (None, _) => self.columns.is_none(),
                _ => false,
            };
            if above {
                self.before.push(line);
            } else {
                below.push(line);
            }
        }
        for (t, table) in page.tables.iter().enumerate() {
            self.table(p, t, page, table)?;
        }
        self.after.extend(below);
        Ok(())
    }

    fn table(
        &mut self,
        p: usize,
        t: usize,
        page: &Page,
        table: &Table,
    ) -> Result<(), NormalizeError> {
        let mut by_row: BTreeMap<usize, Vec<(&Cell, ItemId)>> = BTreeMap::new();
        for (i, cell) in table.cells.iter().enumerate() {
            by_row
                .entry(cell.row)
                .or_default()
                .push((cell, self.ledger.cell(p, t, i)));
        }
        for cells in by_row.values_mut() {
            cells.sort_by_key(|(c, _)| c.col);
        }
        // A header row is one where at least four captions name known columns.
        let known = |cells: &[(&Cell, ItemId)]| {
            cells
                .iter()
                .filter(|(c, _)| matches!(header::classify(&c.text), Column::Known(_)))
                .count()
        };
        let header_row = by_row
            .iter()
            .find(|(_, cells)| known(cells) >= 4)
            .map(|(r, _)| *r);
        let mut first_data_row = 0;
        match header_row {
            Some(hr) => {
                // Text above the header inside the table (a spreadsheet's title row).
                for (_, cells) in by_row.range(..hr) {
                    for &(c, id) in cells {
                        let text = text::clean(&c.text);
                        if !text.is_empty() {
                            self.before.push(Line {
                                text,
                                at: self.ledger.at(id),
                                id,
                            });
                        }
                    }
                }
                let columns = self.header(&by_row[&hr])?;
                self.columns = Some(columns);
                first_data_row = hr + 1;
            }
            None if self.columns.is_none() => {
                let best = by_row
                    .iter()
                    .max_by_key(|(r, cells)| (known(cells), std::cmp::Reverse(**r)))
                    .filter(|(_, cells)| known(cells) > 0);
                let (at, best) = match best {
                    Some((r, cells)) => {
                        let found: HashSet<Field> = cells
                            .iter()
                            .filter_map(|(c, _)| match header::classify(&c.text) {
                                Column::Known(f) => Some(f),
                                _ => None,
                            })
                            .collect();
                        let missing = missing_captions(&found);
                        (
                            self.ledger.at(cells[0].1),
                            format!("; the closest row, {}, lacks {missing}", r + 1),
                        )
                    }
                    None => (
                        match &page.sheet {
                            Some(s) => Location::sheet(self.file, s),
                            None => Location::page(self.file, page.page),
                        },
                        String::new(),
                    ),
                };
                return Err(NormalizeError::NoHeader {
                    at,
                    wanted: wanted(),
                    best,
                });
            }
            None => {}
        }
        let Some(columns) = self.columns.clone() else {
            return Ok(());
        };
        let mut first_on_page = true;
        let mut in_notes = false;
        for (&r, cells) in by_row.range(first_data_row..) {
            let filled: Vec<&(&Cell, ItemId)> = cells
                .iter()
                .filter(|(c, _)| !c.text.trim().is_empty())
                .collect();
            if filled.is_empty() {
                continue;
            }
            let lone_note = filled.len() == 1 && {
                let c = filled[0].0;
                let code_col = matches!(columns.get(&c.col), Some(Column::Known(Field::Code)));
                let looks_like_code = text::clean(&c.text).chars().all(|ch| ch.is_ascii_digit());
                c.colspan > 1 || (code_col && !looks_like_code) || !columns.contains_key(&c.col)
            };
            if in_notes || lone_note {
                in_notes = true;
                for &&(c, id) in &filled {
                    self.after.push(Line {
                        text: text::clean(&c.text),
                        at: self.ledger.at(id),
                        id,
                    });
                }
                continue;
            }
            let row = self.row(page, r, cells, &columns, first_on_page);
            self.rows.push(row);
            first_on_page = false;
        }
        Ok(())
    }

    /// A data row: each cell's text under its column's meaning.
    fn row(
        &mut self,
        page: &Page,
        r: usize,
        cells: &[(&Cell, ItemId)],
        columns: &BTreeMap<usize, Column>,
        first_on_page: bool,
    ) -> RawRow {
        let mut row = RawRow {
            at: page_at(page, r),
            here: self.ledger.at(cells[0].1),
            loc: BTreeMap::new(),
            values: BTreeMap::new(),
            extra: BTreeMap::new(),
            first_on_page,
        };
        for &(c, id) in cells {
            let text = text::clean(&c.text);
            let at = self.ledger.at(id);
            match columns.get(&c.col) {
                Some(Column::Known(f)) => {
                    row.loc.insert(*f, at.clone());
                    if !text.is_empty() {
                        row.values.insert(*f, Piece { text, id });
                    }
                }
                Some(Column::Extra(name)) if !text.is_empty() => {
                    row.extra.insert(name.clone(), Piece { text, id });
                }
                Some(Column::Blank) | None if !text.is_empty() => {
                    let name = format!("列{}", crate::grid::column_letters(c.col));
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        at.clone(),
                        format!("a value in a column without a caption, kept under extra: {name}"),
                    ));
                    row.extra.insert(name, Piece { text, id });
                }
                _ => {}
            }
        }
        if let Some(first) = row.loc.values().next() {
            row.here = first.clone();
        }
        row
    }

    /// The meaning of each column of a header row; its captions are consumed as layout.
    fn header(
        &mut self,
        cells: &[(&Cell, ItemId)],
    ) -> Result<BTreeMap<usize, Column>, NormalizeError> {
        let mut columns = BTreeMap::new();
        let mut found = HashSet::new();
        let mut extra_names = BTreeSet::new();
        for &(c, id) in cells {
            self.ledger.consume(id);
            let at = self.ledger.at(id);
            let column = match header::classify(&c.text) {
                Column::Known(f) if !found.insert(f) => Column::Extra(text::clean(&c.text)),
                other => other,
            };
            let column = match column {
                Column::Extra(name) => {
                    let kept = unique_name(&name, &extra_names);
                    let message = if kept == name {
                        format!("unknown column 「{name}」: its values are kept under extra")
                    } else {
                        format!(
                            "unknown column 「{name}」 a second time in this header: its values \
                             are kept under extra as 「{kept}」"
                        )
                    };
                    self.diagnostics
                        .push(Diagnostic::new(Severity::Warning, at, message));
                    extra_names.insert(kept.clone());
                    Column::Extra(kept)
                }
                other => other,
            };
            columns.insert(c.col, column);
        }
        let first = self.ledger.at(cells[0].1);
        let missing = missing_captions(&found);
        if !missing.is_empty() {
            return Err(NormalizeError::MissingColumns { at: first, missing });
        }
        self.header_at.get_or_insert(first);
        Ok(columns)
    }
}

/// `name`, or `name (2)`, `name (3)` … when an earlier column of the header took it: two
/// columns captioned 備考 keep both their values, in column order.
fn unique_name(name: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| name.to_string())
}

fn missing_captions(found: &HashSet<Field>) -> String {
    Field::ALL
        .iter()
        .filter(|f| !found.contains(f))
        .map(|f| f.caption())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_caption_is_numbered_from_two() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_name("備考", &taken), "備考");
        taken.insert("備考".to_string());
        assert_eq!(unique_name("備考", &taken), "備考 (2)");
        taken.insert("備考 (2)".to_string());
        assert_eq!(unique_name("備考", &taken), "備考 (3)");
    }

    #[test]
    fn outside_text_above_a_table_ends_at_its_top() {
        assert!(lies_above(&[0.0, 10.0, 50.0, 100.3], 100.0));
        assert!(!lies_above(&[0.0, 10.0, 50.0, 101.0], 100.0));
    }
}
