//! Text comparison for the diff: similarity of two cells (to pair an edited row with its old
//! self), the "normalization only" test (full/half-width, spacing), and the inline difference
//! that the HTML notes highlight.
//!
//! Japanese is written without spaces, so a word diff sees a whole sentence as one word. The
//! inline difference is computed by `similar` over user-perceived characters: each `char`
//! with the combining marks, variation selectors and joiners that follow it (a cheap stand-in
//! for grapheme clusters; `similar`'s own grapheme diff needs `unicode-segmentation`, which
//! the project does not depend on). So a highlight never splits 「が」 written as か + U+3099.

use similar::{capture_diff_slices, Algorithm, ChangeTag, TextDiff};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How alike two texts are, from 0 (nothing shared) to 1 (equal), by characters.
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    TextDiff::from_chars(a, b).ratio()
}

/// The text as compared for "normalization only": NFKC, white space removed.
pub fn folded(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Whether two different texts are the same after NFKC with white space removed
/// (full-width vs half-width letters, digits and brackets; spaces and line breaks).
pub fn normalization_only(a: &str, b: &str) -> bool {
    a != b && folded(a) == folded(b)
}

/// One run of an inline difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub tag: SegmentTag,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentTag {
    Same,
    Deleted,
    Inserted,
}

/// Splits text into user-perceived characters (see the module comment).
pub fn clusters(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut joined = false;
    for (i, c) in text.char_indices() {
        let extends = is_combining_mark(c)
            || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{200D}')
            || joined;
        if i > start && !extends {
            out.push(&text[start..i]);
            start = i;
        }
        joined = c == '\u{200D}';
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The old and the new text as runs of kept, deleted and inserted characters.
pub fn inline(old: &str, new: &str) -> (Vec<Segment>, Vec<Segment>) {
    let a = clusters(old);
    let b = clusters(new);
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let mut left: Vec<Segment> = Vec::new();
    let mut right: Vec<Segment> = Vec::new();
    let push = |side: &mut Vec<Segment>, tag: SegmentTag, text: &str| match side.last_mut() {
        Some(last) if last.tag == tag => last.text.push_str(text),
        _ => side.push(Segment {
            tag,
            text: text.to_string(),
        }),
    };
    for op in &ops {
        for change in op.iter_changes(&a, &b) {
            let text = change.value();
            match change.tag() {
                ChangeTag::Equal => {
                    push(&mut left, SegmentTag::Same, text);
                    push(&mut right, SegmentTag::Same, text);
                }
                ChangeTag::Delete => push(&mut left, SegmentTag::Deleted, text),
                ChangeTag::Insert => push(&mut right, SegmentTag::Inserted, text),
            }
        }
    }
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_and_spacing_are_normalization_only() {
        assert!(normalization_only("エラー（ＩＣ）", "エラー(IC)"));
        assert!(normalization_only("再起動を\n行う", "再起動を行う"));
        assert!(!normalization_only("再起動を行う", "再起動を行わない"));
        assert!(!normalization_only("同じ", "同じ"));
    }

    #[test]
    fn inline_diff_is_by_character() {
        let (old, new) = inline("暗証番号を2回連続で誤り", "暗証番号を3回連続で誤り");
        let deleted: Vec<&str> = old
            .iter()
            .filter(|s| s.tag == SegmentTag::Deleted)
            .map(|s| s.text.as_str())
            .collect();
        let inserted: Vec<&str> = new
            .iter()
            .filter(|s| s.tag == SegmentTag::Inserted)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!((deleted, inserted), (vec!["2"], vec!["3"]));
    }

    #[test]
    fn combining_marks_stay_with_their_base() {
        assert_eq!(clusters("か\u{3099}き"), vec!["か\u{3099}", "き"]);
        assert_eq!(clusters("葛\u{E0100}x"), vec!["葛\u{E0100}", "x"]);
    }

    #[test]
    fn similarity_ranks_edits_above_strangers() {
        let a = "マイナンバーカードが置かれていない";
        assert!(similarity(a, "マイナンバーカードが置かれていません") > 0.8);
        assert!(similarity(a, "ネットワークに接続できない") < 0.5);
    }
}
