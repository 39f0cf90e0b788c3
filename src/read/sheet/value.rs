//! How a cell's stored value becomes its text in the grid, for both formats.
//!
//! Input: the value as the file stores it (a number's digits, a boolean's `1`, a string with
//! SpreadsheetML's `_xHHHH_` escapes). Output: the text the grid holds. The spellings are the
//! ones the reader gave when it was built on calamine, so models stay byte for byte the same:
//! a whole number prints without a fraction (`3`), others as Rust prints an `f64`; a date is
//! its serial number (styles are not read); booleans are `TRUE`/`FALSE`; error cells keep
//! their text (`#N/A`); line ends are `\n`. Nothing is dropped: a value that is not what its
//! type says (a number that does not parse) is kept as written.

/// A number as the grid shows it: `3`, `-2`, `0.5`, `1e20`.
pub fn number(text: &str) -> String {
    match text.trim().parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Ok(f) => f.to_string(),
        Err(_) => text.to_string(),
    }
}

/// A SpreadsheetML boolean (`0`/`1`, or `false`/`true`) as `FALSE`/`TRUE`; other text kept.
pub fn boolean(text: &str) -> String {
    let t = text.trim();
    if t == "1" || t.eq_ignore_ascii_case("true") {
        "TRUE".to_string()
    } else if t == "0" || t.eq_ignore_ascii_case("false") {
        "FALSE".to_string()
    } else {
        text.to_string()
    }
}

/// Line ends as the grid keeps them: `\r\n` and `\r` become `\n`.
pub fn line_ends(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Undoes SpreadsheetML's escapes of characters XML cannot hold (ECMA-376 Part 1 §22.9.2.19
/// ST_Xstring): `_x000D_` is a UTF-16 code unit, a pair of them a surrogate pair; a lone
/// surrogate becomes U+FFFD.
pub fn unescape_x(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        let Some(unit) = code_unit(&rest[at..]) else {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at + 7..];
        let c = match unit {
            0xD800..=0xDBFF => match code_unit(rest) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    rest = &rest[7..];
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                }
                _ => None,
            },
            _ => char::from_u32(unit),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out.push_str(rest);
    out
}

/// The code unit of an `_xHHHH_` escape at the start of `s`.
fn code_unit(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() < 7 || &b[..2] != b"_x" || b[6] != b'_' || !b[2..6].iter().all(u8::is_ascii_hexdigit)
    {
        return None;
    }
    u32::from_str_radix(&s[2..6], 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_before() {
        assert_eq!(number("3"), "3");
        assert_eq!(number("3.0"), "3");
        assert_eq!(number("-2"), "-2");
        assert_eq!(number("0.5"), "0.5");
        assert_eq!(number("45000"), "45000");
        assert_eq!(number("1E+20"), "100000000000000000000");
        assert_eq!(number("0x10"), "0x10");
    }

    #[test]
    fn booleans() {
        assert_eq!(boolean("1"), "TRUE");
        assert_eq!(boolean("false"), "FALSE");
        assert_eq!(boolean("maybe"), "maybe");
    }

    #[test]
    fn x_escapes() {
        assert_eq!(unescape_x("a_x000D_b"), "a\rb");
        assert_eq!(unescape_x("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescape_x("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_x("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_x("_x12_ and _xZZZZ_"), "_x12_ and _xZZZZ_");
        assert_eq!(unescape_x("日本_x0041_"), "日本A");
        assert_eq!(line_ends("a\r\nb\rc".to_string()), "a\nb\nc");
    }
}
