//! Colour (PDF 32000-1:2008 §8.6 colour spaces, §8.7 patterns), reduced to what finding
//! rulings needs: whether a painted shape shows against what lies beneath it.
//!
//! Input: the operands of the colour operators (`g`, `rg`, `k`, `cs`/`sc`/`scn` and their
//! stroking forms) and the `/ColorSpace` resources they name. Output: a [`Paint`] — an
//! approximate RGB triple, a pattern (visible, colour unknown), or no ink at all (a
//! Separation named `/None`). It does no colour management: ICC-based spaces are read by their
//! component count, CIE-based ones as the device space with as many components, and a
//! Separation or DeviceN colour by its tint only (its alternate space's tint transform is a
//! function this reader does not evaluate).

use std::rc::Rc;

use lopdf::{Document, Object};

use crate::read::pdf::objects::{deref, dict_of, get, name_of, num};
use crate::read::pdf::objects::{Budget, Stop};

/// Two paints whose channels all differ by less than this look the same.
const SAME: f32 = 0.02;
/// Colour spaces nested deeper than this (Indexed over Pattern over …) are read as DeviceGray.
const MAX_NESTING: usize = 4;
/// An Indexed colour space's lookup table holds at most 256 entries of up to 4 components
/// (§8.6.6.3).
const MAX_LOOKUP: usize = 256 * 4;

/// What a painting operator puts on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Paint {
    /// Red, green, blue in 0–1 (1, 1, 1 is white paper).
    Rgb([f32; 3]),
    /// A pattern (§8.7): visible, of no one colour.
    Pattern,
    /// Separation `/None` (§8.6.6.4): marks nothing.
    Nothing,
}

impl Paint {
    pub const BLACK: Paint = Paint::Rgb([0.0; 3]);
    /// The page before anything is painted on it.
    pub const PAPER: Paint = Paint::Rgb([1.0; 3]);

    fn gray(g: f64) -> Paint {
        let g = g.clamp(0.0, 1.0) as f32;
        Paint::Rgb([g; 3])
    }

    /// Whether a shape painted in `self` shows against `beneath`: its colour differs.
    pub fn shows_against(self, beneath: Paint) -> bool {
        match (self, beneath) {
            (Paint::Nothing, _) => false,
            (Paint::Pattern, _) | (_, Paint::Pattern | Paint::Nothing) => true,
            (Paint::Rgb(a), Paint::Rgb(b)) => a.iter().zip(b).any(|(x, y)| (x - y).abs() >= SAME),
        }
    }
}

/// A colour space (§8.6.3), as far as [`Paint`] needs it.
#[derive(Debug, Clone)]
pub(crate) enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// CIE L*a*b* (§8.6.5.4): read by its lightness.
    Lab,
    /// §8.6.6.3: an index into `lookup`, whose entries are colours of `base`.
    Indexed {
        base: Box<Space>,
        lookup: Rc<[u8]>,
    },
    /// Separation or DeviceN (§8.6.6.4–5) with `inks` components; `none` when every colorant
    /// is `/None`. A tint of 1 is full ink.
    Tint {
        inks: usize,
        none: bool,
    },
    Pattern,
}

impl Space {
    /// The colour a space starts with when `cs` selects it (§8.6.8, Table 74: black, index 0,
    /// tint 1.0, or no pattern).
    pub fn initial(&self) -> Paint {
        match self {
            Space::Gray | Space::Rgb | Space::Cmyk | Space::Lab => Paint::BLACK,
            Space::Indexed { .. } => self.paint(&[0.0]),
            Space::Tint { inks, .. } => self.paint(&vec![1.0; *inks]),
            Space::Pattern => Paint::Pattern,
        }
    }

    /// The paint of the components `c` in this space (missing components read as 0).
    pub fn paint(&self, c: &[f64]) -> Paint {
        let at = |i: usize| c.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
        match self {
            Space::Gray => Paint::gray(at(0)),
            Space::Rgb => Paint::Rgb([at(0) as f32, at(1) as f32, at(2) as f32]),
            Space::Cmyk => {
                let k = 1.0 - at(3);
                let ch = |v: f64| ((1.0 - v) * k) as f32;
                Paint::Rgb([ch(at(0)), ch(at(1)), ch(at(2))])
            }
            Space::Lab => {
                let l = c.first().copied().unwrap_or(0.0);
                Paint::gray(l / 100.0)
            }
            Space::Indexed { base, lookup } => {
                let n = base.components();
                let index = c.first().copied().unwrap_or(0.0).max(0.0) as usize;
                let entry: Vec<f64> = (0..n)
                    .map(|k| {
                        lookup
                            .get(index * n + k)
                            .map_or(0.0, |&b| f64::from(b) / 255.0)
                    })
                    .collect();
                base.paint(&entry)
            }
            Space::Tint { none: true, .. } => Paint::Nothing,
            Space::Tint { .. } => {
                let ink = (0..c.len().max(1)).map(at).fold(0.0, f64::max);
                Paint::gray(1.0 - ink)
            }
            Space::Pattern => Paint::Pattern,
        }
    }

    fn components(&self) -> usize {
        match self {
            Space::Gray | Space::Indexed { .. } | Space::Pattern => 1,
            Space::Rgb | Space::Lab => 3,
            Space::Cmyk => 4,
            Space::Tint { inks, .. } => *inks,
        }
    }

    /// A colour space given by name or array (§8.6.3); `named` looks up a name in the
    /// resources' `/ColorSpace` dictionary. Unknown or malformed spaces read as DeviceGray.
    /// An Indexed space's lookup stream is decoded within `budget`.
    pub fn from_object(
        doc: &Document,
        obj: &Object,
        named: &dyn Fn(&[u8]) -> Option<Object>,
        budget: &mut Budget,
    ) -> Result<Space, Stop> {
        Space::parse(doc, obj, named, budget, 0)
    }

    fn parse(
        doc: &Document,
        obj: &Object,
        named: &dyn Fn(&[u8]) -> Option<Object>,
        budget: &mut Budget,
        depth: usize,
    ) -> Result<Space, Stop> {
        if depth > MAX_NESTING {
            return Ok(Space::Gray);
        }
        Ok(match deref(doc, obj) {
            Object::Name(n) => match n.as_slice() {
                b"DeviceGray" | b"G" | b"CalGray" => Space::Gray,
                b"DeviceRGB" | b"RGB" | b"CalRGB" => Space::Rgb,
                b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
                b"Pattern" => Space::Pattern,
                other => match named(other) {
                    Some(found) => Space::parse(doc, &found, &|_| None, budget, depth + 1)?,
                    None => Space::Gray,
                },
            },
            Object::Array(a) => {
                let family = a
                    .first()
                    .and_then(|o| name_of(deref(doc, o)))
                    .unwrap_or(b"");
                match family {
                    b"CalGray" => Space::Gray,
                    b"CalRGB" => Space::Rgb,
                    b"Lab" => Space::Lab,
                    b"ICCBased" => {
                        let n = a
                            .get(1)
                            .and_then(|o| dict_of(deref(doc, o)))
                            .and_then(|d| get(doc, d, b"N"))
                            .and_then(num)
                            .unwrap_or(0.0) as i64;
                        match n {
                            1 => Space::Gray,
                            3 => Space::Rgb,
                            4 => Space::Cmyk,
                            _ => Space::Gray,
                        }
                    }
                    b"Indexed" | b"I" => {
                        let base = match a.get(1) {
                            Some(b) => Space::parse(doc, b, named, budget, depth + 1)?,
                            None => Space::Gray,
                        };
                        let lookup: Vec<u8> = match a.get(3).map(|o| deref(doc, o)) {
                            Some(Object::String(s, _)) => s.clone(),
                            Some(Object::Stream(s)) => {
                                budget.decode(s, &|| "an Indexed colour space's lookup".into())?
                            }
                            _ => Vec::new(),
                        };
                        let lookup: Rc<[u8]> = lookup.into_iter().take(MAX_LOOKUP).collect();
                        Space::Indexed {
                            base: Box::new(base),
                            lookup,
                        }
                    }
                    b"Separation" => Space::Tint {
                        inks: 1,
                        none: a.get(1).and_then(|o| name_of(deref(doc, o))) == Some(b"None"),
                    },
                    b"DeviceN" => {
                        let names: Vec<&[u8]> = match a.get(1).map(|o| deref(doc, o)) {
                            Some(Object::Array(names)) => names
                                .iter()
                                .filter_map(|o| name_of(deref(doc, o)))
                                .collect(),
                            _ => Vec::new(),
                        };
                        Space::Tint {
                            inks: names.len().clamp(1, 32),
                            none: !names.is_empty() && names.iter().all(|n| *n == b"None"),
                        }
                    }
                    b"Pattern" => Space::Pattern,
                    _ => Space::Gray,
                }
            }
            _ => Space::Gray,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn space(doc: &Document, obj: Object) -> Space {
        Space::from_object(doc, &obj, &|_| None, &mut Budget::new(1 << 20)).expect("parses")
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    #[test]
    fn device_spaces_and_their_initial_colour() {
        let doc = Document::with_version("1.7");
        assert_eq!(space(&doc, name("DeviceGray")).paint(&[1.0]), Paint::PAPER);
        assert_eq!(space(&doc, name("DeviceRGB")).initial(), Paint::BLACK);
        let cmyk = space(&doc, name("DeviceCMYK"));
        assert_eq!(cmyk.paint(&[0.0, 0.0, 0.0, 0.0]), Paint::PAPER);
        assert_eq!(cmyk.paint(&[0.0, 0.0, 0.0, 1.0]), Paint::BLACK);
        assert_eq!(cmyk.initial(), Paint::BLACK);
    }

    #[test]
    fn icc_by_component_count_indexed_by_lookup_and_tints_as_ink() {
        let mut doc = Document::with_version("1.7");
        let icc = doc.add_object(Stream::new(dictionary! { "N" => 4 }, vec![]));
        let s = space(&doc, Object::Array(vec![name("ICCBased"), icc.into()]));
        assert_eq!(s.paint(&[0.0, 0.0, 0.0, 0.0]), Paint::PAPER);
        let indexed = space(
            &doc,
            Object::Array(vec![
                name("Indexed"),
                name("DeviceRGB"),
                1.into(),
                Object::string_literal(vec![0u8, 0, 0, 255, 255, 255]),
            ]),
        );
        assert_eq!(indexed.paint(&[1.0]), Paint::PAPER);
        assert_eq!(indexed.initial(), Paint::BLACK);
        let sep = space(
            &doc,
            Object::Array(vec![name("Separation"), name("Spot"), name("DeviceCMYK")]),
        );
        // Tint 1 is full ink, tint 0 none.
        assert_eq!(sep.initial(), Paint::BLACK);
        assert_eq!(sep.paint(&[0.0]), Paint::PAPER);
        let none = space(
            &doc,
            Object::Array(vec![name("Separation"), name("None"), name("DeviceCMYK")]),
        );
        assert!(!none.initial().shows_against(Paint::PAPER));
        assert!(Paint::Pattern.shows_against(Paint::PAPER));
        assert!(!Paint::Rgb([0.995; 3]).shows_against(Paint::PAPER));
        assert!(Paint::Rgb([0.9; 3]).shows_against(Paint::PAPER));
    }
}
