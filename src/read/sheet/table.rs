//! One sheet's cells and merged ranges → the grid's table, and a warning for every value a
//! merge hides.
//!
//! Input: the sparse cells and merges a reader found. Output: one [`Table`] spanning the used
//! range, slot (row, col) = the sheet's 0-based row and column, so every cell keeps its own
//! reference (`E17`); merges become spans of their top-left cell, covered slots have no cell.
//! A value under a merge, other than its top-left one, has no place in the grid: it is reported
//! as a warning naming both cells (issue 10), never dropped silently. Overlapping merges are an
//! error (no spreadsheet application writes them; Excel repairs such a file). The work is
//! O((cells + merges) · log merges): a sweep down the rows keeps the merges open at the current
//! row, ordered by column, so no slot of a merge is ever visited.

use std::collections::{BTreeMap, BTreeSet};

use super::cellref::Pos;
use super::xml::quote;
use super::{RawSheet, SheetError};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::grid::{cell_ref, Cell, Table};

/// The table of `sheet`, with the warnings about it.
pub fn build(file: &str, sheet: RawSheet) -> Result<(Table, Vec<Diagnostic>), SheetError> {
    let name = sheet.name;
    let at = |p: Pos| cell_ref(p.0 as usize, p.1 as usize);
    let mut values: BTreeMap<Pos, String> = BTreeMap::new();
    for (pos, text) in sheet.cells {
        if values.insert(pos, text).is_some() {
            return Err(SheetError::Cell {
                at: Location::cell(file, &name, &at(pos)),
                reason: "the sheet gives this cell twice".to_string(),
            });
        }
    }
    let mut merges: Vec<(Pos, Pos)> = sheet.merges.into_iter().filter(|(a, b)| a != b).collect();
    merges.sort_unstable();
    let covered = sweep(&merges, &values).map_err(|(a, b)| SheetError::Cell {
        at: Location::cell(
            file,
            &name,
            &format!("{}:{}", at(merges[b].0), at(merges[b].1)),
        ),
        reason: format!(
            "the merged range overlaps {}:{}",
            at(merges[a].0),
            at(merges[a].1)
        ),
    })?;

    let spans: BTreeMap<Pos, (usize, usize)> = merges
        .iter()
        .map(|&(f, l)| {
            let span = ((l.0 - f.0) as usize + 1, (l.1 - f.1) as usize + 1);
            (f, span)
        })
        .collect();
    let mut warnings = Vec::new();
    let mut anchors: BTreeMap<Pos, Cell> = BTreeMap::new();
    let (mut rows, mut cols) = (0, 0);
    for (pos, text) in values {
        if let Some(&j) = covered.get(&pos) {
            let (first, last) = merges[j];
            warnings.push(Diagnostic {
                severity: Severity::Warning,
                at: Location::cell(file, &name, &at(pos)),
                message: format!(
                    "the merged cell {}:{} covers this cell, so its value 「{}」 is not read",
                    at(first),
                    at(last),
                    quote(&text)
                ),
                corrected: None,
            });
            continue;
        }
        let span = spans.get(&pos).copied().unwrap_or((1, 1));
        rows = rows.max(pos.0 as usize + span.0);
        cols = cols.max(pos.1 as usize + span.1);
        anchors.insert(pos, cell(pos, span, text));
    }
    for (&pos, &span) in &spans {
        // An empty merged block inside the table (e.g. a continued group's blank code cell):
        // one blank cell, not several.
        if !anchors.contains_key(&pos) && (pos.0 as usize) < rows && (pos.1 as usize) < cols {
            anchors.insert(pos, cell(pos, span, String::new()));
        }
    }
    Ok((
        Table {
            rows,
            cols,
            cells: anchors.into_values().collect(),
        },
        warnings,
    ))
}

/// Sweeps the rows that start a merge or hold a value, in order: which values lie under a
/// merge (value → merge index), or the first two merges that overlap (earlier, later).
/// `merges` is sorted by first position.
fn sweep(
    merges: &[(Pos, Pos)],
    values: &BTreeMap<Pos, String>,
) -> Result<BTreeMap<Pos, usize>, (usize, usize)> {
    let mut covered = BTreeMap::new();
    // Merges open at the current row: first column → index; and when each closes.
    let mut open: BTreeMap<u32, usize> = BTreeMap::new();
    let mut closes: BTreeSet<(u32, u32)> = BTreeSet::new();
    let mut next = 0;
    let mut vals = values.keys().copied().peekable();
    loop {
        let row = match (merges.get(next), vals.peek()) {
            (Some(m), Some(v)) => m.0 .0.min(v.0),
            (Some(m), None) => m.0 .0,
            (None, Some(v)) => v.0,
            (None, None) => return Ok(covered),
        };
        while let Some(&(last_row, col)) = closes.first() {
            if last_row >= row {
                break;
            }
            closes.pop_first();
            open.remove(&col);
        }
        while let Some(&(first, last)) = merges.get(next).filter(|m| m.0 .0 == row) {
            // The open merges are disjoint, so only the neighbours by column can meet this one.
            let before = open.range(..=first.1).next_back();
            let after = open.range(first.1..).next();
            for (_, &j) in before.into_iter().chain(after) {
                if merges[j].0 .1 <= last.1 && first.1 <= merges[j].1 .1 {
                    return Err((j, next));
                }
            }
            open.insert(first.1, next);
            closes.insert((last.0, first.1));
            next += 1;
        }
        while let Some(pos) = vals.next_if(|p| p.0 == row) {
            if let Some((_, &j)) = open.range(..=pos.1).next_back() {
                let (first, last) = merges[j];
                if pos.1 <= last.1 && pos != first {
                    covered.insert(pos, j);
                }
            }
        }
    }
}

/// The grid cell at `pos`.
fn cell(pos: Pos, span: (usize, usize), text: String) -> Cell {
    Cell::in_sheet(pos.0 as usize, pos.1 as usize, span, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[(Pos, &str)], merges: &[(Pos, Pos)]) -> RawSheet {
        RawSheet {
            name: "s".to_string(),
            cells: cells.iter().map(|&(p, t)| (p, t.to_string())).collect(),
            merges: merges.to_vec(),
        }
    }

    #[test]
    fn a_value_under_a_merge_is_a_warning_naming_both_cells() {
        let s = sheet(
            &[((0, 0), "kept"), ((1, 1), "hidden"), ((3, 0), "after")],
            &[((0, 0), (2, 1))],
        );
        let (t, w) = build("f.xlsx", s).unwrap();
        assert_eq!(
            t.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["kept", "after"]
        );
        assert_eq!((t.cells[0].rowspan, t.cells[0].colspan), (3, 2));
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].to_string(),
            "f.xlsx: s!B2: warning: the merged cell A1:B3 covers this cell, so its value 「hidden」 is not read"
        );
    }

    #[test]
    fn empty_merges_inside_the_table_are_blank_cells() {
        let s = sheet(
            &[((0, 0), "a"), ((0, 1), "b"), ((3, 1), "c")],
            &[((1, 0), (2, 0)), ((9, 9), (10, 10))],
        );
        let (t, w) = build("f", s).unwrap();
        assert!(w.is_empty());
        assert_eq!((t.rows, t.cols), (4, 2));
        let blank = t.cell_at(1, 0).unwrap();
        assert_eq!((blank.text.as_str(), blank.rowspan), ("", 2));
        assert!(
            t.cell_at(9, 9).is_none(),
            "a merge outside the used range adds nothing"
        );
    }

    #[test]
    fn overlapping_merges_are_an_error() {
        for (a, b) in [
            (((0, 0), (2, 2)), ((1, 1), (3, 3))),
            (((0, 2), (0, 4)), ((0, 0), (0, 2))),
            (((0, 0), (5, 0)), ((5, 0), (5, 1))),
        ] {
            let e = build("f", sheet(&[], &[a, b])).err().unwrap().to_string();
            assert!(e.contains("the merged range overlaps"), "{e}");
        }
        // Touching is not overlapping.
        let s = sheet(&[], &[((0, 0), (1, 1)), ((0, 2), (1, 3)), ((2, 0), (2, 3))]);
        assert!(build("f", s).is_ok());
    }

    #[test]
    fn a_cell_given_twice_is_an_error() {
        let e = build("f", sheet(&[((4, 2), "a"), ((4, 2), "b")], &[]))
            .err()
            .unwrap()
            .to_string();
        assert_eq!(e, "f: s!C5: the sheet gives this cell twice");
    }
}
