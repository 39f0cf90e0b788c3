//! Text on its way to a terminal: the one place where characters from the input that a
//! terminal would obey rather than show are escaped, and where quoted input is capped.
//!
//! Input: any text (messages, diagnostics, `lookup` reports, Markdown notes). Output: the same
//! text with C0 and C1 controls, DEL and the bidirectional controls written as `\u{1b}`, so a
//! cell cannot clear the screen, set the window title, ring the bell or reorder a message
//! (Unicode TR #9 §2.1–2.2; CVE-2021-42574, "Trojan Source"). It does not touch JSON or YAML
//! output, which carry the data as data, nor files written to disk.

use std::borrow::Cow;
use std::fmt::Write as _;

/// What [`escape`] leaves as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Line breaks and tabs stay (multi-line human-readable output).
    Layout,
    /// Everything a terminal would act on is escaped, line breaks too (one value inside a
    /// one-line message).
    Nothing,
}

/// Characters a value quoted in a message keeps before it is cut.
pub const QUOTE_CHARS: usize = 200;

/// Characters a line of a message keeps before its middle is cut: the backstop for messages
/// built by code that quotes input without [`quote`] (a 52 MB scalar once made a 52 MB line).
pub const LINE_CHARS: usize = 1000;

/// Whether `c` is escaped: C0 and C1 controls and DEL (`char::is_control`: general category
/// Cc), the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
/// the implicit direction marks (U+200E, U+200F, U+061C) and the Unicode line and paragraph
/// separators (U+2028, U+2029), which some terminals break lines on.
fn is_unsafe(c: char, keep: Keep) -> bool {
    match c {
        '\n' | '\t' => keep == Keep::Nothing,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}' => true,
        c => c.is_control(),
    }
}

/// Escapes what a terminal would act on as `\u{..}` (lower-case hex, as Rust writes it).
/// Everything else, Japanese text included, passes unchanged.
pub fn escape(text: &str, keep: Keep) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, keep)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c, keep) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value from the input as it goes inside a message: escaped on one line and cut after
/// [`QUOTE_CHARS`] characters with the count of what was left out.
pub fn quote(value: &str) -> String {
    let escaped = escape(value, Keep::Nothing);
    let total = escaped.chars().count();
    if total <= QUOTE_CHARS {
        return escaped.into_owned();
    }
    let head: String = escaped.chars().take(QUOTE_CHARS).collect();
    format!("{head}… ({} more characters)", total - QUOTE_CHARS)
}

/// Human-readable output (`lookup`, Markdown notes on standard output): escaped, layout kept.
pub fn text(text: &str) -> Cow<'_, str> {
    escape(text, Keep::Layout)
}

/// A message or diagnostic for the terminal: escaped, layout kept, and every line longer than
/// [`LINE_CHARS`] cut in the middle (its start names the file and place, its end often says
/// what was expected).
pub fn message(text: &str) -> String {
    let escaped = escape(text, Keep::Layout);
    let mut out = String::with_capacity(escaped.len().min(64 * 1024));
    for (i, line) in escaped.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&clip_middle(line, LINE_CHARS));
    }
    out
}

/// `line` with its middle cut when it has more than `max` characters.
fn clip_middle(line: &str, max: usize) -> Cow<'_, str> {
    let total = line.chars().count();
    if total <= max {
        return Cow::Borrowed(line);
    }
    let head = max * 2 / 3;
    let tail = max - head;
    let start: String = line.chars().take(head).collect();
    let end: String = line.chars().skip(total - tail).collect();
    Cow::Owned(format!(
        "{start} … ({} more characters) … {end}",
        total - head - tail
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_text_is_not() {
        let hostile = "a\u{1b}]0;title\u{7}b\u{202e}c\u{2066}d\u{7f}e\u{9b}f\rg";
        assert_eq!(
            escape(hostile, Keep::Layout),
            "a\\u{1b}]0;title\\u{7}b\\u{202e}c\\u{2066}d\\u{7f}e\\u{9b}f\\u{d}g"
        );
        let plain = "・マイナンバーカードを置く\n\t【001：認識不可】 0x03000001";
        assert!(matches!(escape(plain, Keep::Layout), Cow::Borrowed(_)));
        assert_eq!(
            escape(plain, Keep::Nothing),
            "・マイナンバーカードを置く\\u{a}\\u{9}【001：認識不可】 0x03000001"
        );
    }

    #[test]
    fn every_escaped_output_is_free_of_what_it_escapes() {
        for c in (0u32..0x110000).filter_map(char::from_u32) {
            let s = c.to_string();
            let out = escape(&s, Keep::Nothing);
            assert!(
                !out.chars().any(|o| o.is_control()
                    || ('\u{202A}'..='\u{202E}').contains(&o)
                    || ('\u{2066}'..='\u{2069}').contains(&o)),
                "{c:?} -> {out:?}"
            );
            // Escaping what was escaped changes nothing: messages may pass twice.
            assert_eq!(escape(&out, Keep::Nothing), out);
        }
    }

    #[test]
    fn quoted_values_and_long_lines_are_capped() {
        let long = "あ".repeat(5000);
        let q = quote(&long);
        assert_eq!(
            q.chars().count(),
            QUOTE_CHARS + "… (4800 more characters)".chars().count()
        );
        assert!(q.ends_with("… (4800 more characters)"), "{q}");
        assert_eq!(quote("短い"), "短い");

        let line = format!(
            "file.yaml:3:7: invalid value {}, expected a number",
            "x".repeat(1_000_000)
        );
        let m = message(&format!("{line}\nsecond line"));
        assert!(m.len() < 2 * LINE_CHARS, "{}", m.len());
        assert!(m.starts_with("file.yaml:3:7: invalid value xxx"));
        assert!(m.contains("more characters) … "), "{m}");
        assert!(m.ends_with("expected a number\nsecond line"), "{m}");
    }
}
