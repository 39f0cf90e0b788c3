//! PDFs built from structured fuzz input (`arbitrary`): content streams with large repeat
//! counts and deep nesting (q/Q, BT/ET, forms drawn by `Do`, marked content), fonts with
//! ToUnicode and embedded CMaps (bfchar, bfrange and cidrange over large ranges) and `/W`
//! arrays, each stream stored plain, compressed, cut short or hex-encoded. Random bytes
//! almost never reach these (issue 10); a structure does.
//!
//! Shared by the fuzz targets `pdf_content` and `pdf_fonts`, and by `check`, which reads a
//! built PDF under both damage policies and asserts that they agree.

use arbitrary::Arbitrary;
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use oqs_catalog::model::SourceKind;
use oqs_catalog::read::{read_bytes_with, OnDamage, ReadError};

/// Expanded content of one stream stops at this many bytes, so that one run stays fast; the
/// reader's own limits are tested at full size in tests/it/pdf_hostile.rs.
const MAX_STREAM: usize = 1 << 20;
/// Repeats nest at most this deep.
const MAX_NESTING: usize = 6;

#[derive(Arbitrary, Debug, Clone)]
pub enum Item {
    Save,
    Restore,
    BeginText,
    EndText,
    Font { index: u8, size: i8 },
    Move { x: i16, y: i16 },
    TextMatrix([i8; 6]),
    Transform([i8; 6]),
    Show(Vec<u8>),
    ShowArray(Vec<(Vec<u8>, i16)>),
    NextLine(Vec<u8>),
    Line { x0: i16, y0: i16, x1: i16, y1: i16 },
    Rect { x: i16, y: i16, w: i16, h: i16 },
    Paint(u8),
    Draw(u8),
    BeginMarked(Option<i32>),
    EndMarked,
    InlineImage,
    Raw(Vec<u8>),
    Repeat { count: u32, body: Vec<Item> },
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Encoding {
    Plain,
    Flate,
    /// Compressed, then cut to (n + 1) / 257 of its bytes.
    FlateCut(u8),
    /// Compressed, then one byte overwritten.
    FlateFlipped(u16),
    Hex { end_mark: bool },
}

fn number(v: i64) -> String {
    v.to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Appends the operators of `items` to `out`, repeats expanded, until `out` is full.
pub fn emit(items: &[Item], out: &mut Vec<u8>, depth: usize) {
    for item in items {
        if out.len() >= MAX_STREAM {
            return;
        }
        let text = match item {
            Item::Save => "q\n".to_string(),
            Item::Restore => "Q\n".to_string(),
            Item::BeginText => "BT\n".to_string(),
            Item::EndText => "ET\n".to_string(),
            Item::Font { index, size } => format!("/F{} {} Tf\n", index % 5, size),
            Item::Move { x, y } => format!("{x} {y} Td\n"),
            Item::TextMatrix(m) | Item::Transform(m) => {
                let op = if matches!(item, Item::TextMatrix(_)) { "Tm" } else { "cm" };
                let v: Vec<String> = m.iter().map(|&c| number(c as i64)).collect();
                format!("{} {op}\n", v.join(" "))
            }
            Item::Show(s) => format!("<{}> Tj\n", hex(s)),
            Item::NextLine(s) => format!("<{}> '\n", hex(s)),
            Item::ShowArray(parts) => {
                let inner: Vec<String> =
                    parts.iter().map(|(s, k)| format!("<{}> {k}", hex(s))).collect();
                format!("[{}] TJ\n", inner.join(" "))
            }
            Item::Line { x0, y0, x1, y1 } => format!("{x0} {y0} m {x1} {y1} l\n"),
            Item::Rect { x, y, w, h } => format!("{x} {y} {w} {h} re\n"),
            Item::Paint(k) => ["S\n", "f\n", "B\n", "n\n", "W n\n", "s\n", "b\n", "f*\n", "h\n"]
                [*k as usize % 9]
                .to_string(),
            Item::Draw(k) => format!("/X{} Do\n", k % 6),
            Item::BeginMarked(Some(mcid)) => format!("/P <</MCID {mcid}>> BDC\n"),
            Item::BeginMarked(None) => "/P BMC\n".to_string(),
            Item::EndMarked => "EMC\n".to_string(),
            Item::InlineImage => "BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI\n".to_string(),
            Item::Raw(bytes) => {
                out.extend_from_slice(bytes);
                continue;
            }
            Item::Repeat { count, body } => {
                if depth < MAX_NESTING && !body.is_empty() {
                    for _ in 0..*count {
                        let before = out.len();
                        emit(body, out, depth + 1);
                        if out.len() >= MAX_STREAM || out.len() == before {
                            break;
                        }
                    }
                }
                continue;
            }
        };
        out.extend_from_slice(text.as_bytes());
    }
}

/// A stream of `data` stored as `encoding` says.
pub fn stream(mut dict: Dictionary, data: &[u8], encoding: Encoding) -> Stream {
    let zlib = || miniz_oxide::deflate::compress_to_vec_zlib(data, 6);
    let content = match encoding {
        Encoding::Plain => data.to_vec(),
        Encoding::Flate => zlib(),
        Encoding::FlateCut(n) => {
            let mut z = zlib();
            z.truncate(z.len() * (n as usize + 1) / 257);
            z
        }
        Encoding::FlateFlipped(at) => {
            let mut z = zlib();
            if !z.is_empty() {
                let i = at as usize % z.len();
                z[i] ^= 0x5A;
            }
            z
        }
        Encoding::Hex { end_mark } => {
            let mut h = hex(data).into_bytes();
            if end_mark {
                h.push(b'>');
            }
            h
        }
    };
    match encoding {
        Encoding::Plain => {}
        Encoding::Hex { .. } => dict.set("Filter", "ASCIIHexDecode"),
        _ => dict.set("Filter", "FlateDecode"),
    }
    Stream::new(dict, content).with_compression(false)
}

/// A CMap: codes of `code_len` bytes; `bfchar`, `bfrange` (an offset destination or an
/// array) and `cidrange` sections; an optional `usecmap` of a predefined CMap.
#[derive(Arbitrary, Debug, Clone)]
pub struct CMapSpec {
    pub code_len: u8,
    pub bfchar: Vec<(u32, Vec<u8>)>,
    pub bfrange: Vec<BfRange>,
    pub cidrange: Vec<(u32, u32, u16)>,
    pub usecmap: Option<u8>,
    pub tail: Vec<u8>,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum BfRange {
    Offset { lo: u32, hi: u32, dst: Vec<u8> },
    Array { lo: u32, dsts: Vec<Vec<u8>> },
}

const PREDEFINED: [&str; 6] = [
    "90ms-RKSJ-H",
    "UniJIS-UCS2-H",
    "UniJIS-UTF16-H",
    "Identity-H",
    "Adobe-Japan1-UCS2",
    "No-Such-H",
];

fn code(v: u32, len: usize) -> String {
    let bytes = v.to_be_bytes();
    hex(&bytes[4 - len..])
}

impl CMapSpec {
    pub fn text(&self) -> Vec<u8> {
        let len = (self.code_len % 4 + 1) as usize;
        let top = if len == 4 { u32::MAX } else { (1u32 << (8 * len)) - 1 };
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> def\n",
        );
        if let Some(k) = self.usecmap {
            s.push_str(&format!("/{} usecmap\n", PREDEFINED[k as usize % PREDEFINED.len()]));
        }
        s.push_str(&format!(
            "1 begincodespacerange <{}> <{}> endcodespacerange\n",
            code(0, len),
            code(top, len)
        ));
        for chunk in self.bfchar.chunks(100) {
            s.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (c, dst) in chunk {
                s.push_str(&format!("<{}> <{}>\n", code(*c & top, len), hex(dst)));
            }
            s.push_str("endbfchar\n");
        }
        for chunk in self.bfrange.chunks(100) {
            s.push_str(&format!("{} beginbfrange\n", chunk.len()));
            for r in chunk {
                match r {
                    BfRange::Offset { lo, hi, dst } => s.push_str(&format!(
                        "<{}> <{}> <{}>\n",
                        code(*lo & top, len),
                        code(*hi & top, len),
                        hex(dst)
                    )),
                    BfRange::Array { lo, dsts } => {
                        let lo = *lo & top;
                        let hi = lo.saturating_add(dsts.len().saturating_sub(1) as u32) & top;
                        let items: Vec<String> =
                            dsts.iter().map(|d| format!("<{}>", hex(d))).collect();
                        s.push_str(&format!(
                            "<{}> <{}> [{}]\n",
                            code(lo, len),
                            code(hi, len),
                            items.join(" ")
                        ));
                    }
                }
            }
            s.push_str("endbfrange\n");
        }
        for chunk in self.cidrange.chunks(100) {
            s.push_str(&format!("{} begincidrange\n", chunk.len()));
            for (lo, hi, cid) in chunk {
                s.push_str(&format!("<{}> <{}> {cid}\n", code(*lo & top, len), code(*hi & top, len)));
            }
            s.push_str("endcidrange\n");
        }
        s.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
        let mut bytes = s.into_bytes();
        bytes.extend_from_slice(&self.tail);
        bytes
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum WEntry {
    List { first: u32, widths: Vec<i16> },
    Range { first: u32, last: u32, width: i16 },
}

#[derive(Arbitrary, Debug, Clone)]
pub enum FontKind {
    Helvetica,
    Type0Identity,
    Type0Predefined(u8),
    Type0Embedded(CMapSpec, Encoding),
    Type3,
}

#[derive(Arbitrary, Debug, Clone)]
pub struct FontSpec {
    pub kind: FontKind,
    pub to_unicode: Option<(CMapSpec, Encoding)>,
    pub w: Vec<WEntry>,
    pub dw: Option<i16>,
    pub first_char: u8,
    pub widths: Vec<i16>,
    /// Its font program (bytes, encoding).
    pub program: Option<(Vec<u8>, Encoding)>,
    /// The resource points at an object the file does not hold.
    pub missing: bool,
}

fn w_array(entries: &[WEntry]) -> Vec<Object> {
    let mut w = Vec::new();
    for e in entries {
        match e {
            WEntry::List { first, widths } => {
                w.push(Object::Integer(*first as i64));
                w.push(Object::Array(widths.iter().map(|&v| Object::Integer(v as i64)).collect()));
            }
            WEntry::Range { first, last, width } => {
                w.extend([(*first as i64).into(), (*last as i64).into(), (*width as i64).into()]);
            }
        }
    }
    w
}

/// Adds a font to `doc`; returns what the resources' `/Font` entry is.
pub fn font(doc: &mut Document, spec: &FontSpec) -> Object {
    if spec.missing {
        return doc.new_object_id().into();
    }
    let mut descriptor = dictionary! { "Type" => "FontDescriptor", "FontName" => "Fuzz", "Flags" => 32 };
    if let Some((bytes, enc)) = &spec.program {
        let id = doc.add_object(stream(dictionary! {}, bytes, *enc));
        descriptor.set("FontFile2", id);
    }
    let descriptor = doc.add_object(descriptor);
    let mut font = match &spec.kind {
        FontKind::Helvetica | FontKind::Type3 => {
            let widths: Vec<Object> = spec.widths.iter().map(|&v| Object::Integer(v as i64)).collect();
            let mut d = dictionary! {
                "Type" => "Font", "BaseFont" => "Fuzz", "Encoding" => "WinAnsiEncoding",
                "FirstChar" => spec.first_char as i64, "Widths" => widths, "FontDescriptor" => descriptor,
            };
            if matches!(spec.kind, FontKind::Type3) {
                let proc_id = doc.add_object(stream(dictionary! {}, b"0 0 m 1 1 l S", Encoding::Flate));
                d.set("Subtype", "Type3");
                d.set("FontMatrix", vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()]);
                d.set("CharProcs", dictionary! { "a" => proc_id });
            } else {
                d.set("Subtype", "TrueType");
            }
            d
        }
        kind => {
            let encoding: Object = match kind {
                FontKind::Type0Identity => "Identity-H".into(),
                FontKind::Type0Predefined(k) => {
                    Object::Name(PREDEFINED[*k as usize % PREDEFINED.len()].as_bytes().to_vec())
                }
                FontKind::Type0Embedded(cmap, enc) => {
                    doc.add_object(stream(dictionary! { "Type" => "CMap" }, &cmap.text(), *enc)).into()
                }
                _ => unreachable!("simple kinds are handled above"),
            };
            let mut descendant = dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Fuzz",
                "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                    "Ordering" => Object::string_literal("Japan1"), "Supplement" => 6 },
                "W" => w_array(&spec.w), "FontDescriptor" => descriptor,
            };
            if let Some(dw) = spec.dw {
                descendant.set("DW", dw as i64);
            }
            let descendant = doc.add_object(descendant);
            dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Fuzz",
                "Encoding" => encoding, "DescendantFonts" => vec![descendant.into()],
            }
        }
    };
    if let Some((cmap, enc)) = &spec.to_unicode {
        let id = doc.add_object(stream(dictionary! {}, &cmap.text(), *enc));
        font.set("ToUnicode", id);
    }
    doc.add_object(font).into()
}

#[derive(Arbitrary, Debug, Clone)]
pub struct PageSpec {
    pub content: Vec<Item>,
    pub encoding: Encoding,
    /// Split the content into two streams at this fraction (§7.8.2).
    pub split: Option<u8>,
    pub rotate: u8,
}

#[derive(Arbitrary, Debug, Clone)]
pub struct FormSpec {
    pub content: Vec<Item>,
    pub encoding: Encoding,
    pub matrix: Option<[i8; 6]>,
    pub image: bool,
}

/// A document of up to four pages drawing up to six XObjects (forms, which may draw each
/// other, or images) and up to five fonts.
pub fn document(pages: &[PageSpec], forms: &[FormSpec], fonts: &[FontSpec]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut font_dict = Dictionary::new();
    for (k, spec) in fonts.iter().take(5).enumerate() {
        let entry = font(&mut doc, spec);
        font_dict.set(format!("F{k}"), entry);
    }
    let form_ids: Vec<ObjectId> = forms.iter().take(6).map(|_| doc.new_object_id()).collect();
    let mut xobjects = Dictionary::new();
    for (k, id) in form_ids.iter().enumerate() {
        xobjects.set(format!("X{k}"), *id);
    }
    let resources = dictionary! { "Font" => font_dict, "XObject" => xobjects };
    for (spec, id) in forms.iter().zip(&form_ids) {
        let mut data = Vec::new();
        emit(&spec.content, &mut data, 0);
        let dict = if spec.image {
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 }
        } else {
            let mut d = dictionary! { "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => resources.clone() };
            if let Some(m) = spec.matrix {
                d.set("Matrix", m.iter().map(|&v| Object::Integer(v as i64)).collect::<Vec<_>>());
            }
            d
        };
        doc.objects.insert(*id, Object::Stream(stream(dict, &data, spec.encoding)));
    }
    let mut kids = Vec::new();
    for spec in pages.iter().take(4) {
        let mut data = Vec::new();
        emit(&spec.content, &mut data, 0);
        let contents: Object = match spec.split {
            Some(at) => {
                let at = data.len() * at as usize / 256;
                let a = doc.add_object(stream(dictionary! {}, &data[..at], spec.encoding));
                let b = doc.add_object(stream(dictionary! {}, &data[at..], spec.encoding));
                vec![a.into(), b.into()].into()
            }
            None => doc.add_object(stream(dictionary! {}, &data, spec.encoding)).into(),
        };
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents,
            "Resources" => resources.clone(), "Rotate" => 90 * (spec.rotate % 4) as i64,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("an in-memory PDF saves");
    out
}

/// Reads `pdf` refusing damage and reading past it, and checks that the two agree: the same
/// grid when nothing is damaged; a refusal only for damage, which the other reports as
/// warnings (one per damaged object, as the coverage counts them); errors that name the file.
pub fn check(pdf: &[u8]) {
    let refuse = read_bytes_with("fuzz.pdf", SourceKind::Pdf, pdf, OnDamage::Refuse);
    let warn = read_bytes_with("fuzz.pdf", SourceKind::Pdf, pdf, OnDamage::Warn);
    for e in [&refuse, &warn].into_iter().filter_map(|r| r.as_ref().err()) {
        assert!(e.to_string().starts_with("fuzz.pdf"), "{e}");
    }
    match (&refuse, &warn) {
        (Ok(r), Ok(w)) => {
            // Nothing refused: reading past damage found none and warns as the strict read.
            assert_eq!(r.warnings, w.warnings);
            assert_eq!(r.grid, w.grid);
        }
        (Err(e), Ok(w)) => {
            // Refused for damage, or for a glyph no mapping reads (issue 11): `grid` shows
            // both as warnings, one per undecoded stream and one per unmapped code.
            use oqs_catalog::read::pdf::PdfError;
            assert!(
                matches!(
                    e,
                    ReadError::Pdf(PdfError::Damaged { .. } | PdfError::Unmapped { .. })
                ),
                "refused without damage or an unmapped glyph: {e}"
            );
            assert!(!w.warnings.is_empty(), "refused ({e}) but no warning");
            let unmapped = w
                .warnings
                .iter()
                .filter(|d| d.message.contains("has no Unicode mapping"))
                .count();
            assert_eq!(
                w.coverage.map(|c| c.undecoded + unmapped),
                Some(w.warnings.len()),
                "{:?}",
                w.warnings
            );
        }
        (Ok(_), Err(e)) => panic!("reading past damage failed where refusing it read: {e}"),
        (Err(_), Err(_)) => {}
    }
}
