//! The text of one glyph (what a font's code stands for, §9.10): almost always one or two
//! characters, so it is held inline and a page's glyphs cost no allocation each; longer
//! text (a ligature's letters, a `ToUnicode` string) goes to the heap.
//!
//! Input: a `&str`. Output: a value that reads as `&str`. It does not map codes to text
//! (`fonts` does).

use std::fmt;
use std::ops::Deref;

/// Bytes of UTF-8 held without allocation: a Japanese character takes 3, a character
/// outside the Basic Multilingual Plane 4.
const INLINE: usize = 22;

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum GlyphText {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl GlyphText {
    pub fn new(text: &str) -> GlyphText {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            GlyphText::Inline {
                len: text.len() as u8,
                bytes,
            }
        } else {
            GlyphText::Heap(text.into())
        }
    }
}

impl Deref for GlyphText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            // Copied from a `&str` whole, so always UTF-8.
            GlyphText::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            GlyphText::Heap(text) => text,
        }
    }
}

impl fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::GlyphText;

    #[test]
    fn reads_back_what_it_holds_inline_or_not() {
        for text in [
            "",
            "a",
            "表",
            "𠮷",
            "ﬃ",
            "a long ligature of many letters ...",
        ] {
            let held = GlyphText::new(text);
            assert_eq!(&*held, text);
            assert_eq!(matches!(held, GlyphText::Heap(_)), text.len() > 22);
        }
    }
}
