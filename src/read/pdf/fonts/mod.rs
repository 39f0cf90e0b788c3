//! Fonts (PDF 32000-1:2008 §9.5–§9.10): how a shown string splits into character codes, what
//! Unicode text each code stands for, and how far each glyph advances.
//!
//! Input: a font dictionary. Output: a [`Font`] that maps codes to text and widths. It does not
//! read font programs (glyph outlines): the box of a glyph is its advance width times the
//! font's ascent/descent, which is what placing text in table cells needs.

mod cmap;
mod encodings;

pub(crate) use cmap::ToUnicode;

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::objects::{deref, dict_of, name_of, num};
use super::Budget;

/// The most codes one `/W` range may describe; see [`cmap`] for why ranges are bounded.
const MAX_WIDTH_RANGE: u32 = 0x1_0000;

/// How a font's character codes are read (§9.7.6 for composite fonts).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Codes {
    /// Simple fonts: one byte per code.
    OneByte,
    /// Composite fonts with Identity-H/V: two bytes, code = CID.
    Identity,
    /// Composite fonts with a predefined Unicode CMap (UniJIS-UCS2-H, …): two bytes that are
    /// UTF-16 code units; the CID is unknown, so widths come from `/DW`.
    Ucs2,
}

#[derive(Debug, Clone)]
pub(crate) struct Font {
    /// `/BaseFont`, for messages.
    pub name: String,
    codes: Codes,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: text of each code from `/Encoding` (base encoding and `/Differences`).
    encoding: Vec<Option<String>>,
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
        }
    }

    /// Composite fonts: `/W` array and `/DW` (§9.7.4.3).
    pub fn cid(w: &[Object], dw: Option<f64>, doc: &Document) -> Widths {
        let mut cid = HashMap::new();
        let mut i = 0;
        while i < w.len() {
            let Some(first) = num(deref(doc, &w[i])) else {
                break;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
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
    /// Reads a font dictionary. Errors are short reasons; the caller adds file, page and font.
    pub fn load(doc: &Document, font: &Dictionary, budget: &mut Budget) -> Result<Font, String> {
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
        let to_unicode = match font.get(b"ToUnicode").map(|o| deref(doc, o)) {
            Ok(Object::Stream(s)) => {
                let data = budget
                    .decode(s)
                    .map_err(|e| format!("its ToUnicode CMap {e}"))?;
                Some(ToUnicode::parse(&data))
            }
            _ => None,
        };

        let (codes, widths, descriptor) = if subtype == b"Type0" {
            let cmap_name = font
                .get(b"Encoding")
                .ok()
                .and_then(|o| name_of(deref(doc, o)));
            let codes = match cmap_name {
                Some(b"Identity-H") | Some(b"Identity-V") => Codes::Identity,
                Some(n) if is_unicode_cmap(n) => Codes::Ucs2,

