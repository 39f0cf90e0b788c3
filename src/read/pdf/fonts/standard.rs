//! The 14 standard fonts (PDF 32000-1:2008 §9.6.2.2): a simple font that names one of them
//! (or a common alias: Arial, Times New Roman, Courier New, with a subset prefix or not) and
//! gives no `/Widths` is measured with the font's own metrics (`core14`, from Adobe's AFM
//! files), not a default width: a guessed width makes glyphs drift across cell borders.
//!
//! Input: `/BaseFont` and the font's encoding read (`simple`). Output: the width of each
//! one-byte code, by the glyph name the encoding gives it. It does not read font programs.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::core14;
use super::encodings::GLYPH_NAMES;
use super::simple::SimpleEncoding;

/// One of the standard fonts' metrics (the oblique Helvetica and all Courier fonts share
/// the widths of another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Core14 {
    Helvetica,
    HelveticaBold,
    TimesRoman,
    TimesBold,
    TimesItalic,
    TimesBoldItalic,
    Courier,
    Symbol,
    ZapfDingbats,
}

impl Core14 {
    /// The standard font `/BaseFont` names, or whose metrics it shares: `ABCDEF+` subset
    /// prefixes dropped, family aliases (`Arial`, `ArialMT`, `TimesNewRoman`,
    /// `TimesNewRomanPSMT`, `CourierNew`…) and style suffixes after `-` or `,` (`Bold`,
    /// `Italic`, `Oblique`, `Roman`, `Regular`, `MT`) read. A style it does not know
    /// (`Helvetica-Narrow`, `Arial-Black`) is another font: `None`.
    pub fn named(base_font: &str) -> Option<Core14> {
        let name = match base_font.split_once('+') {
            Some((tag, rest)) if tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) => {
                rest
            }
            _ => base_font,
        };
        let name: String = name.chars().filter(|c| *c != ' ').collect();
        let (family, style) = match name.find([',', '-']) {
            Some(at) => (&name[..at], &name[at + 1..]),
            None => (name.as_str(), ""),
        };
        let family = family.strip_suffix("MT").unwrap_or(family);
        let family = family.strip_suffix("PS").unwrap_or(family);
        let mut rest = style.strip_suffix("MT").unwrap_or(style).to_string();
        let (mut bold, mut italic) = (false, false);
        for (word, flag) in [
            ("Bold", Some(true)),
            ("Italic", Some(false)),
            ("Oblique", Some(false)),
            ("Roman", None),
            ("Regular", None),
        ] {
            if let Some(at) = rest.find(word) {
                rest.replace_range(at..at + word.len(), "");
                match flag {
                    Some(true) => bold = true,
                    Some(false) => italic = true,
                    None => {}
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        Some(match (family, bold, italic) {
            ("Helvetica" | "Arial", false, _) => Core14::Helvetica,
            ("Helvetica" | "Arial", true, _) => Core14::HelveticaBold,
            ("Times" | "TimesNewRoman", false, false) => Core14::TimesRoman,
            ("Times" | "TimesNewRoman", true, false) => Core14::TimesBold,
            ("Times" | "TimesNewRoman", false, true) => Core14::TimesItalic,
            ("Times" | "TimesNewRoman", true, true) => Core14::TimesBoldItalic,
            ("Courier" | "CourierNew", _, _) => Core14::Courier,
            ("Symbol", false, false) => Core14::Symbol,
            ("ZapfDingbats", false, false) => Core14::ZapfDingbats,
            _ => return None,
        })
    }

    /// Glyph names (sorted), their widths, and for the symbolic fonts each glyph's code in
    /// the built-in encoding.
    fn metrics(
        self,
    ) -> (
        &'static [&'static str],
        Option<&'static [u16]>,
        Option<&'static [i16]>,
    ) {
        use core14::*;
        let latin = |w: &'static [u16]| (&LATIN_NAMES[..], Some(w), None);
        match self {
            Core14::Helvetica => latin(&HELVETICA),
            Core14::HelveticaBold => latin(&HELVETICA_BOLD),
            Core14::TimesRoman => latin(&TIMES_ROMAN),
            Core14::TimesBold => latin(&TIMES_BOLD),
            Core14::TimesItalic => latin(&TIMES_ITALIC),
            Core14::TimesBoldItalic => latin(&TIMES_BOLD_ITALIC),
            // Every glyph of the Courier fonts is 600 wide.
            Core14::Courier => (&LATIN_NAMES[..], None, None),
            Core14::Symbol => (
                &SYMBOL_NAMES[..],
                Some(&SYMBOL[..]),
                Some(&SYMBOL_CODES[..]),
            ),
            Core14::ZapfDingbats => (
                &ZAPF_DINGBATS_NAMES[..],
                Some(&ZAPF_DINGBATS[..]),
                Some(&ZAPF_DINGBATS_CODES[..]),
            ),
        }
    }

    /// The font's widths by the Unicode value the base encodings give a code: the glyph is
    /// the one the font has among those the Adobe Glyph List names for it (`space` for
    /// U+0020 …). Built once per font for the run: every page may load a font of its own.
    fn by_unicode(self) -> &'static HashMap<u16, f64> {
        static TABLES: [OnceLock<HashMap<u16, f64>>; 9] = [const { OnceLock::new() }; 9];
        TABLES[self as usize].get_or_init(|| {
            let (names, widths, _) = self.metrics();
            let mut table = HashMap::new();
            for (name, u) in GLYPH_NAMES.iter() {
                if let Ok(i) = names.binary_search(name) {
                    table
                        .entry(*u)
                        .or_insert_with(|| widths.map_or(600.0, |w| f64::from(w[i])));
                }
            }
            table
        })
    }

    /// The width of each one-byte code (thousandths of an em) under `encoding`: the glyph
    /// `/Differences` names, else the base encoding's glyph for that code, else (a symbolic
    /// font without `/Encoding`) the font's built-in encoding; `missing` where the font has
    /// no such glyph.
    pub fn widths(self, encoding: &SimpleEncoding, missing: f64) -> Vec<f64> {
        let (names, widths, codes) = self.metrics();
        let width = |i: usize| widths.map_or(600.0, |w| f64::from(w[i]));
        let by_name = |name: &str| names.binary_search(&name).ok().map(width);
        let by_unicode = self.by_unicode();
        let mut built_in = [None; 256];
        if let Some(codes) = codes {
            for (i, &c) in codes.iter().enumerate() {
                if let Ok(c) = u8::try_from(c) {
                    built_in[usize::from(c)] = Some(width(i));
                }
            }
        }
        (0..=255u8)
            .map(|code| {
                let found = match (encoding.names.get(&code), encoding.base) {
                    (Some(name), _) => by_name(name),
                    (None, Some(base)) => by_unicode.get(&base[usize::from(code)]).copied(),
                    (None, None) => match codes {
                        Some(_) => built_in[usize::from(code)],
                        // A Latin standard font's built-in encoding is StandardEncoding.
                        None => {
                            let u = super::encodings::STANDARD[usize::from(code)];
                            by_unicode.get(&u).copied()
                        }
                    },
                };
                found.unwrap_or(missing)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases() {
        for (name, font) in [
            ("Helvetica", Some(Core14::Helvetica)),
            ("Helvetica-Oblique", Some(Core14::Helvetica)),
            ("Helvetica-BoldOblique", Some(Core14::HelveticaBold)),
            ("ABCDEF+ArialMT", Some(Core14::Helvetica)),
            ("Arial,Bold", Some(Core14::HelveticaBold)),
            ("Arial-BoldItalicMT", Some(Core14::HelveticaBold)),
            ("Times-Roman", Some(Core14::TimesRoman)),
            ("TimesNewRomanPSMT", Some(Core14::TimesRoman)),
            ("Times New Roman,BoldItalic", Some(Core14::TimesBoldItalic)),
            ("TimesNewRomanPS-ItalicMT", Some(Core14::TimesItalic)),
            ("CourierNewPS-BoldMT", Some(Core14::Courier)),
            ("Courier-Oblique", Some(Core14::Courier)),
            ("Symbol", Some(Core14::Symbol)),
            ("ZapfDingbats", Some(Core14::ZapfDingbats)),
            ("Helvetica-Narrow", None),
            ("Arial-Black", None),
            ("Calibri", None),
            ("abcdef+Helvetica", None),
            ("MS-Mincho", None),
        ] {
            assert_eq!(Core14::named(name), font, "{name}");
        }
    }

    fn encoding(base: Option<&'static [u16; 256]>, names: &[(u8, &str)]) -> SimpleEncoding {
        SimpleEncoding {
            text: Vec::new(),
            numbered: HashMap::new(),
            base,
            names: names.iter().map(|(c, n)| (*c, n.to_string())).collect(),
        }
    }

    #[test]
    fn widths_follow_the_encoding_glyph_names() {
        let win = encoding(Some(&super::super::encodings::WIN_ANSI), &[(b'A', "comma")]);
        let w = Core14::Helvetica.widths(&win, 500.0);
        // Helvetica.afm: one 556, comma 278, space 278, Euro 556 (WinAnsi 0x80), bullet 350.
        assert_eq!(
            [
                w[usize::from(b'1')],
                w[usize::from(b',')],
                w[32],
                w[0x80],
                w[0x95]
            ],
            [556.0, 278.0, 278.0, 556.0, 350.0]
        );
        assert_eq!(w[usize::from(b'A')], 278.0, "/Differences names the glyph");
        assert_eq!(w[0], 500.0, "no glyph: the missing width");
        let times = Core14::TimesBold.widths(&win, 500.0);
        assert_eq!(times[usize::from(b'W')], 1000.0);
        assert!(Core14::Courier.widths(&win, 500.0)[33..127]
            .iter()
            .all(|&w| w == 600.0));
        // Symbol's built-in encoding: 0x61 is alpha (631), 0xA5 infinity (713).
        let symbol = Core14::Symbol.widths(&encoding(None, &[]), 0.0);
        assert_eq!([symbol[0x61], symbol[0xA5]], [631.0, 713.0]);
    }
}
