//! Fonts (PDF 32000-1:2008 §9.5–§9.10): how a shown string splits into character codes, what
//! Unicode text each code stands for, and how far each glyph advances.
//!
//! Input: a font dictionary. Output: a [`Font`] that maps codes to text and widths. Of an
//! embedded font program it reads only the `cmap` and glyph names (`program`), for codes the
//! dictionary maps to no text; it does not read outlines: the box of a glyph is its advance
//! width times the font's ascent/descent, which is what placing text in table cells needs.

mod cmap;
mod encodings;
mod predefined;
mod program;

pub(crate) use cmap::ToUnicode;

use std::collections::HashMap;
use std::sync::Arc;

use hayro_cmap::{BfString, CMap};

use lopdf::{Dictionary, Document, Object};

use super::budget::{Allowance, Budget, Stop};
use super::objects::{deref, dict_of, name_of, num};

/// The most codes one `/W` range may describe; see [`cmap`] for why ranges are bounded.
const MAX_WIDTH_RANGE: u32 = 0x1_0000;
/// The most codes the `/W` arrays of one file may describe, counting a code described twice
/// twice. CIDs stop at 65,535 (PDF 32000-1:2008 Annex C), so a font's `/W` needs at most
/// that many; the fonts of the PDFs in tests/data describe at most 94. Reading stops past
/// it, so 10,000 ranges of 65,536 codes (15 s before) cost no more than this.
const MAX_WIDTH_CODES: usize = 1 << 22;
/// Decoded bytes of one CMap stream (ToUnicode or embedded). A CMap that maps each of the
/// 65,536 two-byte codes on a line of its own is under 1 MB; parsing holds each token of
/// the stream, up to about 16 times its size.
const MAX_CMAP_BYTES: usize = 8 << 20;

/// Widths that the `/W` arrays of one file may give.
pub(crate) const WIDTHS: Allowance = Allowance::new(MAX_WIDTH_CODES, "glyph widths in /W arrays");
/// Codes that the ToUnicode CMaps of one file may map, and the bytes of text they map to
/// (bounded per CMap in [`cmap`]).
pub(crate) const MAPPED_CODES: Allowance =
    Allowance::new(cmap::MAX_CODES, "codes mapped by ToUnicode CMaps");
pub(crate) const MAPPED_BYTES: Allowance = Allowance::new(
    cmap::MAX_TEXT_BYTES,
    "bytes of text mapped by ToUnicode CMaps",
);

/// Why a font cannot be used.
#[derive(Debug)]
pub(crate) enum FontError {
    /// A short reason; the caller adds file, page and font.
    Bad(String),
    /// An allowance ran out, or a stream of the font is damaged and damage is refused.
    Stop(Stop),
}

impl From<String> for FontError {
    fn from(reason: String) -> FontError {
        FontError::Bad(reason)
    }
}

impl From<&str> for FontError {
    fn from(reason: &str) -> FontError {
        FontError::Bad(reason.to_string())
    }
}

impl From<Stop> for FontError {
    fn from(stop: Stop) -> FontError {
        FontError::Stop(stop)
    }
}

fn file_limit(exceeded: super::budget::Exceeded) -> FontError {
    FontError::Stop(Stop::Limit {
        subject: "the file".into(),
        exceeded,
    })
}

/// The stream a font names under `key` of `dict`, decoded; `None` when there is none (or the
/// entry is a name, as `/ToUnicode /Identity-H` is). `what` names it in messages.
fn font_stream(
    doc: &Document,
    dict: &Dictionary,
    key: &[u8],
    what: &str,
    font: &str,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, FontError> {
    let Ok(entry) = dict.get(key) else {
        return Ok(None);
    };
    let name = || match entry {
        Object::Reference(id) => format!("{what} {} {} R of font {font}", id.0, id.1),
        _ => format!("{what} of font {font}"),
    };
    match doc.dereference(entry) {
        Ok((_, Object::Stream(s))) => Ok(Some(budget.decode(s, &name)?)),
        Ok(_) => Ok(None),
        Err(_) => {
            budget.damage(format!("{} is missing", name()))?;
            Ok(None)
        }
    }
}

/// A CMap stream's bytes, refused beyond [`MAX_CMAP_BYTES`].
fn cmap_data(data: Option<Vec<u8>>, what: &str) -> Result<Option<Vec<u8>>, FontError> {
    match data {
        Some(d) if d.len() > MAX_CMAP_BYTES => Err(FontError::Bad(format!(
            "its {what} exceeds the limit of {} MiB of CMap data",
            MAX_CMAP_BYTES >> 20
        ))),
        other => Ok(other),
    }
}

/// How a font's character codes are read (§9.7.6 for composite fonts).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Codes {
    /// Simple fonts: one byte per code.
    OneByte,
    /// Composite fonts with Identity-H/V: two bytes, code = CID.
    Identity,
    /// Composite fonts with any other CMap, predefined (90ms-RKSJ-H, UniJIS-UCS2-H, …) or
    /// embedded: codes of one to four bytes as the CMap's ranges define them, CID from the CMap.
    Mapped,
}

#[derive(Debug, Clone)]
pub(crate) struct Font {
    /// `/BaseFont`, for messages.
    pub name: String,
    codes: Codes,
    /// The font's CMap, for [`Codes::Mapped`].
    cmap: Option<Arc<CMap>>,
    /// The code is itself UTF-16 (the Uni…-UCS2/UTF16 CMaps): its text needs no CID lookup.
    unicode_codes: bool,
    /// CID → Unicode for the font's character collection (Adobe-Japan1-UCS2, …), used when
    /// there is no ToUnicode entry for a code (§9.10.2, method b).
    cid_text: Option<Arc<CMap>>,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: text of each code from `/Encoding` (base encoding and `/Differences`).
    encoding: Vec<Option<String>>,
    /// Simple fonts: the glyph a `/Differences` name such as `/g12` or `/cid00123` selects
    /// by number, for codes `encoding` leaves without text.
    named_glyphs: HashMap<u8, u16>,
    /// The embedded TrueType/OpenType program's own mapping, where it can be read.
    program: Option<Arc<program::Program>>,
    /// CIDFontType2 (§9.7.4.2): CID → glyph, when `/CIDToGIDMap` is a stream (else the
    /// identity).
    cid_to_gid: Option<Arc<[u16]>>,
    widths: Widths,
    /// Glyph box above and below the baseline, in text space units per unit of font size.
    pub ascent: f64,
    pub descent: f64,
    /// Type 3 fonts (§9.6.5) scale widths by `/FontMatrix` instead of 1/1000.
    width_scale: f64,
}

/// Glyph widths in thousandths of text space units (§9.2.4).
#[derive(Debug, Clone, Default)]
pub(crate) struct Widths {
    first: u32,
    simple: Vec<f64>,
    cid: HashMap<u32, f64>,
    default: f64,
    /// Codes the `/W` array described, for the file's allowance.
    work: usize,
}

impl Widths {
    /// Simple fonts: `/FirstChar` + `/Widths`, `/MissingWidth` for the rest (§9.6.2.1).
    pub fn simple(first: u32, widths: Vec<f64>, missing: Option<f64>) -> Widths {
        // With no /MissingWidth, half an em is a better guess than the specification's 0 for
        // placing a glyph's centre in a cell.
        Widths {
            first,
            simple: widths,
            cid: HashMap::new(),
            default: missing.unwrap_or(500.0),
            work: 0,
        }
    }

    /// Composite fonts: `/W` array and `/DW` (§9.7.4.3). Reading stops once more than
    /// [`MAX_WIDTH_CODES`] codes are described; [`Widths::work`] tells how many were.
    pub fn cid(w: &[Object], dw: Option<f64>, doc: &Document) -> Widths {
        let mut cid = HashMap::new();
        let mut work = 0usize;
        let mut i = 0;
        while i < w.len() && work <= MAX_WIDTH_CODES {
            let Some(first) = num(deref(doc, &w[i])) else {
                break;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
                    work += list.len().min(MAX_WIDTH_RANGE as usize);
                    for (k, v) in list.iter().enumerate().take(MAX_WIDTH_RANGE as usize) {
                        if let Some(v) = num(deref(doc, v)) {
                            cid.insert(first.saturating_add(k as u32), v);
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(v)) =
                        (num(last), w.get(i + 2).and_then(|o| num(deref(doc, o))))
                    else {
                        break;
                    };
                    let last = (last.max(0.0) as u32).min(first.saturating_add(MAX_WIDTH_RANGE));
                    work += (last as usize + 1).saturating_sub(first as usize);
                    if work > MAX_WIDTH_CODES {
                        break;
                    }
                    for code in first..=last {
                        cid.insert(code, v);
                    }
                    i += 3;
                }
                None => break,
            }
        }
        Widths {
            first: 0,
            simple: Vec::new(),
            cid,
            default: dw.unwrap_or(1000.0),
            work,
        }
    }

    pub fn get(&self, code: u32) -> f64 {
        if let Some(w) = self.cid.get(&code) {
            return *w;
        }
        code.checked_sub(self.first)
            .and_then(|i| self.simple.get(i as usize))
            .copied()
            .unwrap_or(self.default)
    }
}

impl Font {
    /// Reads a font dictionary, and decodes every stream it refers to (the ToUnicode and
    /// embedded CMaps it reads; the font programs, which it does not, only to know them
    /// complete). Errors are short reasons; the caller adds file, page and font.
    pub fn load(doc: &Document, font: &Dictionary, budget: &mut Budget) -> Result<Font, FontError> {
        let name = font
            .get(b"BaseFont")
            .ok()
            .and_then(|o| name_of(deref(doc, o)))
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|| "(unnamed)".to_string());
        let subtype = font
            .get(b"Subtype")
            .ok()
            .and_then(|o| name_of(deref(doc, o)))
            .unwrap_or(b"");
        let data = font_stream(doc, font, b"ToUnicode", "ToUnicode CMap", &name, budget)?;
        let to_unicode = match cmap_data(data, "ToUnicode CMap")? {
            Some(data) => {
                let map = ToUnicode::parse(&data);
                if let Some(why) = &map.refused {
                    return Err(FontError::Bad(format!("its ToUnicode CMap {why}")));
                }
                budget.mapped_codes.take(map.codes).map_err(file_limit)?;
                budget
                    .mapped_bytes
                    .take(map.text_bytes)
                    .map_err(file_limit)?;
                Some(map)
            }
            None => None,
        };

        let mut cmap = None;
        let mut cid_text = None;
        let program_bytes;
        let mut cid_to_gid = None;
        let mut unicode_codes = false;
        let (codes, widths, descriptor) = if subtype == b"Type0" {
            let codes = match font.get(b"Encoding").map(|o| deref(doc, o)) {
                Ok(Object::Name(n)) if n == b"Identity-H" || n == b"Identity-V" => Codes::Identity,
                Ok(Object::Name(n)) => {
                    let map = predefined::cmap(n).ok_or_else(|| {
                        format!(
                            "predefined CMap {} is not supported",
                            String::from_utf8_lossy(n)
                        )
                    })?;
                    unicode_codes = is_unicode_cmap(n);
                    cmap = Some(map);
                    Codes::Mapped
                }
                Ok(Object::Stream(_)) => {
                    let data = font_stream(doc, font, b"Encoding", "CMap", &name, budget)?;
                    let data = cmap_data(data, "embedded CMap")?.unwrap_or_default();
                    cmap = Some(Arc::new(
                        predefined::parse_embedded(&data)
                            .ok_or("its embedded CMap cannot be read")?,
                    ));
                    Codes::Mapped
                }
                _ => return Err("it has no CMap (/Encoding)".into()),
            };
            let descendant = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| match deref(doc, o) {
                    Object::Array(a) => a.first().and_then(|d| dict_of(deref(doc, d))),
                    _ => None,
                })
                .ok_or("it has no descendant font")?;
            program_bytes = check_font_programs(doc, descendant, &name, budget)?;
            if let Some(data) = font_stream(
                doc,
                descendant,
                b"CIDToGIDMap",
                "CIDToGIDMap",
                &name,
                budget,
            )? {
                cid_to_gid = Some(
                    data.chunks_exact(2)
                        .map(|p| u16::from_be_bytes([p[0], p[1]]))
                        .collect(),
                );
            }
            // The CIDs of the font's character collection have standard Unicode values; the
            // CMap names its collection, else the descendant's /CIDSystemInfo does (§9.7.3).
            let ordering = cmap
                .as_ref()
                .and_then(|m| m.metadata().character_collection.as_ref())
                .map(|cc| cc.family.clone())
                .or_else(|| {
                    let info = descendant
                        .get(b"CIDSystemInfo")
                        .ok()
                        .and_then(|o| dict_of(deref(doc, o)))?;
                    let text = |key: &[u8]| match info.get(key).map(|o| deref(doc, o)) {
                        Ok(Object::String(s, _)) => Some(s.clone()),
                        _ => None,
                    };
                    Some(hayro_cmap::CidFamily::from_registry_ordering(
                        &text(b"Registry")?,
                        &text(b"Ordering")?,
                    ))
                });
            cid_text = ordering.and_then(|o| predefined::cid_to_unicode(&o));
            let dw = descendant.get(b"DW").ok().and_then(|o| num(deref(doc, o)));
            let widths = match descendant.get(b"W").map(|o| deref(doc, o)) {
                Ok(Object::Array(w)) => Widths::cid(w, dw, doc),
                _ => Widths::cid(&[], dw, doc),
            };
            budget.widths.take(widths.work).map_err(file_limit)?;
            let descriptor = descendant
                .get(b"FontDescriptor")
                .ok()
                .and_then(|o| dict_of(deref(doc, o)));
            (codes, widths, descriptor)
        } else {
            program_bytes = check_font_programs(doc, font, &name, budget)?;
            let descriptor = font
                .get(b"FontDescriptor")
                .ok()
                .and_then(|o| dict_of(deref(doc, o)));
            let missing = descriptor
                .and_then(|d| d.get(b"MissingWidth").ok())
                .and_then(|o| num(deref(doc, o)));
            let first = font
                .get(b"FirstChar")
                .ok()
                .and_then(|o| num(deref(doc, o)))
                .unwrap_or(0.0)
                .max(0.0);
            let list = match font.get(b"Widths").map(|o| deref(doc, o)) {
                Ok(Object::Array(a)) => a
                    .iter()
                    .take(256)
                    .map(|o| num(deref(doc, o)).unwrap_or(0.0))
                    .collect(),
                _ => Vec::new(),
            };
            (
                Codes::OneByte,
                Widths::simple(first as u32, list, missing),
                descriptor,
            )
        };

        let (encoding, named_glyphs) = if codes == Codes::OneByte {
            simple_encoding(doc, font)
        } else {
            (Vec::new(), HashMap::new())
        };
        let program = program_bytes
            .and_then(|data| program::Program::parse(&data, glyph_name_text))
            .map(Arc::new);

        let metric = |key: &[u8]| {
            descriptor
                .and_then(|d| d.get(key).ok())
                .and_then(|o| num(deref(doc, o)))
        };
        let (mut ascent, mut descent) = (
            metric(b"Ascent").unwrap_or(0.0),
            metric(b"Descent").unwrap_or(0.0),
        );
        if ascent <= descent || ascent - descent < 300.0 {
            // LibreOffice writes /Ascent 0 /Descent 0 (the 1.20 fixture): use typical values.
            (ascent, descent) = (880.0, -120.0);
        }
        let width_scale = if subtype == b"Type3" {
            match font.get(b"FontMatrix").map(|o| deref(doc, o)) {
                Ok(Object::Array(m)) => m.first().and_then(num).unwrap_or(0.001),
                _ => 0.001,
            }
        } else {
            0.001
        };
        Ok(Font {
            name,
            codes,
            cmap,
            unicode_codes,
            cid_text,
            to_unicode,
            encoding,
            named_glyphs,
            program,
            cid_to_gid,
            widths,
            ascent: ascent / 1000.0,
            descent: descent / 1000.0,
            width_scale,
        })
    }

    /// Splits a shown string into (code, length in bytes).
    pub fn codes(&self, bytes: &[u8]) -> Vec<(u32, u8)> {
        match (self.codes, &self.cmap) {
            (Codes::OneByte, _) => bytes.iter().map(|&b| (b as u32, 1)).collect(),
            (Codes::Mapped, Some(cmap)) => predefined::split(cmap, bytes, self.unicode_codes),
            _ => bytes
                .chunks(2)
                .map(|p| match p {
                    [a, b] => (((*a as u32) << 8) | *b as u32, 2),
                    [a] => (*a as u32, 1),
                    _ => (0, 1),
                })
                .collect(),
        }
    }

    /// The CID of a code of a composite font.
    fn cid(&self, code: u32, len: u8) -> Option<u32> {
        match (self.codes, &self.cmap) {
            (Codes::Identity, _) => Some(code),
            (Codes::Mapped, Some(cmap)) => cmap.lookup_cid_code(code, len),
            _ => None,
        }
    }

    /// The text a code stands for, or `None` when the font does not say.
    pub fn text(&self, code: u32, len: u8) -> Option<String> {
        if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.get(len, code)) {
            return Some(t.to_string());
        }
        match self.codes {
            Codes::OneByte => {
                let byte = u8::try_from(code).ok()?;
                self.encoding
                    .get(code as usize)
                    .cloned()
                    .flatten()
                    .or_else(|| self.simple_program_text(byte))
            }
            // §9.10.2: the Uni… CMaps' codes are Unicode themselves.
            Codes::Mapped if self.unicode_codes => predefined::utf16_code(code, len),
            Codes::Mapped | Codes::Identity => {
                let cid = self.cid(code, len)?;
                let collection =
                    self.cid_text
                        .as_ref()
                        .and_then(|m| match m.lookup_bf_string(cid)? {
                            BfString::Char(c) => Some(c.to_string()),
                            BfString::String(s) => Some(predefined::without_variation_selectors(s)),
                        });
                collection.or_else(|| {
                    // §9.7.4.2: a CIDFontType2's glyph is its CID, or CIDToGIDMap's entry.
                    let gid = match &self.cid_to_gid {
                        Some(map) => *map.get(cid as usize)?,
                        None => u16::try_from(cid).ok()?,
                    };
                    self.program.as_ref()?.glyph_text(gid)
                })
            }
        }
    }

    /// The text the embedded program gives a one-byte code the encoding leaves unmapped: the
    /// glyph a `/Differences` name numbers, else the symbolic `cmap`'s glyph (§9.6.6.4).
    fn simple_program_text(&self, code: u8) -> Option<String> {
        let program = self.program.as_ref()?;
        let gid = match self.named_glyphs.get(&code) {
            Some(gid) => *gid,
            None => program.symbolic_glyph(code)?,
        };
        program.glyph_text(gid)
    }

    /// Advance width of a code in text space units per unit of font size (§9.4.4).
    pub fn width(&self, code: u32, len: u8) -> f64 {
        let w = match self.codes {
            Codes::OneByte => self.widths.get(code),
            _ => match self.cid(code, len) {
                Some(cid) => self.widths.get(cid),
                None => self.widths.default,
            },
        };
        w * self.width_scale
    }

    /// Word spacing (`Tw`) applies to single-byte code 32 only (§9.3.3).
    pub fn is_word_space(&self, code: u32, len: u8) -> bool {
        code == 32 && len == 1
    }
}

/// Decodes the font programs of a simple or CID font (§9.9: `/FontFile`, `/FontFile2`,
/// `/FontFile3` of its descriptor; §9.6.5: a Type 3 font's glyph procedures), only so that a
/// damaged one is reported: the text was drawn with it, so a viewer shows what it could.
fn check_font_programs(
    doc: &Document,
    font: &Dictionary,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, FontError> {
    let descriptor = font
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| dict_of(deref(doc, o)));
    let mut program = None;
    if let Some(descriptor) = descriptor {
        for key in [&b"FontFile"[..], b"FontFile2", b"FontFile3"] {
            let data = font_stream(doc, descriptor, key, "font program", name, budget)?;
            if key != b"FontFile" && program.is_none() {
                program = data;
            }
        }
    }
    let procs = font
        .get(b"CharProcs")
        .ok()
        .and_then(|o| dict_of(deref(doc, o)));
    if let Some(procs) = procs {
        for (glyph, _) in procs.iter() {
            let what = format!("glyph procedure /{}", String::from_utf8_lossy(glyph));
            font_stream(doc, procs, glyph, &what, name, budget)?;
        }
    }
    Ok(program)
}

fn is_unicode_cmap(name: &[u8]) -> bool {
    let n = String::from_utf8_lossy(name);
    n.starts_with("Uni") && (n.contains("-UCS2-") || n.contains("-UTF16-"))
}

/// The text of each one-byte code from `/Encoding` (§9.6.6): a base encoding, then
/// `/Differences` by glyph name; and the codes whose `/Differences` name numbers a glyph
/// (`/g12`, `/cid00123`: see [`numbered_glyph`]). Symbolic fonts without `/Encoding` map
/// nothing here.
fn simple_encoding(doc: &Document, font: &Dictionary) -> (Vec<Option<String>>, HashMap<u8, u16>) {
    let base_of = |name: &[u8]| -> Option<&'static [u16; 256]> {
        match name {
            b"WinAnsiEncoding" => Some(&encodings::WIN_ANSI),
            b"MacRomanEncoding" => Some(&encodings::MAC_ROMAN),
            b"StandardEncoding" => Some(&encodings::STANDARD),
            _ => None,
        }
    };
    let symbolic = font
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| dict_of(deref(doc, o)))
        .and_then(|d| d.get(b"Flags").ok())
        .and_then(num)
        .is_some_and(|f| (f as i64) & 4 != 0);
    let enc = font.get(b"Encoding").ok().map(|o| deref(doc, o));
    let (base, differences) = match enc {
        Some(Object::Name(n)) => (base_of(n), None),
        Some(Object::Dictionary(d)) => (
            d.get(b"BaseEncoding")
                .ok()
                .and_then(|o| name_of(deref(doc, o)))
                .and_then(base_of),
            match d.get(b"Differences").map(|o| deref(doc, o)) {
                Ok(Object::Array(a)) => Some(a),
                _ => None,
            },
        ),
        _ => (None, None),
    };
    // §9.6.6.1: a nonsymbolic font without a base encoding uses StandardEncoding.
    let base = base.or(if symbolic && enc.is_none() {
        None
    } else {
        Some(&encodings::STANDARD)
    });
    let mut table: Vec<Option<String>> = (0..256)
        .map(|i| {
            base.and_then(|t| t.get(i).copied())
                .filter(|&u| u != 0)
                .and_then(|u| char::from_u32(u as u32))
                .map(String::from)
        })
        .collect();
    let mut numbered = HashMap::new();
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for item in diffs {
            match deref(doc, item) {
                Object::Integer(i) => code = (*i).clamp(0, 256) as usize,
                Object::Name(n) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_name_text(n);
                        if slot.is_none() {
                            if let (Some(gid), Ok(byte)) = (numbered_glyph(n), u8::try_from(code)) {
                                numbered.insert(byte, gid);
                            }
                        }
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    (table, numbered)
}

/// The glyph a producer's glyph name numbers: `/g12`, `/glyph12`, `/cid00123`, `/G01` and
/// `/index12` (the glyph ID in decimal; pdfTeX, Ghostscript, Cairo and converters that name
/// subset glyphs by number), read through the embedded font program.
fn numbered_glyph(name: &[u8]) -> Option<u16> {
    let name = std::str::from_utf8(name).ok()?;
    let digits = ["glyph", "index", "cid", "g", "G"]
        .iter()
        .find_map(|p| name.strip_prefix(p))?;
    if digits.is_empty() || digits.len() > 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Unicode for a glyph name (Adobe Glyph List conventions: `uniXXXX…`, `uXXXX[XX]`, suffixes
/// after `.` ignored).
pub(crate) fn glyph_name_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    // A ligature's name joins its components with `_` (`f_f_i`).
    if name.contains('_') {
        return name
            .split('_')
            .map(|part| glyph_name_text(part.as_bytes()))
            .collect();
    }
    if let Ok(i) = encodings::GLYPH_NAMES.binary_search_by(|(n, _)| n.cmp(&name)) {
        return char::from_u32(encodings::GLYPH_NAMES[i].1 as u32).map(String::from);
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() % 4 == 0 && !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .filter_map(|k| u16::from_str_radix(&hex[k * 4..k * 4 + 4], 16).ok())
                .collect();
            return char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok();
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .map(String::from);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn simple_widths_use_first_char_and_missing_width() {
        let w = Widths::simple(32, vec![250.0, 333.0], Some(111.0));
        assert_eq!(w.get(32), 250.0);
        assert_eq!(w.get(33), 333.0);
        assert_eq!(w.get(34), 111.0);
        assert_eq!(w.get(5), 111.0);
        assert_eq!(Widths::simple(0, vec![], None).get(7), 500.0);
    }

    #[test]
    fn cid_widths_read_both_w_forms() {
        let doc = Document::with_version("1.7");
        let w: Vec<Object> = vec![
            1.into(),
            Object::Array(vec![500.into(), 600.into()]),
            10.into(),
            20.into(),
            1000.into(),
        ];
        let widths = Widths::cid(&w, Some(900.0), &doc);
        assert_eq!(widths.get(1), 500.0);
        assert_eq!(widths.get(2), 600.0);
        assert_eq!(widths.get(3), 900.0);
        assert_eq!(widths.get(15), 1000.0);
        assert_eq!(widths.get(21), 900.0);
    }

    #[test]
    fn differences_override_the_base_encoding() {
        let doc = Document::with_version("1.7");
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Test",
            "Encoding" => dictionary! {
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![65.into(), Object::Name(b"uni3042".to_vec()), Object::Name(b"bullet".to_vec())],
            },
        };
        let f = Font::load(&doc, &font, &mut Budget::new(1 << 20)).expect("font loads");
        assert_eq!(f.text(65, 1).as_deref(), Some("あ"));
        assert_eq!(f.text(66, 1).as_deref(), Some("•"));
        assert_eq!(f.text(67, 1).as_deref(), Some("C"));
        assert_eq!(f.text(0x80, 1).as_deref(), Some("€"));
        assert_eq!(f.width(67, 1), 0.5);
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_text(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name_text(b"quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(glyph_name_text(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_text(b"g123"), None);
    }
}
