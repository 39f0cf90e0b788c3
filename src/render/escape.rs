//! One escaping function per output context (STYLE.md, after pulldown-cmark), and the askama
//! escapers that apply them to every `{{ … }}` of a template by its extension (`askama.toml`):
//! `.rs` → Rust string literal, `.h`/`.c` → C string literal, `.json` → JSON string.
//!
//! Each function escapes for the inside of a double-quoted literal; identifiers and numbers,
//! which are ASCII letters, digits and `_`, pass through all of them unchanged. Comment
//! contexts need one more step done in Rust before the escaper ([`c_comment`]).

use std::fmt::{self, Write};

/// Characters that change the visible direction of text or are invisible; rustc refuses them
/// in literals (`text_direction_codepoint_in_literal`), and a reviewer cannot see them.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The inside of a Rust `"…"` literal: `\`, `"`, control and direction characters escaped;
/// other text (Japanese included) kept as UTF-8.
pub fn rust_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_invisible(c) => {
                let _ = write!(out, "\\u{{{:04X}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The inside of a C `"…"` literal, pure ASCII: every byte outside printable ASCII (the UTF-8
/// of Japanese text included) as a three-digit octal escape, so a following digit can never
/// extend it; `?` escaped so that no trigraph (`??/` is `\` in C99) can form.
pub fn c_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 4);
    // Writing into a `String` cannot fail.
    let _ = write_c_str(&mut out, s);
    out
}

/// [`c_str`] written into `dest`, through a small buffer: a code generator's inner loop, so no
/// formatting machinery and no call into `dest` per byte.
fn write_c_str<W: Write>(dest: &mut W, s: &str) -> fmt::Result {
    let mut buf = [0u8; 512];
    let mut n = 0;
    for &b in s.as_bytes() {
        if n + 4 > buf.len() {
            dest.write_str(ascii(&buf[..n]))?;
            n = 0;
        }
        let escape: &[u8] = match b {
            b'\\' => b"\\\\",
            b'"' => b"\\\"",
            b'?' => b"\\?",
            0x20..=0x7E => {
                buf[n] = b;
                n += 1;
                continue;
            }
            _ => &[
                b'\\',
                b'0' + (b >> 6),
                b'0' + ((b >> 3) & 7),
                b'0' + (b & 7),
            ],
        };
        buf[n..n + escape.len()].copy_from_slice(escape);
        n += escape.len();
    }
    dest.write_str(ascii(&buf[..n]))
}

/// The buffer of [`write_c_str`], which holds only ASCII, as text.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Text to place inside a C `/* … */` comment: `*/` and `/*` broken up (gcc warns on a nested
/// `/*`). Apply before [`c_str`], which keeps the result ASCII and on one line.
pub fn c_comment(s: &str) -> String {
    let mut out = s.replace("*/", "* /");
    while out.contains("/*") {
        out = out.replace("/*", "/ *");
    }
    out
}

/// The inside of a JSON string (RFC 8259 §7); `<`, `>`, `&` and U+2028/2029 escaped too, so the
/// text is also safe when the JSON is pasted into a `<script>` or JavaScript source.
pub fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if c.is_control() || is_invisible(c) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The inside of a TOML basic string (`"…"`).
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() || is_invisible(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for a rustdoc paragraph (inside `#[doc = "…"]`): Markdown and HTML characters
/// backslash-escaped so the data shows literally (and a ``` can never start a doctest),
/// leading white space dropped (an indented line would be a code block), each line break kept
/// as a hard break.
pub fn markdown(s: &str) -> String {
    let lines: Vec<String> = s
        .lines()
        .map(|line| {
            let mut out = String::new();
            for c in line.trim_start().chars() {
                if matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '!'
                ) {
                    out.push('\\');
                }
                out.push(c);
            }
            out
        })
        .collect();
    lines.join("\\\n")
}

macro_rules! escaper {
    ($(#[$doc:meta])* $name:ident, $f:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl askama::filters::Escaper for $name {
            fn write_escaped_str<W: Write>(&self, mut dest: W, string: &str) -> fmt::Result {
                dest.write_str(&$f(string))
            }
        }
    };
    // An escaper that writes straight into the template's output.
    ($(#[$doc:meta])* $name:ident, writes $write:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl askama::filters::Escaper for $name {
            fn write_escaped_str<W: Write>(&self, mut dest: W, string: &str) -> fmt::Result {
                $write(&mut dest, string)
            }
        }
    };
}

escaper!(
    /// askama escaper for `.rs` templates: [`rust_str`].
    Rust,
    rust_str
);
escaper!(
    /// askama escaper for `.h` and `.c` templates: [`c_str`].
    C,
    writes write_c_str
);
escaper!(
    /// askama escaper for `.json` templates: [`json_str`].
    Json,
    json_str
);

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = "</script> */ /* \" \\ ??/ \u{7} \u{202E} 「日本語」\n\t次の行 \u{1F600}";

    #[test]
    fn json_round_trips() {
        let literal = format!("\"{}\"", json_str(NASTY));
        let back: String = serde_json::from_str(&literal).expect("valid JSON string");
        assert_eq!(back, NASTY);
        assert!(!literal.contains("</"));
        assert!(!literal.contains('\u{202E}'));
    }

    #[test]
    fn c_is_ascii_without_trigraphs() {
        let s = c_str(NASTY);
        assert!(s.is_ascii());
        assert!(!s.contains("??"));
        assert!(s.contains("\\343\\200\\214"), "「 as octal UTF-8: {s}");
        assert_eq!(c_str("a1"), "a1");
        assert_eq!(c_str("é1"), "\\303\\2511");
    }

    #[test]
    fn c_is_the_byte_by_byte_rule_across_the_buffer() {
        let reference = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'\\' => "\\\\".to_string(),
                    b'"' => "\\\"".to_string(),
                    b'?' => "\\?".to_string(),
                    0x20..=0x7E => (b as char).to_string(),
                    _ => format!("\\{b:03o}"),
                })
                .collect()
        };
        let nasty: Vec<char> = NASTY.chars().collect();
        // Lengths around the buffer's size: escapes of 4, 2 and 1 bytes land on its end.
        for len in [0, 1, 2, 127, 128, 129, 130, 255, 256, 511, 512, 513, 700] {
            let s: String = (0..len).map(|i| nasty[i % nasty.len()]).collect();
            assert_eq!(c_str(&s), reference(&s), "{len} characters");
        }
    }

    #[test]
    fn c_comment_never_closes() {
        let s = c_str(&c_comment("a */ b /*/ c ***/"));
        assert!(!s.contains("*/") && !s.contains("/*"), "{s}");
    }

    #[test]
    fn rust_escapes_controls_and_bidi() {
        let s = rust_str(NASTY);
        assert!(s.contains("\\u{0007}") && s.contains("\\u{202E}"), "{s}");
        assert!(s.contains("「日本語」"));
        assert!(!s.contains('\n'));
    }

    #[test]
    fn identifiers_pass_unchanged() {
        for f in [rust_str, c_str, json_str] {
            assert_eq!(f("Code001_X"), "Code001_X");
            assert_eq!(f("0x81000005u"), "0x81000005u");
        }
    }

    #[test]
    fn toml_escapes_quotes_controls_and_invisibles() {
        assert_eq!(toml_str("revision 1.20 「版」"), "revision 1.20 「版」");
        assert_eq!(toml_str("a \"b\" \\ c"), "a \\\"b\\\" \\\\ c");
        // TOML 1.0 basic strings must escape U+0000–U+001F (tab aside) and U+007F; C1
        // controls and direction or invisible characters are escaped too, so a reviewer sees
        // them.
        for c in (0..0x20).chain(0x7F..0xA0) {
            let c = char::from_u32(c).expect("a control character");
            assert_eq!(toml_str(&c.to_string()), format!("\\u{:04X}", c as u32));
        }
        assert_eq!(
            toml_str("x\u{202E}\u{200B}\u{2066}\u{FEFF}y"),
            "x\\u202E\\u200B\\u2066\\uFEFFy"
        );
    }

    #[test]
    fn markdown_keeps_lines_and_neutralises_html() {
        assert_eq!(markdown("a<b>\n  ```c"), "a\\<b\\>\\\n\\`\\`\\`c");
    }
}
