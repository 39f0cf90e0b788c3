//! Glyph widths (PDF 32000-1:2008 §9.2.4): a simple font's `/FirstChar` + `/Widths`
//! (§9.6.2.1) or a composite font's `/W` and `/DW` (§9.7.4.3), by character code or CID.

use std::collections::HashMap;

use lopdf::{Document, Object};

use super::codemap::CodeMap;
use crate::read::pdf::objects::{deref, num};

/// The most codes one `/W` range may describe; see [`super::cmap`] for why ranges are bounded.
const MAX_WIDTH_RANGE: u32 = 0x1_0000;
/// The most codes the `/W` arrays of one file may describe, counting a code described twice
/// twice. CIDs stop at 65,535 (PDF 32000-1:2008 Annex C), so a font's `/W` needs at most
/// that many; the fonts of the PDFs in tests/data describe at most 94. Reading stops past
/// it, so 10,000 ranges of 65,536 codes (15 s before) cost no more than this.
pub(super) const MAX_WIDTH_CODES: usize = 1 << 22;
/// Glyph widths in thousandths of text space units (§9.2.4).
#[derive(Debug, Clone, Default)]
pub(crate) struct Widths {
    first: u32,
    simple: Vec<f64>,
    /// Composite fonts: the widths `/W` gives, by CID.
    cid: CodeMap<f64>,
    pub(super) default: f64,
    /// Codes the `/W` array described, for the file's allowance.
    pub(super) work: usize,
}

impl Widths {
    /// Simple fonts: `/FirstChar` + `/Widths`, `/MissingWidth` for the rest (§9.6.2.1).
    pub fn simple(first: u32, widths: Vec<f64>, missing: Option<f64>) -> Widths {
        Widths {
            first,
            simple: widths,
            cid: CodeMap::default(),
            default: Widths::missing_or_default(missing),
            work: 0,
        }
    }

    /// The width of a simple font's glyph that no table gives: `/MissingWidth`, else half
    /// an em, a better guess than the specification's 0 for placing a glyph's centre in a
    /// cell.
    pub fn missing_or_default(missing: Option<f64>) -> f64 {
        missing.unwrap_or(500.0)
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
        let cid = CodeMap::new(cid.into_iter().map(|(c, w)| (u64::from(c), w)).collect());
        Widths {
            first: 0,
            simple: Vec::new(),
            cid,
            default: dw.unwrap_or(1000.0),
            work,
        }
    }

    pub fn get(&self, code: u32) -> f64 {
        if let Some(w) = self.cid.get(u64::from(code)) {
            return *w;
        }
        code.checked_sub(self.first)
            .and_then(|i| self.simple.get(i as usize))
            .copied()
            .unwrap_or(self.default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
