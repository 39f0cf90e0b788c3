//! CMaps of composite fonts other than Identity-H/V (PDF 32000-1:2008 §9.7.5): the predefined
//! ones named by `/Encoding` (90ms-RKSJ-H, UniJIS-UCS2-H, …), embedded CMap streams, and the
//! CID → Unicode maps of the Adobe character collections (Adobe-Japan1-UCS2, …) that give a
//! font without a ToUnicode CMap its text (§9.10.2).
//!
//! Input: a CMap name or stream. Output: parsed [`CMap`]s from the `hayro-cmap` crate, which
//! bundles Adobe's BSD-licensed CMap resources, and the split of a shown string into codes.
//! Parsed predefined CMaps are shared by every font and file of the process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hayro_cmap::{load_embedded, CMap, CMapName, CidFamily};

/// Predefined CMaps parsed so far, by name. Only names the bundle holds are kept, so the map
/// is bounded by the bundle's size.
static PARSED: Mutex<Option<HashMap<Vec<u8>, Arc<CMap>>>> = Mutex::new(None);

fn bundled(name: &[u8]) -> Option<Arc<CMap>> {
    let key = CMapName::from_bytes(name);
    if matches!(key, CMapName::Custom(_)) {
        return None;
    }
    // A poisoned lock only means another thread panicked while inserting; the map is intact.
    let mut guard = PARSED.lock().unwrap_or_else(|e| e.into_inner());
    let cache = guard.get_or_insert_with(HashMap::new);
    if let Some(m) = cache.get(name) {
        return Some(m.clone());
    }
    let data = load_embedded(key)?;
    let parsed = Arc::new(CMap::parse(data, load_embedded)?);
    cache.insert(name.to_vec(), parsed.clone());
    Some(parsed)
}

/// A predefined CMap by its `/Encoding` name.
pub(super) fn cmap(name: &[u8]) -> Option<Arc<CMap>> {
    bundled(name)
}

/// An embedded CMap stream; `usecmap` may name a predefined one (§9.7.5.3).
pub(super) fn parse_embedded(data: &[u8]) -> Option<CMap> {
    CMap::parse(data, load_embedded)
}

/// The CID → Unicode map of a character collection, if Adobe publishes one.
pub(super) fn cid_to_unicode(family: &CidFamily) -> Option<Arc<CMap>> {
    bundled(family.ucs2_cmap()?.to_bytes())
}

/// Splits a shown string into (code, length) by the CMap: at each position the shortest
/// code the CMap maps is taken (the codespace ranges of well-formed CMaps are prefix-free,
/// §9.7.6.2). Bytes that start no mapped code are taken as one code of the usual length —
/// two bytes for the Unicode CMaps, else one — and are reported unmapped by the caller.
pub(super) fn split(cmap: &CMap, bytes: &[u8], unicode: bool) -> Vec<(u32, u8)> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let code_of = |len: usize| -> u32 {
            bytes[i..i + len]
                .iter()
                .fold(0u32, |acc, &b| (acc << 8) | b as u32)
        };
        let max = (bytes.len() - i).min(4);
        let found = (1..=max).find(|&len| cmap.lookup_cid_code(code_of(len), len as u8).is_some());
        let len = found.unwrap_or(if unicode { max.min(2) } else { 1 });
        out.push((code_of(len), len as u8));
        i += len;
    }
    out
}

/// The character of a CID that Adobe-Japan1-UCS2 gives as a base character and a variation
/// selector (鍵 U+E0100 for CID 1892, the glyph variant): the text is the base character.
pub(super) fn without_variation_selectors(s: String) -> String {
    let is_selector = |c: char| {
        ('\u{FE00}'..='\u{FE0F}').contains(&c) || ('\u{E0100}'..='\u{E01EF}').contains(&c)
    };
    if s.chars().any(is_selector) && !s.chars().all(is_selector) {
        s.chars().filter(|&c| !is_selector(c)).collect()
    } else {
        s
    }
}

/// The text of a code of a Uni…-UCS2/UTF16 CMap: the code is UTF-16BE.
pub(super) fn utf16_code(code: u32, len: u8) -> Option<String> {
    let units: Vec<u16> = match len {
        2 => vec![code as u16],
        4 => vec![(code >> 16) as u16, code as u16],
        _ => return None,
    };
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayro_cmap::BfString;

    fn text(map: &CMap, cid: u32) -> Option<String> {
        match map.lookup_bf_string(cid)? {
            BfString::Char(c) => Some(c.to_string()),
            BfString::String(s) => Some(s),
        }
    }

    #[test]
    fn shift_jis_codes_split_and_decode_through_adobe_japan1() {
        let rksj = cmap(b"90ms-RKSJ-H").expect("bundled");
        let japan1 = cid_to_unicode(&CidFamily::AdobeJapan1).expect("bundled");
        // 「コード」 in Shift-JIS, then 'A' and half-width katakana ｱ.
        let bytes = [0x83, 0x52, 0x81, 0x5B, 0x83, 0x68, b'A', 0xB1];
        let codes = split(&rksj, &bytes, false);
        assert_eq!(
            codes,
            vec![(0x8352, 2), (0x815B, 2), (0x8368, 2), (0x41, 1), (0xB1, 1)]
        );
        let decoded: String = codes
            .iter()
            .map(|&(c, l)| text(&japan1, rksj.lookup_cid_code(c, l).unwrap()).unwrap())
            .collect();
        assert_eq!(decoded, "コードAｱ");
        // 90ms-RKSJ-H maps 0x5C to the yen sign (Adobe-Japan1 CID 97).
        let yen = rksj.lookup_cid_code(0x5C, 1).unwrap();
        assert_eq!(text(&japan1, yen).as_deref(), Some("¥"));
        // 鍵 (0x8CAE, CID 1892) is given with its variation selector.
        let key = rksj.lookup_cid_code(0x8CAE, 2).unwrap();
        let with_selector = text(&japan1, key).unwrap();
        assert_eq!(with_selector, "鍵\u{E0100}");
        assert_eq!(without_variation_selectors(with_selector), "鍵");
    }

    #[test]
    fn ucs2_codes_are_their_own_text() {
        let ucs2 = cmap(b"UniJIS-UCS2-H").expect("bundled");
        let codes = split(&ucs2, &[0x30, 0xB3, 0x00, 0x41], true);
        assert_eq!(codes, vec![(0x30B3, 2), (0x0041, 2)]);
        assert_eq!(utf16_code(0x30B3, 2).as_deref(), Some("コ"));
        assert!(ucs2.lookup_cid_code(0x30B3, 2).is_some());
        assert_eq!(utf16_code(0xD842_DFB7, 4).as_deref(), Some("\u{20BB7}"));
    }

    #[test]
    fn unknown_names_are_not_bundled() {
        assert!(cmap(b"No-Such-CMap").is_none());
        assert!(cmap(b"").is_none());
    }
}
