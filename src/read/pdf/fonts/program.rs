//! Embedded TrueType and OpenType font programs (PDF 32000-1:2008 §9.9), read for text only:
//! the Unicode value of a glyph, from the font's own `cmap` and glyph names.
//!
//! Input: the decoded bytes of `/FontFile2` (or an OpenType `/FontFile3`). Output: a
//! [`Program`] that gives the text of a glyph ID, and the glyph a one-byte code selects in a
//! symbolic font (§9.6.6.4). It is used only where the font dictionary maps nothing (no
//! `/ToUnicode` entry for the code, no encoding); outlines and metrics are not read.

use std::collections::HashMap;

use ttf_parser::{Face, GlyphId, PlatformId};

/// Glyphs a program may name: a TrueType font has at most 65,535; a table is built only for
/// the glyphs the font's Unicode `cmap` maps, at most this many.
const MAX_MAPPED: usize = 0x1_0000;

#[derive(Debug)]
pub(crate) struct Program {
    /// Glyph ID → the lowest Unicode scalar the font's Unicode `cmap` maps to it.
    text_of_glyph: HashMap<u16, char>,
    /// Glyph names (`post` or CFF), as text by the glyph list's rules.
    names: HashMap<u16, String>,
    /// One-byte code → glyph for a symbolic font (§9.6.6.4: the (3,0) subtable at the code,
    /// or at 0xF000, 0xF100, 0xF200 plus the code; else the (1,0) subtable).
    symbolic: [Option<u16>; 256],
}

impl Program {
    /// Reads a font program; `None` when it is not one `ttf-parser` reads (a Type 1 or bare
    /// CFF program).
    pub fn parse(data: &[u8], name_text: fn(&[u8]) -> Option<String>) -> Option<Program> {
        let face = Face::parse(data, 0).ok()?;
        let mut text_of_glyph: HashMap<u16, char> = HashMap::new();
        let mut symbolic = [None; 256];
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if sub.is_unicode() {
                    let mut points = Vec::new();
                    sub.codepoints(|cp| {
                        if points.len() < MAX_MAPPED {
                            points.push(cp)
                        }
                    });
                    points.sort_unstable();
                    for cp in points {
                        let Some(c) = char::from_u32(cp) else {
                            continue;
                        };
                        // Private-use values say nothing a reader can use.
                        if ('\u{E000}'..='\u{F8FF}').contains(&c) {
                            continue;
                        }
                        if let Some(g) = sub.glyph_index(cp) {
                            text_of_glyph.entry(g.0).or_insert(c);
                        }
                    }
                }
            }
            for (code, slot) in symbolic.iter_mut().enumerate() {
                let code = code as u32;
                let mut found = None;
                for sub in cmap.subtables {
                    let tries: &[u32] = match (sub.platform_id, sub.encoding_id) {
                        (PlatformId::Windows, 0) => {
                            &[code, 0xF000 | code, 0xF100 | code, 0xF200 | code]
                        }
                        (PlatformId::Macintosh, 0) => &[code],
                        _ => &[],
                    };
                    found = tries
                        .iter()
                        .find_map(|&c| sub.glyph_index(c))
                        .filter(|g| g.0 != 0);
                    if found.is_some() {
                        break;
                    }
                }
                *slot = found.map(|g| g.0);
            }
        }
        let mut names = HashMap::new();
        for gid in 0..face.number_of_glyphs() {
            if let Some(text) = face
                .glyph_name(GlyphId(gid))
                .and_then(|n| name_text(n.as_bytes()))
            {
                names.insert(gid, text);
            }
        }
        Some(Program {
            text_of_glyph,
            names,
            symbolic,
        })
    }

    /// The text of a glyph: from the Unicode `cmap`, else from its name.
    pub fn glyph_text(&self, gid: u16) -> Option<String> {
        if gid == 0 {
            return None;
        }
        self.text_of_glyph
            .get(&gid)
            .map(|c| c.to_string())
            .or_else(|| self.names.get(&gid).cloned())
    }

    /// The glyph a one-byte code of a symbolic font selects.
    pub fn symbolic_glyph(&self, code: u8) -> Option<u16> {
        self.symbolic[code as usize]
    }
}
