//! Fonts (PDF 32000-1:2008 §9.5–§9.10): how a shown string splits into character codes, what
//! Unicode text each code stands for, and how far each glyph advances.
//!
//! Input: a font dictionary. Output: a [`Font`] that maps codes to text and widths. Of an
//! embedded font program it reads only the `cmap` and glyph names (`program`), for codes the
//! dictionary maps to no text; it does not read outlines: the box of a glyph is its advance
//! width times the font's ascent/descent, which is what placing text in table cells needs.

mod cmap;
mod codemap;
mod core14;
mod encodings;
mod predefined;
mod program;
mod simple;
mod standard;
mod widths;

pub(crate) use cmap::ToUnicode;
pub(crate) use simple::glyph_name_text;

use simple::{simple_encoding, SimpleEncoding};
use standard::Core14;
use widths::{Widths, MAX_WIDTH_CODES};

use std::collections::HashMap;
use std::sync::Arc;

use hayro_cmap::{BfString, CMap};

use lopdf::{Dictionary, Document, Object};

use super::chars::GlyphText;
use super::objects::{deref, dict_of, name_of, num};
use super::objects::{Allowance, Budget, Stop};

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

fn file_limit(exceeded: super::objects::Exceeded) -> FontError {
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
        let mut encoding = None;
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
            let read = simple_encoding(doc, font);
            let widths = match font.get(b"Widths").map(|o| deref(doc, o)) {
                Ok(Object::Array(a)) => Widths::simple(
                    first as u32,
                    a.iter()
                        .take(256)
                        .map(|o| num(deref(doc, o)).unwrap_or(0.0))
                        .collect(),
                    missing,
                ),
                // §9.6.2.2: the standard fonts need no /Widths; the reader knows their
                // metrics. A Type 3 font's glyphs are its own.
                _ => match Core14::named(&name).filter(|_| subtype != b"Type3") {
                    Some(standard) => {
                        let list = standard.widths(&read, Widths::missing_or_default(missing));
                        Widths::simple(0, list, missing)
                    }
                    None => Widths::simple(first as u32, Vec::new(), missing),
                },
            };
            encoding = Some(read);
            (Codes::OneByte, widths, descriptor)
        };

        let (encoding, named_glyphs) = match encoding {
            Some(SimpleEncoding { text, numbered, .. }) => (text, numbered),
            None => (Vec::new(), HashMap::new()),
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

    /// Splits a shown string into (code, length in bytes); without an allocation for
    /// simple fonts and Identity-H/V.
    pub fn codes<'b>(&self, bytes: &'b [u8]) -> CodeSplit<'b> {
        match (self.codes, &self.cmap) {
            (Codes::OneByte, _) => CodeSplit::OneByte(bytes.iter()),
            (Codes::Mapped, Some(cmap)) => {
                CodeSplit::Mapped(predefined::split(cmap, bytes, self.unicode_codes).into_iter())
            }
            _ => CodeSplit::TwoBytes(bytes.chunks(2)),
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
    pub fn text(&self, code: u32, len: u8) -> Option<GlyphText> {
        if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.get(len, code)) {
            return Some(GlyphText::new(t));
        }
        let owned = |s: String| GlyphText::new(&s);
        match self.codes {
            Codes::OneByte => {
                let byte = u8::try_from(code).ok()?;
                self.encoding
                    .get(code as usize)
                    .and_then(|t| t.as_deref())
                    .map(GlyphText::new)
                    .or_else(|| self.simple_program_text(byte).map(owned))
            }
            // §9.10.2: the Uni… CMaps' codes are Unicode themselves.
            Codes::Mapped if self.unicode_codes => predefined::utf16_code(code, len).map(owned),
            Codes::Mapped | Codes::Identity => {
                let cid = self.cid(code, len)?;
                let collection =
                    self.cid_text
                        .as_ref()
                        .and_then(|m| match m.lookup_bf_string(cid)? {
                            BfString::Char(c) => Some(GlyphText::new(c.encode_utf8(&mut [0; 4]))),
                            BfString::String(s) => {
                                Some(owned(predefined::without_variation_selectors(s)))
                            }
                        });
                collection.or_else(|| {
                    // §9.7.4.2: a CIDFontType2's glyph is its CID, or CIDToGIDMap's entry.
                    let gid = match &self.cid_to_gid {
                        Some(map) => *map.get(cid as usize)?,
                        None => u16::try_from(cid).ok()?,
                    };
                    self.program.as_ref()?.glyph_text(gid).map(owned)
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

/// The codes of a shown string ([`Font::codes`]), each with its length in bytes.
pub(crate) enum CodeSplit<'b> {
    OneByte(std::slice::Iter<'b, u8>),
    /// Identity-H/V: two bytes a code, an odd last byte a code of its own.
    TwoBytes(std::slice::Chunks<'b, u8>),
    Mapped(std::vec::IntoIter<(u32, u8)>),
}

impl Iterator for CodeSplit<'_> {
    type Item = (u32, u8);

    fn next(&mut self) -> Option<(u32, u8)> {
        match self {
            CodeSplit::OneByte(bytes) => bytes.next().map(|&b| (b as u32, 1)),
            CodeSplit::TwoBytes(pairs) => pairs.next().map(|p| match p {
                [a, b] => (((*a as u32) << 8) | *b as u32, 2),
                [a] => (*a as u32, 1),
                _ => (0, 1),
            }),
            CodeSplit::Mapped(codes) => codes.next(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

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
}
