//! Simple fonts' text (PDF 32000-1:2008 §9.6.6): each one-byte code's text from the font's
//! `/Encoding` (a base encoding, then `/Differences` by glyph name), and Unicode for a glyph
//! name by the Adobe Glyph List's conventions.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::encodings;
use crate::read::pdf::objects::{deref, dict_of, name_of, num};

/// The text of each one-byte code from `/Encoding` (§9.6.6): a base encoding, then
/// `/Differences` by glyph name; and the codes whose `/Differences` name numbers a glyph
/// (`/g12`, `/cid00123`: see [`numbered_glyph`]). Symbolic fonts without `/Encoding` map
/// nothing here.
pub(super) fn simple_encoding(
    doc: &Document,
    font: &Dictionary,
) -> (Vec<Option<String>>, HashMap<u8, u16>) {
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

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_text(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name_text(b"quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(glyph_name_text(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_text(b"g123"), None);
    }
}
