//! Text comparison for the diff: similarity of two cells (to pair an edited row with its old
//! self), the "normalization only" test (full/half-width, spacing), and the inline difference
//! that the HTML notes highlight.
//!
//! Japanese is written without spaces, so a word diff sees a whole sentence as one word. The
//! inline difference is computed by `similar` over user-perceived characters: each `char`
//! with the combining marks, variation selectors, emoji modifiers, tag characters and
//! zero-width-joined characters that follow it, and regional indicators in pairs (a cheap
//! stand-in for UAX #29 grapheme clusters; `similar`'s own grapheme diff needs
//! `unicode-segmentation`, which the project does not depend on). So a highlight never splits
//! 「が」 written as か + U+3099, nor 👨‍👩‍👧 or 🇯🇵.

use similar::{capture_diff_slices, Algorithm, ChangeTag, TextDiff};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How alike two texts are, from 0 (nothing shared) to 1 (equal), by characters.
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
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
    // The previous char was a regional indicator that opened a flag.
    let mut flag_open = false;
    for (i, c) in text.char_indices() {
        let regional = matches!(c, '\u{1F1E6}'..='\u{1F1FF}');
        let extends = joined || (flag_open && regional) || extends_cluster(c);
        if i > start && !extends {
            out.push(&text[start..i]);
            start = i;
        }
        flag_open = regional && !flag_open;
        joined = c == '\u{200D}';
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Characters that belong to the cluster before them (UAX #29's Extend and ZWJ, as far as
/// they matter here): combining marks, variation selectors, the joiner itself, emoji
/// modifiers (skin tones) and tag characters (the subdivision flags 🏴 + tags).
fn extends_cluster(c: char) -> bool {
    is_combining_mark(c)
        || matches!(
            c,
            '\u{FE00}'..='\u{FE0F}'
                | '\u{E0100}'..='\u{E01EF}'
                | '\u{200D}'
                | '\u{1F3FB}'..='\u{1F3FF}'
                | '\u{E0020}'..='\u{E007F}'
        )
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

    fn seg(tag: SegmentTag, text: &str) -> Segment {
        Segment {
            tag,
            text: text.to_string(),
        }
    }

    #[test]
    fn adjacent_changes_are_one_run() {
        use SegmentTag::{Deleted, Inserted, Same};
        // One <del>20</del>, not <del>2</del><del>0</del>.
        let (old, new) = inline("残り20回です", "残り31回です");
        assert_eq!(
            old,
            [seg(Same, "残り"), seg(Deleted, "20"), seg(Same, "回です")]
        );
        assert_eq!(
            new,
            [seg(Same, "残り"), seg(Inserted, "31"), seg(Same, "回です")]
        );
        // Runs on either side of kept text stay apart.
        let (old, new) = inline("ab", "xaby");
        assert_eq!(old, [seg(Same, "ab")]);
        assert_eq!(
            new,
            [seg(Inserted, "x"), seg(Same, "ab"), seg(Inserted, "y")]
        );
        assert_eq!(inline("", ""), (vec![], vec![]));
        assert_eq!(inline("", "新"), (vec![], vec![seg(Inserted, "新")]));
    }

    #[test]
    fn joined_emoji_flags_and_modifiers_stay_whole() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(clusters(&format!("{family}x")), vec![family, "x"]);
        assert_eq!(clusters("a\u{200D}b"), vec!["a\u{200D}b"]);
        let (old, new) = inline(&format!("家族{family}"), "家族👨\u{200D}👩\u{200D}👦");
        assert_eq!(
            old,
            [
                seg(SegmentTag::Same, "家族"),
                seg(SegmentTag::Deleted, family)
            ]
        );
        assert_eq!(
            new,
            [
                seg(SegmentTag::Same, "家族"),
                seg(SegmentTag::Inserted, "👨\u{200D}👩\u{200D}👦")
            ]
        );
        assert_eq!(clusters("👍\u{1F3FD}!"), vec!["👍\u{1F3FD}", "!"]);
        assert_eq!(clusters("a🇯🇵🇺🇸🇫"), vec!["a", "🇯🇵", "🇺🇸", "🇫"]);
        let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(clusters(&format!("{scotland}。")), vec![scotland, "。"]);
        assert_eq!(
            clusters("1\u{FE0F}\u{20E3}2"),
            vec!["1\u{FE0F}\u{20E3}", "2"]
        );
    }

    #[test]
    fn clusters_of_plain_and_empty_text() {
        assert_eq!(clusters(""), Vec::<&str>::new());
        assert_eq!(clusters("暗証"), vec!["暗", "証"]);
        // A mark with nothing before it is a cluster of its own.
        assert_eq!(clusters("\u{3099}か"), vec!["\u{3099}", "か"]);
    }

    #[test]
    fn similarity_ranks_edits_above_strangers() {
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("", "原因"), 0.0);
        assert_eq!(similarity("原因", ""), 0.0);
        assert_eq!(similarity("原因", "原因"), 1.0);
        let a = "マイナンバーカードが置かれていない";
        assert!(similarity(a, "マイナンバーカードが置かれていません") > 0.8);
        assert!(similarity(a, "ネットワークに接続できない") < 0.5);
    }
}
