//! Test-data generator: writes the 1.20 table as PDFs whose Japanese font uses a predefined
//! CMap and has no ToUnicode CMap, so the reader must decode text through the CMap and the
//! Adobe-Japan1 character collection (issue 3, "Done when").
//!
//! `cargo run --example make-cmap-pdf -- input/1.20/message-id-contacts-1.20.xlsx tests/data`
//!
//! Two files come out:
//! - `cmap-ucs2-1.20.pdf`: /UniJIS-UCS2-H (two-byte codes that are UCS-2), borders drawn as
//!   thin filled rectangles (`re f`);
//! - `cmap-rksj-1.20.pdf`: /90ms-RKSJ-H (Shift-JIS codes, one or two bytes), borders stroked
//!   as `m l S`. Shift-JIS byte 0x5C is ¥ and 0x7E is ‾ in this CMap (Adobe-Japan1 CIDs 97 and
//!   100), so `\` and `~` have no code in it; like Japanese word processors, the file shows
//!   those in a second, simple font (Helvetica, WinAnsiEncoding).
//!
//! Both use a non-embedded CIDFontType0 /KozMinPr6N-Regular (Adobe-Japan1) with /DW 1000 and
//! half-width Latin in /W. Every explicit line break of the spreadsheet is a separate text
//! line, and columns are wide enough that no line fills its cell, so no line is a wrap. The
//! content comes from the spreadsheet's grid: the title above the table on every page, the
//! header row repeated on each page, merged cells drawn without the inner borders, and the
//! ※1 footnote under the table on the last page. Pages break between code groups.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use hayro_cmap::{load_embedded, BfString, CMap, CMapName, CidFamily};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use oqs_catalog::grid::{Cell, Table};

const SIZE: f64 = 8.0;
const LEADING: f64 = 10.0;
const PAD: f64 = 4.0;
const MARGIN: f64 = 30.0;
const PAGE_HEIGHT: f64 = 842.0;
/// Extra room right of the longest line of a column, so no line fills its cell: the next
/// line's first unbreakable piece (「【017：」, a Latin word) would have fitted after it.
const SLACK: f64 = 10.0 * SIZE;

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Ucs2,
    Rksj,
}

/// How text is encoded for the Japanese font; `None` for a char it cannot show.
struct Encoder {
    cmap: CMap,
    japan1: CMap,
    variant: Variant,
    /// Shift-JIS: Unicode → code bytes, built by decoding every code of the CMap.
    reverse: BTreeMap<char, Vec<u8>>,
}

fn load(name: CMapName<'_>) -> CMap {
    CMap::parse(load_embedded(name).expect("bundled CMap"), load_embedded).expect("CMap parses")
}

impl Encoder {
    fn new(variant: Variant) -> Encoder {
        let cmap = load(match variant {
            Variant::Ucs2 => CMapName::UniJisUcs2H,
            Variant::Rksj => CMapName::N90msRksjH,
        });
        let japan1 = load(
            CidFamily::AdobeJapan1
                .ucs2_cmap()
                .expect("Japan1 has a UCS2 map"),
        );
        let mut reverse = BTreeMap::new();
        if variant == Variant::Rksj {
            let mut codes: Vec<Vec<u8>> = (0u8..=0xFF).map(|b| vec![b]).collect();
            for lead in (0x81u8..=0x9F).chain(0xE0..=0xFC) {
                for trail in 0x40u8..=0xFC {
                    codes.push(vec![lead, trail]);
                }
            }
            for bytes in codes {
                let code = bytes.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
                let Some(cid) = cmap.lookup_cid_code(code, bytes.len() as u8) else {
                    continue;
                };
                if let Some(c) = japan1.lookup_bf_string(cid).and_then(base_char) {
                    reverse.entry(c).or_insert(bytes);
                }
            }
        }
        Encoder {
            cmap,
            japan1,
            variant,
            reverse,
        }
    }

    fn code(&self, c: char) -> Option<Vec<u8>> {
        match self.variant {
            Variant::Ucs2 => {
                let mut units = [0u16; 2];
                let units = c.encode_utf16(&mut units);
                (units.len() == 1).then(|| units[0].to_be_bytes().to_vec())
            }
            Variant::Rksj => self.reverse.get(&c).cloned(),
        }
    }

    fn cid(&self, bytes: &[u8]) -> Option<u32> {
        let code = bytes.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
        self.cmap.lookup_cid_code(code, bytes.len() as u8)
    }
}

/// The character of a CID's Unicode value; Adobe-Japan1-UCS2 gives some CIDs as a base
/// character with a variation selector (鍵 U+E0100), which the reader drops.
fn base_char(text: BfString) -> Option<char> {
    match text {
        BfString::Char(c) => Some(c),
        BfString::String(s) => {
            let mut chars = s.chars();
            let first = chars.next()?;
            chars
                .all(|c| {
                    ('\u{E0100}'..='\u{E01EF}').contains(&c)
                        || ('\u{FE00}'..='\u{FE0F}').contains(&c)
                })
                .then_some(first)
        }
    }
}

/// Half-width characters: ASCII, ¥ and half-width katakana.
fn half_width(c: char) -> bool {
    c.is_ascii() || c == '¥' || ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if half_width(c) { 0.5 } else { 1.0 })
        .sum::<f64>()
        * SIZE
}

/// A run of text in one font: the Japanese font (`F1`) or the Latin fallback (`F2`).
fn runs(enc: &Encoder, text: &str, cids: &mut HashSet<u32>) -> Vec<(&'static str, Vec<u8>)> {
    let mut out: Vec<(&'static str, Vec<u8>)> = Vec::new();
    for c in text.chars() {
        let (font, bytes) = match enc.code(c) {
            Some(bytes) => {
                let cid = enc.cid(&bytes).expect("the CMap maps its own codes");
                // The reader decodes CID → Unicode through Adobe-Japan1-UCS2 (Shift-JIS) or
                // takes the code as UCS-2; either must give back the character.
                if enc.variant == Variant::Rksj {
                    assert_eq!(
                        enc.japan1.lookup_bf_string(cid).and_then(base_char),
                        Some(c),
                        "{c:?} round-trips"
                    );
                }
                if half_width(c) {
                    cids.insert(cid);
                }
                ("F1", bytes)
            }
            None if c.is_ascii() => ("F2", vec![c as u8]),
            None => panic!("{c:?} cannot be encoded"),
        };
        match out.last_mut() {
            Some((f, b)) if *f == font => b.extend(bytes),
            _ => out.push((font, bytes)),
        }
    }
    out
}

struct Page {
    ops: Vec<Operation>,
}

impl Page {
    fn text(&mut self, enc: &Encoder, cids: &mut HashSet<u32>, x: f64, y: f64, s: &str) {
        self.ops.push(Operation::new("BT", vec![]));
        self.ops
            .push(Operation::new("Td", vec![x.into(), y.into()]));
        for (font, bytes) in runs(enc, s, cids) {
            self.ops
                .push(Operation::new("Tf", vec![font.into(), SIZE.into()]));
            self.ops.push(Operation::new(
                "Tj",
                vec![Object::String(bytes, StringFormat::Hexadecimal)],
            ));
        }
        self.ops.push(Operation::new("ET", vec![]));
    }

    /// A border line from (x0, y0) to (x1, y1), horizontal or vertical.
    fn line(&mut self, variant: Variant, x0: f64, y0: f64, x1: f64, y1: f64) {
        const W: f64 = 0.5;
        match variant {
            Variant::Ucs2 => {
                let (x, y, w, h) = if y0 == y1 {
                    (x0, y0 - W / 2.0, x1 - x0, W)
                } else {
                    (x0 - W / 2.0, y0.min(y1), W, (y1 - y0).abs())
                };
                self.ops.push(Operation::new(
                    "re",
                    vec![x.into(), y.into(), w.into(), h.into()],
                ));
                self.ops.push(Operation::new("f", vec![]));
            }
            Variant::Rksj => {
                self.ops
                    .push(Operation::new("m", vec![x0.into(), y0.into()]));
                self.ops
                    .push(Operation::new("l", vec![x1.into(), y1.into()]));
                self.ops.push(Operation::new("S", vec![]));
            }
        }
    }
}

/// The sheet split into title, header, body rows and notes.
struct Layout {
    title: Vec<String>,
    header: usize,
    end: usize,
    notes: Vec<String>,
    first_col: usize,
}

fn layout(table: &Table) -> Layout {
    let texts = |r: usize| -> Vec<&Cell> {
        table
            .cells
            .iter()
            .filter(|c| c.row == r && !c.text.trim().is_empty())
            .collect()
    };
    let header = (0..table.rows)
        .find(|&r| texts(r).iter().any(|c| c.text.trim() == "コード"))
        .expect("the sheet has a header row with コード");
    let end = (header + 1..table.rows)
        .find(|&r| {
            let cells = texts(r);
            cells.len() == 1
                && (cells[0].text.trim_start().starts_with('※') || cells[0].colspan > 2)
        })
        .unwrap_or(table.rows);
    Layout {
        title: (0..header)
            .flat_map(texts)
            .map(|c| c.text.clone())
            .collect(),
        header,
        end,
        notes: (end..table.rows)
            .flat_map(texts)
            .map(|c| c.text.clone())
            .collect(),
        first_col: table.cells.iter().map(|c| c.col).min().unwrap_or(0),
    }
}

fn lines_of(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    }
}

fn make(table: &Table, variant: Variant) -> Vec<u8> {
    let enc = Encoder::new(variant);
    let l = layout(table);
    let cols = table.cols - l.first_col;
    // Column widths: the longest line of each column (single-column cells), plus room.
    let mut widths = vec![4.0 * SIZE; cols];
    for c in &table.cells {
        if c.row >= l.header && c.row < l.end && c.colspan == 1 {
            let w = lines_of(&c.text)
                .iter()
                .map(|s| text_width(s))
                .fold(0.0, f64::max);
            let k = c.col - l.first_col;
            widths[k] = f64::max(widths[k], w + 2.0 * PAD + SLACK);
        }
    }
    let mut xs = vec![MARGIN];
    for w in &widths {
        xs.push(xs.last().unwrap() + w);
    }
    let page_width = xs.last().unwrap() + MARGIN;
    // Row heights: a row is as tall as the tallest single-row cell; a merged cell's lines
    // must fit the rows it spans, so its last row grows when they do not.
    let row_lines = |n: usize| n.max(1) as f64 * LEADING + 2.0 * PAD;
    let mut heights: Vec<f64> = vec![row_lines(1); table.rows];
    for c in &table.cells {
        if c.rowspan == 1 {
            heights[c.row] = heights[c.row].max(row_lines(lines_of(&c.text).len()));
        }
    }
    for c in &table.cells {
        if c.rowspan > 1 && c.row < l.end {
            let last = (c.row + c.rowspan).min(l.end) - 1;
            let have: f64 = heights[c.row..=last].iter().sum();
            let need = row_lines(lines_of(&c.text).len());
            if need > have {
                heights[last] += need - have;
            }
        }
    }
    // Code groups: a row with a code starts one; pages break only between groups.
    let code_col = table
        .cells
        .iter()
        .find(|c| c.row == l.header && c.text.trim() == "コード")
        .map(|c| c.col)
        .unwrap_or(l.first_col);
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for r in l.header + 1..l.end {
        let starts = table
            .cell_at(r, code_col)
            .is_some_and(|c| !c.text.trim().is_empty());
        match groups.last_mut() {
            Some(g) if !starts => g.1 = r + 1,
            _ => groups.push((r, r + 1)),
        }
    }
    let top = PAGE_HEIGHT - MARGIN - 2.0 * LEADING;
    let room = top - MARGIN - 3.0 * LEADING - heights[l.header];
    let mut pages: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    let mut used = 0.0;
    for g in groups {
        let h: f64 = heights[g.0..g.1].iter().sum();
        if used + h > room && !pages.last().unwrap().is_empty() {
            pages.push(Vec::new());
            used = 0.0;
        }
        used += h;
        pages.last_mut().unwrap().push(g);
    }

    let mut cids = HashSet::new();
    let mut contents = Vec::new();
    let page_count = pages.len();
    for (p, groups) in pages.into_iter().enumerate() {
        let mut page = Page { ops: Vec::new() };
        page.ops.push(Operation::new("w", vec![Object::Real(0.5)]));
        let mut y = PAGE_HEIGHT - MARGIN;
        for t in &l.title {
            for line in lines_of(t) {
                page.text(&enc, &mut cids, MARGIN, y - SIZE, line);
                y -= LEADING;
            }
        }
        y -= LEADING;
        // Rows of this page: the header, then its groups' rows; each row's top y.
        let mut rows: Vec<usize> = vec![l.header];
        for (a, b) in &groups {
            rows.extend(*a..*b);
        }
        let mut row_top: BTreeMap<usize, f64> = BTreeMap::new();
        for &r in &rows {
            row_top.insert(r, y);
            y -= heights[r];
        }
        let bottom = y;
        let on_page: HashSet<usize> = rows.iter().copied().collect();
        for c in &table.cells {
            if !on_page.contains(&c.row) || c.col < l.first_col {
                continue;
            }
            let last = if c.row == l.header {
                c.row
            } else {
                (c.row + c.rowspan).min(l.end) - 1
            };
            let y0 = row_top[&c.row];
            let y1 = row_top[&last] - heights[last];
            let k = c.col - l.first_col;
            let (x0, x1) = (xs[k], xs[k + c.colspan]);
            page.line(variant, x0, y0, x1, y0);
            page.line(variant, x0, y1, x1, y1);
            page.line(variant, x0, y0, x0, y1);
            page.line(variant, x1, y0, x1, y1);
            for (i, line) in lines_of(&c.text).iter().enumerate() {
                let baseline = y0 - PAD - SIZE - i as f64 * LEADING;
                page.text(&enc, &mut cids, x0 + PAD, baseline, line);
            }
        }
        // Blank slots (no cell in the grid) still get their borders.
        for &r in &rows {
            for k in 0..cols {
                let col = k + l.first_col;
                let covered = table.cells.iter().any(|c| {
                    c.row <= r && r < c.row + c.rowspan && c.col <= col && col < c.col + c.colspan
                });
                if !covered {
                    let (y0, y1) = (row_top[&r], row_top[&r] - heights[r]);
                    page.line(variant, xs[k], y0, xs[k + 1], y0);
                    page.line(variant, xs[k], y1, xs[k + 1], y1);
                    page.line(variant, xs[k], y0, xs[k], y1);
                    page.line(variant, xs[k + 1], y0, xs[k + 1], y1);
                }
            }
        }
        if p + 1 == page_count {
            let mut y = bottom - LEADING;
            for n in &l.notes {
                for line in lines_of(n) {
                    page.text(&enc, &mut cids, MARGIN, y - SIZE, line);
                    y -= LEADING;
                }
            }
        }
        contents.push(page.ops);
    }

    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "KozMinPr6N-Regular",
        "Flags" => 4,
        "FontBBox" => vec![(-437).into(), (-340).into(), 1147.into(), 1317.into()],
        "ItalicAngle" => 0,
        "Ascent" => 880,
        "Descent" => -120,
        "CapHeight" => 742,
        "StemV" => 80,
    });
    let mut w: Vec<Object> = Vec::new();
    let mut half: Vec<u32> = cids.into_iter().collect();
    half.sort_unstable();
    for cid in half {
        w.push((cid as i64).into());
        w.push(vec![Object::Integer(500)].into());
    }
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "KozMinPr6N-Regular",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Japan1"),
            "Supplement" => 6,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        "W" => w,
    });
    let encoding = match variant {
        Variant::Ucs2 => "UniJIS-UCS2-H",
        Variant::Rksj => "90ms-RKSJ-H",
    };
    let f1 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => format!("KozMinPr6N-Regular-{encoding}"),
        "Encoding" => encoding,
        "DescendantFonts" => vec![cid_font.into()],
    });
    let f2 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
        "FirstChar" => 32,
        "LastChar" => 126,
        "Widths" => vec![Object::Integer(500); 95],
    });
    let mut fonts = dictionary! { "F1" => f1 };
    if variant == Variant::Rksj {
        fonts.set("F2", f2);
    }
    let resources = doc.add_object(dictionary! { "Font" => fonts });
    let mut kids = Vec::new();
    for ops in contents {
        let bytes = Content { operations: ops }
            .encode()
            .expect("content encodes");
        let mut stream = Stream::new(dictionary! {}, bytes);
        stream.compress().expect("compress");
        let content = doc.add_object(stream);
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(page_width as f32), Object::Real(PAGE_HEIGHT as f32)],
            "Contents" => content,
            "Resources" => resources,
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    // No /Info: no producer or dates, so the bytes depend only on the input.
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("PDF writes");
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, dir] = args.as_slice() else {
        eprintln!("usage: make-cmap-pdf SPREADSHEET OUT_DIR");
        std::process::exit(2);
    };
    let source = oqs_catalog::read::read_source(Path::new(input), input).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let Some(table) = source.grid.pages.first().and_then(|p| p.tables.first()) else {
        eprintln!("{input}: no table");
        std::process::exit(2);
    };
    for (variant, name) in [
        (Variant::Ucs2, "cmap-ucs2-1.20.pdf"),
        (Variant::Rksj, "cmap-rksj-1.20.pdf"),
    ] {
        let path = Path::new(dir).join(name);
        std::fs::write(&path, make(table, variant)).unwrap_or_else(|e| {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        });
        println!("wrote {}", path.display());
    }
}
