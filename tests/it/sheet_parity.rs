//! The spreadsheet reader against calamine, its reference: on the 1.20 workbook and on random
//! workbooks (strings with spaces, breaks and escapes, numbers, booleans, merges, several
//! sheets) the grid is the one the reader gave when it was built on calamine (issue 10 replaced
//! calamine's dense ranges with streaming; models must not change). The oracle below is that
//! reader, kept as it was.

use crate::common;

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xlsx};
use oqs_catalog::grid::{Cell, Grid, Page, Table};
use oqs_catalog::model::SourceKind;
use oqs_catalog::read;
use proptest::prelude::*;

/// The grid as the calamine-based reader made it (src/read/sheet.rs before issue 10).
fn calamine_grid(bytes: &[u8], ods: bool) -> Grid {
    let mut sheets: Vec<(String, Range<Data>, Vec<Dimensions>)> = Vec::new();
    if ods {
        let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).expect("calamine opens it");
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).expect("calamine reads it");
            sheets.push((name, range, Vec::new()));
        }
    } else {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("calamine opens it");
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).expect("calamine reads it");
            let merges = wb.merge_cells_by_sheet_name(&name).expect("merges");
            sheets.push((name, range, merges));
        }
    }
    let mut pages = Vec::new();
    for (index, (name, range, merges)) in sheets.into_iter().enumerate() {
        let table = old_table(&range, &merges);
        if !table.cells.is_empty() {
            pages.push(Page {
                page: index as u32 + 1,
                sheet: Some(name),
                tables: vec![table],
                outside: Vec::new(),
            });
        }
    }
    Grid { pages }
}

fn old_table(range: &Range<Data>, merges: &[Dimensions]) -> Table {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut values: BTreeMap<(usize, usize), String> = BTreeMap::new();
    for (r, c, v) in range.used_cells() {
        let text = old_text(v);
        if !text.trim().is_empty() {
            values.insert((row0 as usize + r, col0 as usize + c), text);
        }
    }
    let mut spans: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    for m in merges {
        let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
        let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
        spans.insert((r0, c0), (r1 - r0 + 1, c1 - c0 + 1));
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
        let (rs, cs) = spans.get(&(r, c)).copied().unwrap_or((1, 1));
        rows = rows.max(r + rs);
        cols = cols.max(c + cs);
        anchors.insert((r, c), Cell::in_sheet(r, c, (rs, cs), text.clone()));
    }
    for (&(r, c), &(rs, cs)) in &spans {
        if !anchors.contains_key(&(r, c)) && rs * cs != 1 && r < rows && c < cols {
            anchors.insert((r, c), Cell::in_sheet(r, c, (rs, cs), String::new()));
        }
    }
    Table {
        rows,
        cols,
        cells: anchors.into_values().collect(),
    }
}

fn old_text(v: &Data) -> String {
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

fn new_grid(bytes: &[u8], kind: SourceKind) -> Grid {
    match read::read_bytes("t", kind, bytes) {
        Ok(src) => src.grid,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_1_20_workbook_reads_as_calamine_read_it() {
    let bytes = std::fs::read(common::root().join(common::XLSX)).unwrap();
    let new = new_grid(&bytes, SourceKind::Xlsx);
    assert_eq!(new, calamine_grid(&bytes, false));
    assert_eq!(new.pages[0].tables[0].cells.len(), 494);
}

/// A cell value for a random workbook.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::collection::vec(
            prop_oneof![
                Just(" ".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\t".to_string()),
                Just("_x000D_".to_string()),
                Just("&<>\"'".to_string()),
                Just("【0x03000001】".to_string()),
                "[a-z0-9]{1,5}",
                "\\PC{1,3}",
            ],
            0..6
        )
        .prop_map(|p| Value::Text(p.concat())),
        1 => prop_oneof![
            any::<i32>().prop_map(f64::from),
            (-1e6f64..1e6f64),
            Just(1e20),
            Just(0.1),
        ]
        .prop_map(Value::Number),
        1 => any::<bool>().prop_map(Value::Bool),
    ]
}

/// One random sheet: cells (row, col, value) and merges (first row, first col, last row, last col).
type RandomSheet = (Vec<(u32, u16, Value)>, Vec<(u32, u16, u32, u16)>);

/// Sheets of cells on a small area, and merges from a tiling of it, so they never overlap
/// (xlsxwriter refuses overlapping merges).
fn workbook() -> impl Strategy<Value = Vec<RandomSheet>> {
    let sheet = (
        prop::collection::vec((0u32..12, 0u16..6, value()), 0..30),
        prop::collection::vec((0u32..6, 0u16..3, 0u32..2, 0u16..2), 0..4),
    )
        .prop_map(|(cells, blocks)| {
            // Each block is one 2×2 tile of the area (tile row, tile col), cut to rs × cs.
            let mut merges = Vec::new();
            let mut used = HashSet::new();
            for (tr, tc, rs, cs) in blocks {
                if (rs, cs) != (0, 0) && used.insert((tr, tc)) {
                    merges.push((tr * 2, tc * 2, tr * 2 + rs, tc * 2 + cs));
                }
            }
            (cells, merges)
        });
    prop::collection::vec(sheet, 1..4)
}

fn xlsx_of(sheets: &[RandomSheet]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (i, (cells, merges)) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(format!("s{i}")).unwrap();
        for (r, c, v) in cells {
            match v {
                Value::Text(t) => ws.write_string(*r, *c, t).map(|_| ()),
                Value::Number(n) => ws.write_number(*r, *c, *n).map(|_| ()),
                Value::Bool(b) => ws.write_boolean(*r, *c, *b).map(|_| ()),
            }
            .unwrap();
        }
        for &(r0, c0, r1, c1) in merges {
            let fmt = rust_xlsxwriter::Format::new();
            // A merge's own text goes in its first cell; what the cells held stays (hidden).
            ws.merge_range(r0, c0, r1, c1, "", &fmt).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    #[test]
    fn random_xlsx_reads_as_calamine_read_it(sheets in workbook()) {
        let bytes = xlsx_of(&sheets);
        let old = calamine_grid(&bytes, false);
        match read::read_bytes("t.xlsx", SourceKind::Xlsx, &bytes) {
            Ok(src) => prop_assert_eq!(src.grid, old),
            // Both agree that nothing is there.
            Err(e) => prop_assert!(old.pages.is_empty(), "{e}"),
        }
    }

    #[test]
    fn random_ods_reads_as_calamine_read_it(
        rows in prop::collection::vec(prop::collection::vec(value(), 0..5), 1..10)
    ) {
        let mut body = String::new();
        for row in &rows {
            body.push_str("<table:table-row>");
            for v in row {
                body.push_str(&match v {
                    Value::Text(t) => common::sheets::ods_cell(t),
                    Value::Number(n) => format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
                    ),
                    Value::Bool(b) => format!(
                        "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"{b}\"><text:p>{b}</text:p></table:table-cell>"
                    ),
                });
            }
            body.push_str("</table:table-row>");
        }
        let bytes = common::sheets::ods_package(&format!("<table:table table:name=\"s\">{body}</table:table>"));
        let old = calamine_grid(&bytes, true);
        match read::read_bytes("t.ods", SourceKind::Ods, &bytes) {
            Ok(src) => prop_assert_eq!(src.grid, old),
            Err(e) => prop_assert!(old.pages.is_empty(), "{e}"),
        }
    }
}
