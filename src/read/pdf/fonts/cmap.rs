//! ToUnicode CMaps (PDF 32000-1:2008 §9.10.3): character code → Unicode text.
//!
//! Input: the decoded bytes of a `/ToUnicode` stream. Output: a map from (code length in
//! bytes, code) to the text it stands for. Only the sections that ToUnicode CMaps use are
//! read (`codespacerange`, `bfchar`, `bfrange`); `usecmap` and CID mappings are ignored.
//! The work of reading is counted ([`ToUnicode::codes`], [`ToUnicode::text_bytes`]) for the
//! file's allowances, and stops past them.

use std::collections::HashMap;

use super::codemap::CodeMap;

/// The largest number of codes one `bfrange` may expand to; a range is at most two bytes
/// wide in practice, and a hostile file must not make us allocate without bound.
const MAX_RANGE: u32 = 0x1_0000;
/// The most codes the ToUnicode CMaps of one file may map, counting a code mapped twice
/// twice; reading one CMap stops past it. A font maps at most 65,536 two-byte codes, a
/// Japanese one about 20,000; the 1.20 PDF's fonts map 532 in all. Without this, 10,000
/// ranges of 65,536 codes took 102 s.
pub(crate) const MAX_CODES: usize = 1 << 20;
/// The most bytes of text (UTF-8) those codes may map to; reading stops past it.
pub(crate) const MAX_TEXT_BYTES: usize = 16 << 20;
/// PDF 32000-1:2008 §9.10.3: "The value of dstString can be a string of up to 512 bytes".
const MAX_DESTINATION: usize = 512;

#[derive(Debug, Default, Clone)]
pub(crate) struct ToUnicode {
    /// The mappings while the CMap is read (a later one of a code replaces an earlier one).
    map: HashMap<(u8, u32), String>,
    /// The mappings once read, by [`key`], looked up once per glyph shown.
    table: CodeMap<Box<str>>,
    /// Code lengths (in bytes) declared by `codespacerange`.
    pub code_lengths: Vec<u8>,
    /// Codes mapped while reading, a code mapped twice counted twice.
    pub codes: usize,
    /// Bytes of text (UTF-8) the codes were mapped to.
    pub text_bytes: usize,
    /// Why the CMap is not read (a destination string beyond the specification's bound).
    pub refused: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Number,
    Word(Vec<u8>),
    Name,
    OpenArray,
    CloseArray,
}

fn tokens(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        match b {
            b'%' => {
                while data.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let start = i + 1;
                let end = data[start..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(data.len(), |p| start + p);
                out.push(Token::Hex(hex_bytes(&data[start..end])));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::OpenArray);
                i += 1;
            }
            b']' => {
                out.push(Token::CloseArray);
                i += 1;
            }
            b'(' => {
                // Literal strings appear only in the CMap's header dictionaries.
                let mut depth = 0usize;
                while let Some(&c) = data.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            b'/' => {
                i += 1;
                while data.get(i).is_some_and(|&c| is_regular(c)) {
                    i += 1;
                }
                out.push(Token::Name);
            }
            c if c.is_ascii_whitespace() || c == 0 => i += 1,
            _ => {
                let start = i;
                while data.get(i).is_some_and(|&c| is_regular(c)) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = &data[start..i];
                if word
                    .iter()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+'))
                {
                    out.push(Token::Number);
                } else {
                    out.push(Token::Word(word.to_vec()));
                }
            }
        }
    }
    out
}

fn is_regular(c: u8) -> bool {
    !c.is_ascii_whitespace() && !b"()<>[]{}/%".contains(&c) && c != 0
}

fn hex_bytes(hex: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = hex
        .iter()
        .filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8))
        .collect();
    // §7.3.4.3: an odd final digit is followed by an implied 0.
    digits
        .chunks(2)
        .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((
        bytes.len() as u8,
        bytes.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32),
    ))
}

/// A font's `cmap` often maps a Kangxi radical (U+2F00–U+2FD5) and the unified ideograph it
/// looks like to one glyph, and a producer that writes ToUnicode by reversing the `cmap` may
/// pick the radical: Chromium (Skia) with IPAexGothic gives 示 as ⽰ U+2F70 and 一 as ⼀ U+2F00
/// (tests/data/chromium-1.20.pdf). Text is never written with these radicals, so they are
/// read as their compatibility equivalents, the ideographs (only this block is normalized).
fn radicals_as_ideographs(text: String) -> String {
    use unicode_normalization::UnicodeNormalization;
    let is_radical = |c: char| ('\u{2E80}'..='\u{2FDF}').contains(&c);
    if !text.chars().any(is_radical) {
        return text;
    }
    text.chars()
        .flat_map(|c| {
            let s: String = if is_radical(c) {
                std::iter::once(c).nfkc().collect()
            } else {
                c.to_string()
            };
            s.chars().collect::<Vec<_>>()
        })
        .collect()
}

/// UTF-16BE (§9.10.3: the destination strings of a ToUnicode CMap), surrogate pairs included.
pub(crate) fn utf16be(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        // Some producers write one-byte destinations; read them as Latin-1.
        return bytes.iter().map(|&b| Some(b as char)).collect();
    }
    let units = bytes.chunks(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// `bytes` with its last UTF-16 unit increased by `by` (§9.10.3, `bfrange`).
fn offset_destination(bytes: &[u8], by: u32) -> Option<String> {
    if bytes.len() < 2 {
        let b = *bytes.first()? as u32 + by;
        return char::from_u32(b).map(String::from);
    }
    let mut units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
        .collect();
    let last = units.last_mut()?;
    let sum = *last as u32 + by;
    if sum > 0xFFFF {
        // The increment crosses into a supplementary plane: start from the code point.
        let s = char::decode_utf16(units.iter().copied())
            .collect::<Result<String, _>>()
            .ok()?;
        let mut chars: Vec<char> = s.chars().collect();
        let c = chars.pop()?;
        chars.push(char::from_u32(c as u32 + by)?);
        return Some(chars.into_iter().collect());
    }
    *last = sum as u16;
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

impl ToUnicode {
    pub fn parse(data: &[u8]) -> ToUnicode {
        let toks = tokens(data);
        let mut cmap = ToUnicode::default();
        let mut i = 0;
        while let Some(tok) = toks.get(i) {
            if cmap.is_over() {
                break;
            }
            i += 1;
            let Token::Word(word) = tok else { continue };
            match word.as_slice() {
                b"begincodespacerange" => {
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(_))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        if !lo.is_empty()
                            && lo.len() <= 4
                            && !cmap.code_lengths.contains(&(lo.len() as u8))
                        {
                            cmap.code_lengths.push(lo.len() as u8);
                        }
                        i += 2;
                    }
                }
                b"beginbfchar" => {
                    while let (Some(Token::Hex(src)), Some(dst)) = (toks.get(i), toks.get(i + 1)) {
                        i += 2;
                        if let (Some(code), Token::Hex(dst)) = (code_of(src), dst) {
                            if cmap.refuses(dst) {
                                break;
                            }
                            cmap.codes += 1;
                            if let Some(text) = utf16be(dst) {
                                cmap.insert(code, text);
                            }
                        }
                    }
                }
                b"beginbfrange" => {
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        i += 2;
                        let (Some((len, lo)), Some((_, hi))) = (code_of(lo), code_of(hi)) else {
                            continue;
                        };
                        let hi = hi.min(lo.saturating_add(MAX_RANGE - 1));
                        match toks.get(i) {
                            Some(Token::Hex(dst)) => {
                                i += 1;
                                if cmap.refuses(dst) {
                                    break;
                                }
                                for code in lo..=hi {
                                    if cmap.is_over() {
                                        break;
                                    }
                                    cmap.codes += 1;
                                    if let Some(text) = offset_destination(dst, code - lo) {
                                        cmap.insert((len, code), text);
                                    }
                                }
                            }
                            Some(Token::OpenArray) => {
                                i += 1;
                                let mut code = lo;
                                while let Some(Token::Hex(dst)) = toks.get(i) {
                                    i += 1;
                                    if cmap.refuses(dst) {
                                        break;
                                    }
                                    cmap.codes += 1;
                                    if code <= hi {
                                        if let Some(text) = utf16be(dst) {
                                            cmap.insert((len, code), text);
                                        }
                                    }
                                    code = code.saturating_add(1);
                                }
                                if toks.get(i) == Some(&Token::CloseArray) {
                                    i += 1;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        cmap.table = CodeMap::new(
            std::mem::take(&mut cmap.map)
                .into_iter()
                .map(|((len, code), text)| (key(len, code), text.into_boxed_str()))
                .collect(),
        );
        cmap
    }

    fn insert(&mut self, key: (u8, u32), text: String) {
        self.text_bytes += text.len();
        if !self.is_over() {
            self.map.insert(key, radicals_as_ideographs(text));
        }
    }

    /// Past the allowances of a whole file: reading stops, and the caller's charge fails.
    fn is_over(&self) -> bool {
        self.codes > MAX_CODES || self.text_bytes > MAX_TEXT_BYTES || self.refused.is_some()
    }

    /// Whether a destination string is beyond [`MAX_DESTINATION`] (then reading stops).
    fn refuses(&mut self, dst: &[u8]) -> bool {
        if dst.len() > MAX_DESTINATION {
            self.refused = Some(format!(
                "maps a code to a string of {} bytes, more than the {MAX_DESTINATION} that \
                 PDF 32000-1 §9.10.3 allows",
                dst.len()
            ));
        }
        self.refused.is_some()
    }

    /// The text for a code of `len` bytes.
    pub fn get(&self, len: u8, code: u32) -> Option<&str> {
        self.table.get(key(len, code)).map(|text| &**text)
    }
}

/// A code of `len` bytes as one key: codes of one length lie together.
fn key(len: u8, code: u32) -> u64 {
    (u64::from(len) << 32) | u64::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0010> <30B3 30FC>
<0011> <D842DFB7>
endbfchar
2 beginbfrange
<0020> <0022> <0041>
<0030> <0032> [<3042> <3044> <3046>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn reads_bfchar_bfrange_arrays_and_surrogates() {
        let cmap = ToUnicode::parse(SAMPLE);
        assert_eq!(cmap.code_lengths, vec![2]);
        assert_eq!(cmap.get(2, 0x0003), Some(" "));
        assert_eq!(cmap.get(2, 0x0010), Some("コー"));
        assert_eq!(cmap.get(2, 0x0011), Some("\u{20BB7}"));
        assert_eq!(cmap.get(2, 0x0020), Some("A"));
        assert_eq!(cmap.get(2, 0x0022), Some("C"));
        assert_eq!(cmap.get(2, 0x0023), None);
        assert_eq!(cmap.get(2, 0x0031), Some("い"));
        assert_eq!(cmap.get(2, 0x0032), Some("う"));
        assert_eq!(cmap.get(1, 0x10), None);
    }

    #[test]
    fn one_byte_codes_and_hostile_ranges() {
        let cmap = ToUnicode::parse(b"1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfchar <01> <3042> endbfchar 1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(cmap.get(1, 1), Some("あ"));
        // The range is clipped to MAX_RANGE codes instead of four billion.
        assert!(cmap.map.len() <= MAX_RANGE as usize + 1);
    }

    #[test]
    fn kangxi_radicals_read_as_ideographs() {
        let cmap = ToUnicode::parse(b"2 beginbfchar <0001> <2F70> <0002> <2F00> endbfchar");
        assert_eq!(cmap.get(2, 1), Some("示"));
        assert_eq!(cmap.get(2, 2), Some("一"));
    }

    #[test]
    fn truncated_input_does_not_panic() {
        for cut in 0..SAMPLE.len() {
            let _ = ToUnicode::parse(&SAMPLE[..cut]);
        }
    }
}
