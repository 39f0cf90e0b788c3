//! Structure-aware fuzzing of the spreadsheet reader (issue 10): workbooks built part by part
//! from structured input — xlsx with shared strings that claim any count, cell and merge
//! references near, at and past the sheet's limits (or of any letters), rows and cells with
//! and without `r`, rich text with phonetic runs and escapes, sheets that reuse one part; ods
//! with huge row and column repeats, spans, covered cells, nested row groups, `text:s` counts
//! and annotations — then read and normalized. Random bytes rarely get past the ZIP CRC or the
//! XML syntax; these always do. Besides "no panic", it checks what the reader promises of any
//! grid it returns: every cell inside the sheet's limits, named by its own reference, within
//! the cell budget, and spans that stay inside the sheet.
#![no_main]

use std::fmt::Write as _;
use std::io::Write as _;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oqs_catalog::grid::cell_ref;
use oqs_catalog::model::SourceKind;
use oqs_catalog::read::sheet::{MAX_CELLS, MAX_COLS, MAX_ROWS};

/// A count as the file claims it: mostly small, sometimes at or far past a limit.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Count {
    Small(u8),
    Rows(i8),
    Cols(i8),
    Large(u32),
    Huge(u64),
}

impl Count {
    fn value(self) -> u64 {
        match self {
            Count::Small(n) => u64::from(n),
            Count::Rows(d) => MAX_ROWS.saturating_add_signed(i64::from(d)),
            Count::Cols(d) => MAX_COLS.saturating_add_signed(i64::from(d)),
            Count::Large(n) => u64::from(n),
            Count::Huge(n) => n,
        }
    }
}

/// A piece of text, chosen to trouble the text paths.
#[derive(Arbitrary, Debug)]
enum Piece {
    Ascii(u8),
    Japanese,
    Newline,
    CrLf,
    Space,
    Tab,
    Amp,
    CharRef(u32),
    XEscape(u16),
    Ampersand,
    Word(Box<str>),
}

fn text(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces.iter().take(16) {
        match p {
            Piece::Ascii(b) => {
                let c = char::from(b'a' + b % 26);
                s.push(c);
            }
            Piece::Japanese => s.push_str("【顔認証】"),
            Piece::Newline => s.push('\n'),
            Piece::CrLf => s.push_str("\r\n"),
            Piece::Space => s.push(' '),
            Piece::Tab => s.push('\t'),
            Piece::Amp => s.push_str("&amp;"),
            Piece::CharRef(c) => {
                let _ = write!(s, "&#{};", c % 0x11_0000);
            }
            Piece::XEscape(u) => {
                let _ = write!(s, "_x{u:04X}_");
            }
            Piece::Ampersand => s.push_str("&lt;&gt;"),
            Piece::Word(w) => {
                for c in w.chars().take(8) {
                    match c {
                        '<' | '&' | '>' | '"' => s.push('_'),
                        c => s.push(c),
                    }
                }
            }
        }
    }
    s
}

/// A cell reference as written in the file.
#[derive(Arbitrary, Debug)]
enum Ref {
    At(u16, u8),
    Far(Count, Count),
    Letters(Box<str>, Count),
    Raw(Box<str>),
}

impl Ref {
    fn spell(&self) -> String {
        match self {
            Ref::At(r, c) => cell_ref(usize::from(*r), usize::from(*c)),
            Ref::Far(r, c) => format!(
                "{}{}",
                letters(c.value()),
                r.value().saturating_add(1)
            ),
            Ref::Letters(l, r) => format!(
                "{}{}",
                l.chars().filter(char::is_ascii_alphabetic).take(24).collect::<String>(),
                r.value()
            ),
            Ref::Raw(s) => s.chars().filter(|c| !matches!(c, '"' | '<' | '&')).take(24).collect(),
        }
    }
}

fn letters(col: u64) -> String {
    match usize::try_from(col) {
        Ok(c) if c < 1 << 40 => oqs_catalog::grid::column_letters(c),
        _ => "ZZZZZZZZZZZZZZ".to_string(),
    }
}

#[derive(Arbitrary, Debug)]
enum XlsxValue {
    Shared(u32),
    Inline(Vec<Piece>, bool),
    Rich(Vec<(Vec<Piece>, bool)>, Option<Vec<Piece>>),
    Number(f64),
    NumberText(Box<str>),
    Bool(u8),
    Error(Box<str>),
    Str(Vec<Piece>),
    Date(Box<str>),
    Formula,
    Empty,
}

#[derive(Arbitrary, Debug)]
struct XlsxCell {
    at: Option<Ref>,
    value: XlsxValue,
}

#[derive(Arbitrary, Debug)]
struct XlsxRow {
    r: Option<Count>,
    cells: Vec<XlsxCell>,
}

#[derive(Arbitrary, Debug)]
struct XlsxSheet {
    name: Vec<Piece>,
    rows: Vec<XlsxRow>,
    merges: Vec<(Ref, Ref)>,
    /// Use the part of the first sheet instead of its own.
    reuse: bool,
}

#[derive(Arbitrary, Debug)]
struct Workbook {
    claimed: Option<Count>,
    strings: Vec<(Vec<Piece>, Option<Vec<Piece>>)>,
    sheets: Vec<XlsxSheet>,
    /// Extra sheets listed that reuse the first part.
    reused: Count,
}

#[derive(Arbitrary, Debug)]
enum OdsValue {
    Paragraphs(Vec<Vec<Piece>>, Option<Count>),
    Float(f64),
    Bool(bool),
    Date(Box<str>),
    StringValue(Vec<Piece>),
    ErrorText(Vec<Piece>),
    Untyped(Vec<Piece>),
    Empty,
}

#[derive(Arbitrary, Debug)]
struct OdsCell {
    covered: bool,
    repeat: Option<Count>,
    span: Option<(Count, Count)>,
    value: OdsValue,
    annotation: bool,
}

#[derive(Arbitrary, Debug)]
struct OdsRow {
    repeat: Option<Count>,
    cells: Vec<OdsCell>,
    /// Row groups (`table:table-row-group`) around the row.
    groups: u8,
}

#[derive(Arbitrary, Debug)]
struct OdsTable {
    name: Vec<Piece>,
    rows: Vec<OdsRow>,
}

#[derive(Arbitrary, Debug)]
enum Input {
    Xlsx(Workbook),
    Ods(Vec<OdsTable>),
}

fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, data) in entries {
        if z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .is_err()
        {
            continue;
        }
        let _ = z.write_all(data);
    }
    let _ = z.finish();
    buf.into_inner()
}

fn xlsx_value(v: &XlsxValue) -> (Option<&'static str>, String) {
    match v {
        XlsxValue::Shared(i) => (Some("s"), format!("<v>{}</v>", i % 64)),
        XlsxValue::Inline(p, keep) => (
            Some("inlineStr"),
            format!("<is><t{}>{}</t></is>", space(*keep), text(p)),
        ),
        XlsxValue::Rich(runs, ph) => {
            let mut s = String::from("<is>");
            for (p, keep) in runs.iter().take(4) {
                let _ = write!(s, "<r><t{}>{}</t></r>", space(*keep), text(p));
            }
            if let Some(p) = ph {
                let _ = write!(s, "<rPh sb=\"0\" eb=\"1\"><t>{}</t></rPh>", text(p));
            }
            s.push_str("</is>");
            (Some("inlineStr"), s)
        }
        XlsxValue::Number(f) => (None, format!("<v>{f}</v>")),
        XlsxValue::NumberText(t) => (Some("n"), format!("<v>{}</v>", clean(t))),
        XlsxValue::Bool(b) => (Some("b"), format!("<v>{b}</v>")),
        XlsxValue::Error(t) => (Some("e"), format!("<v>{}</v>", clean(t))),
        XlsxValue::Str(p) => (Some("str"), format!("<f>A1</f><v>{}</v>", text(p))),
        XlsxValue::Date(t) => (Some("d"), format!("<v>{}</v>", clean(t))),
        XlsxValue::Formula => (None, "<f>SUM(A1:A2)</f>".to_string()),
        XlsxValue::Empty => (None, String::new()),
    }
}

fn space(keep: bool) -> &'static str {
    if keep {
        " xml:space=\"preserve\""
    } else {
        ""
    }
}

fn clean(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '<' | '&')).take(16).collect()
}

fn xlsx(wb: &Workbook) -> Vec<u8> {
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut list = String::new();
    let mut rels = String::new();
    let sheets: Vec<&XlsxSheet> = wb.sheets.iter().take(4).collect();
    let reused = (wb.reused.value() % 2048) as usize;
    for i in 0..sheets.len() + if sheets.is_empty() { 0 } else { reused } {
        let sheet = sheets.get(i);
        let name = match sheet {
            Some(s) => text(&s.name).replace(['"', '<', '&'], "_"),
            None => format!("r{i}"),
        };
        let own = sheet.is_some_and(|s| !s.reuse) || i == 0;
        let target = if own {
            format!("worksheets/sheet{i}.xml")
        } else {
            "worksheets/sheet0.xml".to_string()
        };
        let _ = write!(list, r#"<sheet name="{name}" sheetId="{}" r:id="rId{i}"/>"#, i + 1);
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>"#
        );
        if let (Some(s), true) = (sheet, own) {
            parts.push((format!("xl/worksheets/sheet{i}.xml"), worksheet(s).into_bytes()));
        }
    }
    rels.push_str(r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
    let claimed = wb.claimed.map(|c| c.value()).unwrap_or(wb.strings.len() as u64);
    let mut sst = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{claimed}" uniqueCount="{claimed}">"#
    );
    for (t, ph) in wb.strings.iter().take(64) {
        let _ = write!(sst, "<si><t>{}</t>", text(t));
        if let Some(p) = ph {
            let _ = write!(sst, "<rPh sb=\"0\" eb=\"1\"><t>{}</t></rPh>", text(p));
        }
        sst.push_str("</si>");
    }
    sst.push_str("</sst>");
    parts.push(("xl/sharedStrings.xml".to_string(), sst.into_bytes()));
    parts.push(("_rels/.rels".to_string(), br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()));
    parts.push((
        "xl/workbook.xml".to_string(),
        format!(r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{list}</sheets></workbook>"#).into_bytes(),
    ));
    parts.push((
        "xl/_rels/workbook.xml.rels".to_string(),
        format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).into_bytes(),
    ));
    zip(&parts)
}

fn worksheet(s: &XlsxSheet) -> String {
    let mut x = String::from(r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#);
    for row in s.rows.iter().take(64) {
        match row.r {
            Some(r) => {
                let _ = write!(x, "<row r=\"{}\">", r.value());
            }
            None => x.push_str("<row>"),
        }
        for cell in row.cells.iter().take(16) {
            let (t, inner) = xlsx_value(&cell.value);
            x.push_str("<c");
            if let Some(at) = &cell.at {
                let _ = write!(x, " r=\"{}\"", at.spell());
            }
            if let Some(t) = t {
                let _ = write!(x, " t=\"{t}\"");
            }
            let _ = write!(x, ">{inner}</c>");
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData>");
    if !s.merges.is_empty() {
        x.push_str("<mergeCells>");
        for (a, b) in s.merges.iter().take(16) {
            let _ = write!(x, "<mergeCell ref=\"{}:{}\"/>", a.spell(), b.spell());
        }
        x.push_str("</mergeCells>");
    }
    x.push_str("</worksheet>");
    x
}

fn ods(tables: &[OdsTable]) -> Vec<u8> {
    let mut body = String::new();
    for t in tables.iter().take(4) {
        let _ = write!(
            body,
            "<table:table table:name=\"{}\">",
            text(&t.name).replace(['"', '<', '&'], "_")
        );
        for row in t.rows.iter().take(64) {
            let groups = usize::from(row.groups % 4);
            body.push_str(&"<table:table-row-group>".repeat(groups));
            body.push_str("<table:table-row");
            if let Some(r) = row.repeat {
                let _ = write!(body, " table:number-rows-repeated=\"{}\"", r.value());
            }
            body.push('>');
            for cell in row.cells.iter().take(16) {
                ods_cell(&mut body, cell);
            }
            body.push_str("</table:table-row>");
            body.push_str(&"</table:table-row-group>".repeat(groups));
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        (
            "mimetype".to_string(),
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("content.xml".to_string(), content.into_bytes()),
    ])
}

fn ods_cell(body: &mut String, cell: &OdsCell) {
    let element = if cell.covered {
        "table:covered-table-cell"
    } else {
        "table:table-cell"
    };
    let _ = write!(body, "<{element}");
    if let Some(r) = cell.repeat {
        let _ = write!(body, " table:number-columns-repeated=\"{}\"", r.value());
    }
    if let Some((r, c)) = cell.span {
        let _ = write!(
            body,
            " table:number-rows-spanned=\"{}\" table:number-columns-spanned=\"{}\"",
            r.value(),
            c.value()
        );
    }
    let paragraphs = |body: &mut String, ps: &[Vec<Piece>], spaces: Option<Count>| {
        for p in ps.iter().take(4) {
            let _ = write!(body, "<text:p>{}", text(p));
            if let Some(n) = spaces {
                let _ = write!(body, "<text:s text:c=\"{}\"/>", n.value());
            }
            body.push_str("<text:span>x</text:span><text:line-break/><text:tab/></text:p>");
        }
    };
    match &cell.value {
        OdsValue::Paragraphs(ps, spaces) => {
            body.push_str(" office:value-type=\"string\">");
            paragraphs(body, ps, *spaces);
        }
        OdsValue::Float(f) => {
            let _ = write!(body, " office:value-type=\"float\" office:value=\"{f}\"><text:p>{f}</text:p>");
        }
        OdsValue::Bool(b) => {
            let _ = write!(body, " office:value-type=\"boolean\" office:boolean-value=\"{b}\">");
        }
        OdsValue::Date(d) => {
            let _ = write!(body, " office:value-type=\"date\" office:date-value=\"{}\">", clean(d));
        }
        OdsValue::StringValue(p) => {
            let _ = write!(body, " office:value-type=\"string\" office:string-value=\"{}\">", text(p).replace('"', "_"));
        }
        OdsValue::ErrorText(p) => {
            let _ = write!(body, " office:value-type=\"string\" office:string-value=\"\" calcext:value-type=\"error\"><text:p>{}</text:p>", text(p));
        }
        OdsValue::Untyped(p) => {
            let _ = write!(body, "><text:p>{}</text:p>", text(p));
        }
        OdsValue::Empty => body.push('>'),
    }
    if cell.annotation {
        body.push_str("<office:annotation><text:p>note</text:p></office:annotation>");
    }
    let _ = write!(body, "</{element}>");
}

fuzz_target!(|input: Input| {
    let (bytes, kind) = match &input {
        Input::Xlsx(wb) => (xlsx(wb), SourceKind::Xlsx),
        Input::Ods(tables) => (ods(tables), SourceKind::Ods),
    };
    let Ok(src) = oqs_catalog::read::read_bytes("fuzz", kind, &bytes) else {
        return;
    };
    let mut cells = 0;
    for page in &src.grid.pages {
        for table in &page.tables {
            for c in &table.cells {
                cells += 1;
                assert!((c.row as u64) < MAX_ROWS && (c.col as u64) < MAX_COLS);
                assert!((c.row + c.rowspan) as u64 <= MAX_ROWS);
                assert!((c.col + c.colspan) as u64 <= MAX_COLS);
                assert_eq!(c.cell_ref.as_deref(), Some(cell_ref(c.row, c.col).as_str()));
            }
        }
    }
    assert!(cells <= MAX_CELLS);
    let _ = oqs_catalog::normalize::normalize(&src.grid, src.source(), &Default::default());
});
