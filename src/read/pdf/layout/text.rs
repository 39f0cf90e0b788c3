//! Lines of text: glyphs grouped by baseline, a cell's lines joined into its text, and lines
//! outside tables grouped into paragraphs.
//!
//! Input: glyphs (already assigned to one cell, or to the outside of every table). Output:
//! visual lines, and for a cell the text with wraps joined (with a space only between words of
//! Latin text, [`joint`]) and real line breaks kept as `\n`.
//! The PDF does not record which line ends are breaks (1.20 fixture README); the rule used is
//! geometric: a line that stops short of the cell's right edge by more than the next line's
//! first character (a Latin word: the whole word) would have been a break, since the wrap
//! would have pulled that character up. A full line is ambiguous; in a tagged PDF the
//! structure decides it (`separate_runs`), elsewhere the marker rules of `cell_text` do.

use crate::read::pdf::drawn::Glyph;
use crate::read::pdf::geom::Rect;

/// Baselines closer than this fraction of the font size are one line.
const SAME_LINE: f64 = 0.3;
/// A gap between glyphs wider than this fraction of the font size, with no space glyph
/// drawn, reads as a space within a line.
const WORD_GAP: f64 = 0.3;
/// Slack (fraction of the font size) when deciding if a line's end left room for more.
const ROOM_SLACK: f64 = 0.25;

#[derive(Debug, Clone)]
pub(crate) struct Line<'g> {
    /// Glyphs left to right.
    pub glyphs: Vec<&'g Glyph>,
    pub bbox: Rect,
    pub size: f64,
}

impl Line<'_> {
    /// The line's text: drawn spaces kept inside, gaps read as spaces, ends trimmed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut prev: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(p) = prev {
                let gap = g.bbox.x0 - p.bbox.x1;
                if !p.space && !g.space && gap > WORD_GAP * self.size {
                    out.push(' ');
                }
            }
            out.push_str(&g.text);
            prev = Some(g);
        }
        // Trimmed in place: most lines are left to right and need no other copy.
        out.truncate(out.trim_end().len());
        out.drain(..out.len() - out.trim_start().len());
        if out.chars().any(is_rtl) {
            logical(&out)
        } else {
            out
        }
    }

    /// Glyphs that are not spaces.
    fn ink(&self) -> impl Iterator<Item = &&Glyph> {
        self.glyphs.iter().filter(|g| !g.space)
    }

    fn ink_x1(&self) -> f64 {
        self.ink()
            .map(|g| g.bbox.x1)
            .fold(f64::NEG_INFINITY, f64::max)
    }

    fn ink_x0(&self) -> f64 {
        self.ink().map(|g| g.bbox.x0).fold(f64::INFINITY, f64::min)
    }

    /// Width of what a wrap would have had to fit on the previous line: the first unbreakable
    /// unit of this line. Line breaking (UAX #14, and the Japanese kinsoku rules LibreOffice
    /// applies) keeps opening brackets with what follows, a Latin word whole, and closing
    /// punctuation with what precedes — so 「【006：」 wraps as one piece (1.20, 006's message).
    fn first_word_width(&self) -> f64 {
        let spaces = self.glyphs.iter().take_while(|g| g.space).count();
        let glyphs = &self.glyphs[spaces..];
        let Some(first) = glyphs.first() else {
            return 0.0;
        };
        let (mut k, mut x1) = (0, first.bbox.x1);
        // The next glyph joins the unit if it is not a space, is close, and `fits` says so.
        let mut extend = |k: &mut usize, fits: fn(&str) -> bool| -> bool {
            match glyphs.get(*k + 1) {
                Some(g) if !g.space && fits(&g.text) && g.bbox.x0 - x1 <= WORD_GAP * self.size => {
                    *k += 1;
                    x1 = g.bbox.x1;
                    true
                }
                _ => false,
            }
        };
        let mut opening = is_opening(&first.text);
        while opening && extend(&mut k, |_| true) {
            opening = glyphs.get(k).is_some_and(|g| is_opening(&g.text));
        }
        if glyphs.get(k).is_some_and(|g| is_latin_word(&g.text)) {
            while extend(&mut k, is_latin_word) {}
        }
        while extend(&mut k, is_closing) {}
        x1 - first.bbox.x0
    }

    fn starts_with_space(&self) -> bool {
        self.glyphs.first().is_some_and(|g| g.space)
    }

    fn ends_with_space(&self) -> bool {
        self.glyphs.last().is_some_and(|g| g.space)
    }
}

/// Characters of a Latin "word" for line breaking; `¥` and `<>` occur inside Windows paths
/// (1.20, 905's cause 「C:¥OQS¥face…」).
fn is_latin_word(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_graphic() || c == '¥')
}

/// Characters that may not end a line.
/// A line's text in logical order. Glyphs are read left to right as drawn, so a run of
/// right-to-left script (Hebrew, Arabic) comes out reversed; the Unicode bidirectional
/// algorithm (UAX #9, `unicode-bidi`) reorders the line, which undoes that. Lines without
/// right-to-left characters are returned as they are.
fn logical(visual: &str) -> String {
    if !visual.chars().any(is_rtl) {
        return visual.to_string();
    }
    let info = unicode_bidi::BidiInfo::new(visual, None);
    let mut out = String::with_capacity(visual.len());
    for para in &info.paragraphs {
        for c in info.reorder_line(para, para.range.clone()).chars() {
            push_letter(&mut out, c);
        }
    }
    out
}

/// Pushes `c`, with a presentation form (a letter's contextual shape or a ligature, Unicode's
/// Arabic Presentation Forms-A/B and Hebrew presentation forms, U+FB1D–U+FDFF and
/// U+FE70–U+FEFE) replaced by its compatibility decomposition (NFKC): the letters a person
/// writes down. Producers that shape Arabic themselves map glyphs to these forms in ToUnicode
/// (tabula-java's arabic.pdf); pdftotext decomposes them too.
fn push_letter(out: &mut String, c: char) {
    use unicode_normalization::UnicodeNormalization;
    if matches!(c, '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}') {
        out.extend(std::iter::once(c).nfkc());
    } else {
        out.push(c);
    }
}

/// Characters of the right-to-left scripts' blocks (Hebrew, Arabic, Syriac, Thaana, NKo,
/// Samaritan, Mandaic, and their presentation forms).
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn is_opening(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(
            c,
            '【' | '「'
                | '『'
                | '（'
                | '('
                | '［'
                | '['
                | '｛'
                | '{'
                | '〈'
                | '《'
                | '〔'
                | '“'
                | '‘'
        )
    })
}

/// Characters that may not start a line. The katakana middle dot ・ is one for Chromium (UAX #14
/// class NS: 「失効・」 and 「deviceId・」 wrap as one piece in tests/data/chromium-1.20.pdf), though
/// LibreOffice lets it start a line (006's message in the 1.20 fixture).
fn is_closing(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(
            c,
            '】' | '」'
                | '』'
                | '）'
                | ')'
                | '］'
                | ']'
                | '｝'
                | '}'
                | '〉'
                | '》'
                | '〕'
                | '”'
                | '’'
                | '、'
                | '。'
                | '，'
                | '．'
                | ','
                | '.'
                | '：'
                | ':'
                | '；'
                | ';'
                | '？'
                | '?'
                | '！'
                | '!'
                | 'ー'
                | 'ぁ'
                | 'ぃ'
                | 'ぅ'
                | 'ぇ'
                | 'ぉ'
                | 'っ'
                | 'ゃ'
                | 'ゅ'
                | 'ょ'
                | 'ゎ'
                | 'ァ'
                | 'ィ'
                | 'ゥ'
                | 'ェ'
                | 'ォ'
                | 'ッ'
                | 'ャ'
                | 'ュ'
                | 'ョ'
                | 'ヮ'
                | 'ヵ'
                | 'ヶ'
                | '々'
                | '・'
        )
    })
}

/// Groups glyphs into visual lines, top to bottom (display space), each left to right. A
/// sorted sweep over baselines: a new line starts where the baseline jumps.
pub(crate) fn lines<'g>(mut glyphs: Vec<&'g Glyph>) -> Vec<Line<'g>> {
    glyphs.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    let mut out: Vec<Line<'g>> = Vec::new();
    let mut current: Vec<&'g Glyph> = Vec::new();
    let mut last_baseline = f64::NEG_INFINITY;
    for g in glyphs {
        if !current.is_empty() && g.baseline - last_baseline > SAME_LINE * g.size.max(1.0) {
            out.push(line(std::mem::take(&mut current)));
        }
        last_baseline = g.baseline;
        current.push(g);
    }
    if !current.is_empty() {
        out.push(line(current));
    }
    // A line of nothing but spaces carries no text.
    out.retain(|l| l.ink().next().is_some());
    out
}

fn line(mut glyphs: Vec<&Glyph>) -> Line<'_> {
    glyphs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let bbox = glyphs
        .iter()
        .skip(1)
        .fold(glyphs[0].bbox, |r, g| r.union(&g.bbox));
    let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
    Line { glyphs, bbox, size }
}

/// Splits a visual line where glyphs are far apart (more than `gap` font sizes): text
/// outside tables that shares a baseline but not a block (a page number beside a title).
pub(crate) fn split_line<'g>(l: Line<'g>, gap: f64) -> Vec<Line<'g>> {
    let mut parts: Vec<Vec<&'g Glyph>> = vec![Vec::new()];
    let mut prev_x1 = f64::NEG_INFINITY;
    for g in l.glyphs {
        if g.space {
            if let Some(p) = parts.last_mut() {
                p.push(g);
            }
            continue;
        }
        if prev_x1.is_finite() && g.bbox.x0 - prev_x1 > gap * l.size {
            parts.push(Vec::new());
        }
        prev_x1 = g.bbox.x1;
        if let Some(p) = parts.last_mut() {
            p.push(g);
        }
    }
    parts
        .into_iter()
        .filter(|p| p.iter().any(|g| !g.space))
        .map(line)
        .collect()
}

/// The list marker a line starts with, by kind: `・`, `※` (also `注)`), a circled number, `1)`,
/// `(1)`, `例：`.
fn marker(text: &str) -> Option<&'static str> {
    let mut chars = text.chars();
    let first = chars.next()?;
    match first {
        '・' => Some("・"),
        '※' => Some("※"),
        // 「注)」 and 「注：」 open a note as ※ does, so they are of ※'s kind (1.20, 905's action:
        // 「…¥S-1-5-21-....」 fills its line and 「注)の部分は…」 starts the next as a new note).
        '注' => matches!(chars.next(), Some(')' | '）' | '：' | ':')).then_some("※"),
        '例' => matches!(chars.next(), Some('：' | ':')).then_some("例："),
        '①'..='⑳' => Some("①"),
        '0'..='9' => {
            let rest: String = chars.skip_while(|c| c.is_ascii_digit()).take(1).collect();
            (rest == ")" || rest == "）").then_some("1)")
        }
        '(' | '（' => {
            let digits: String = chars.clone().take_while(|c| c.is_ascii_digit()).collect();
            let after = chars.nth(digits.len());
            (!digits.is_empty() && matches!(after, Some(')') | Some('）'))).then_some("(1)")
        }
        _ => None,
    }
}

/// The text of a cell from its lines: lines that fill the cell are wraps and are joined,
/// lines that stop short are real breaks (`\n`).
///
/// A full line is ambiguous: the source may break there by chance. Such a line is taken as
/// a break when the next line starts another structure element (tagged PDF, see
/// [`separate_runs`]), when it starts with a list marker (`・`, `1)`, …) of a kind that also
/// starts a line of this cell known to follow a break — the cell is a list of such items (1.20:
/// 950's cause, 901's action), or when it opens a note (`※` and text, see [`is_note`]). A wrap
/// that puts `・` or `【` first on a line in a cell that is not such a list (006's message
/// 「…失効・有効期限切れ】」) stays joined.
pub(crate) fn cell_text(lines: &[Line], cell: &Rect) -> CellText {
    // The text area: the cell less its padding, estimated from how far the leftmost line
    // starts from the left border (LibreOffice pads both sides alike).
    let left = lines.iter().map(Line::ink_x0).fold(f64::INFINITY, f64::min);
    let pad = (left - cell.x0).clamp(0.0, 6.0);
    let right = cell.x1 - pad;
    let texts: Vec<String> = lines.iter().map(Line::text).collect();
    // For each line but the first: did the line before leave room for its first word (then
    // it surely follows a break), and what does the structure say (tagged PDF)?
    let room_left: Vec<bool> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let Some(prev) = i.checked_sub(1).and_then(|p| lines.get(p)) else {
                return true;
            };
            let room = right - prev.ink_x1();
            // Centred text has room on both sides.
            let room = room + (prev.ink_x0() - left).max(0.0).min(room.max(0.0));
            room >= l.first_word_width() + ROOM_SLACK * l.size
        })
        .collect();
    let structure: Vec<Option<bool>> = (0..lines.len())
        .map(|i| {
            i.checked_sub(1)
                .and_then(|p| same_run(&lines[p], &lines[i]))
        })
        .collect();
    let caption = |i: usize| i > 0 && is_bracketed(&texts[i - 1]);
    // The structure, where there is one, decides; the caption rule stands in for it.
    let sure_break: Vec<bool> = (0..lines.len())
        .map(|i| {
            room_left[i] || structure[i] == Some(false) || (structure[i].is_none() && caption(i))
        })
        .collect();
    let list_kinds: Vec<&str> = texts
        .iter()
        .zip(&sure_break)
        .filter(|(_, sure)| **sure)
        .filter_map(|(t, _)| marker(t))
        .collect();
    let mut out = CellText::default();
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            // A list item or note after a full line is a break, unless the structure says
            // the line only wrapped.
            let item = (marker(text).is_some_and(|k| list_kinds.contains(&k)) || is_note(text))
                && structure[i] != Some(true);
            let breaks = sure_break[i] || item;
            // Where a full line meets a marker, a note or a caption and nothing but these
            // rules decides, say so.
            if !room_left[i] && structure[i].is_none() {
                let next: String = text.chars().take(12).collect();
                let read = if breaks { "a break" } else { "a wrap" };
                let why = if caption(i) {
                    Some("line {i} is a caption (【…】 only)".replace("{i}", &i.to_string()))
                } else if is_note(text) {
                    Some("it opens a note".to_string())
                } else if item {
                    Some("it starts an item of the cell's list".to_string())
                } else {
                    marker(text).map(|m| {
                        format!("no line of the cell starts with 「{m}」 after a clear break")
                    })
                };
                if let Some(why) = why {
                    out.guesses.push(format!(
                        "after line {i}, which fills the cell, 「{next}…」 is read as {read}: \
                         {why} (without tags the PDF cannot tell)"
                    ));
                }
            }
            if breaks {
                out.text.push('\n');
            } else {
                out.text
                    .push_str(joint([&lines[i - 1], &lines[i]], [&texts[i - 1], text]));
            }
        }
        out.text.push_str(text);
    }
    out
}

/// What goes between two lines joined at a wrap (`prev` and `next`, with their texts): a space
/// where one is drawn, or where the wrap falls between two words of text written with spaces
/// between words (Latin, Greek, Cyrillic); nothing otherwise.
///
/// Producers seldom draw the space a wrap replaced (issue 11: in tabula's and pdfplumber's test
/// PDFs 「Relative」 / 「Precision」 and 「7,723,293」 / 「7,793,704」 came out as one word). Line breaking (UAX #14)
/// wraps a run of such text only at a space (or after a hyphen or slash, which stay as they
/// are), so a reader writes the space down where the line ends in a letter, digit or closing
/// punctuation of that text (`word.`, `(a)`, `"b"`) and the next starts with a letter, digit
/// or opening bracket or quote. Japanese is written without spaces (DESIGN §3): a Japanese
/// character, or full-width punctuation, on either side joins with nothing (「Windowsの」).
///
/// A word too long for a line of its own may be broken inside (UAX #14's emergency break); that
/// wrap reads as two words too: the page does not tell it from two words in a column just wide
/// enough for one (pdfplumber's numbers fill their column as closely). A soft hyphen drawn as
/// 「exam-」 / 「ple」 keeps its hyphen.
fn joint([prev, next]: [&Line; 2], [prev_text, next_text]: [&str; 2]) -> &'static str {
    if prev.ends_with_space() || next.starts_with_space() || between_words(prev_text, next_text) {
        " "
    } else {
        ""
    }
}

/// Whether a wrap after `prev` before `next` falls between two words of spaced text.
fn between_words(prev: &str, next: &str) -> bool {
    let end = prev.chars().next_back();
    let start = next.chars().next();
    end.is_some_and(|c| is_spaced_letter(c) || ".,;:!?)]}%'\"’”".contains(c))
        && start.is_some_and(|c| is_spaced_letter(c) || "([{'\"‘“".contains(c))
}

/// Letters and digits of scripts written with spaces between words: Latin (with its
/// extensions), Greek and Cyrillic. Full-width forms (「ＡＢＣ」) are Japanese text.
fn is_spaced_letter(c: char) -> bool {
    c.is_alphanumeric()
        && matches!(c, '\u{0}'..='\u{052F}' | '\u{1E00}'..='\u{1FFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}')
}

/// A cell's text, and the line ends in it that only the marker, note and caption rules
/// decided (a full line, no structure): places for a reader to check against the source.
#[derive(Debug, Default)]
pub(crate) struct CellText {
    pub text: String,
    pub guesses: Vec<String>,
}

/// In a tagged PDF, whether `next` continues the run of text `prev` ends: whether its first
/// glyph belongs to the same structure element as `prev`'s last (`None` without structure).
/// A producer that tags each text run (Chromium: one element per text node, so that `<br>`
/// ends one) keeps a wrapped run in one element; two elements meet at a line end only where
/// the source broke the line — which geometry cannot tell from a wrap when the line fills its
/// cell. (Links are dropped until some element is seen over two lines:
/// `structure::keep_if_informative`.)
fn same_run(prev: &Line, next: &Line) -> Option<bool> {
    let a = prev.ink().last()?.element?;
    let b = next.ink().next()?.element?;
    Some(a == b)
}

fn separate_runs(prev: &Line, next: &Line) -> bool {
    same_run(prev, next) == Some(false)
}

/// A line that is bracketed groups and nothing else (「【初期化処理時のエラー】」, 「《格納場所》」,
/// a heading's 「【手順誤り】【職員】」) is a caption on a line of its own: what follows it starts
/// after a break even when it fills its cell (Chromium's print of 1.20, 906's action).
fn is_bracketed(text: &str) -> bool {
    let mut rest = text.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let close = match rest.chars().next() {
            Some('【') => '】',
            Some('《') => '》',
            _ => return false,
        };
        let Some(end) = rest.find(close) else {
            return false;
        };
        rest = rest[end + close.len_utf8()..].trim_start();
    }
    true
}

/// A line that opens a note: ※ followed by its text (「※不明な場合は…」), not a reference
/// mark (「※」, 「※1」) that a wrap may push to the start of a line. A note starts a new item
/// even after a line that fills its cell (Chromium's print of 1.20: 「端末導入設定ベンダー」 fills
/// the contacts column and 「※不明な場合は…」 follows on its own line).
fn is_note(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next() == Some('※')
        && chars
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace() && !")）".contains(c))
}

/// Text outside tables: lines (top to bottom, each left to right, as [`lines`] and
/// [`split_line`] give them) grouped into paragraphs. A line continues the paragraph above
/// when it sits right under its last line, starts at its left edge (or a hanging indent), opens
/// no list item or note, does not start another structure element (tagged PDF), and the line
/// above is full: it reaches `right`, the edge of the text area (the table's right border),
/// with no room for this line's first word. Lines side by side never join.
pub(crate) fn paragraphs<'g>(pieces: Vec<Line<'g>>, right: f64) -> Vec<Vec<Line<'g>>> {
    let mut out: Vec<Vec<Line<'g>>> = Vec::new();
    for piece in pieces {
        let joins = out
            .last()
            .and_then(|p| Some((p.first()?, p.last()?)))
            .is_some_and(|(first, prev)| {
                let size = prev.size.max(piece.size);
                let below = piece.bbox.y0 > prev.bbox.y0 + 0.5 * size
                    && piece.bbox.y0 - prev.bbox.y1 < 0.8 * size;
                let indent = piece.ink_x0() - first.ink_x0();
                let aligned = (-size..=4.0 * size).contains(&indent);
                let text = piece.text();
                let full = right - prev.ink_x1() < piece.first_word_width() + ROOM_SLACK * size;
                below
                    && aligned
                    && full
                    && marker(&text).is_none()
                    && !is_note(&text)
                    && !separate_runs(prev, &piece)
            });
        match out.last_mut() {
            Some(p) if joins => p.push(piece),
            _ => out.push(vec![piece]),
        }
    }
    out
}

/// The text of a paragraph's lines: joined without a break, with a space where one is drawn
/// at the wrap or the wrap falls between two words of Latin text ([`joint`]).
pub(crate) fn paragraph_text(lines: &[Line]) -> String {
    let texts: Vec<String> = lines.iter().map(Line::text).collect();
    let mut out = String::new();
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            out.push_str(joint([&lines[i - 1], &lines[i]], [&texts[i - 1], text]));
        }
        out.push_str(text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_mark_and_text_not_a_reference() {
        assert!(is_note(
            "※不明な場合はオンライン資格確認等コールセンターへ問合せする"
        ));
        assert!(!is_note("※"));
        assert!(!is_note("※1"));
        assert!(!is_note("※ "));
        assert!(!is_note("※)"));
        assert!(!is_note("・※1"));
    }

    #[test]
    fn bracketed_lines_are_captions() {
        assert!(is_bracketed("【初期化処理時のエラー】"));
        assert!(is_bracketed("《格納場所》"));
        assert!(is_bracketed("【手順誤り】【職員】"));
        assert!(!is_bracketed("【手順誤り】端末接続不良"));
        assert!(!is_bracketed("【005：照合番号Bのロッ"));
        assert!(!is_bracketed("お問い合わせください。【017：保険者確認】"));
        assert!(!is_bracketed(""));
    }

    #[test]
    fn a_wrap_between_latin_words_is_a_space() {
        assert!(between_words("Relative", "Precision"));
        assert!(between_words("7,723,293", "7,793,704"));
        assert!(between_words("the end.", "Next"));
        assert!(between_words("(see", "(a)"));
        assert!(between_words("Ελληνικά", "Кириллица"));
        assert!(between_words("café", "noir"));
        // Hyphens and slashes are break opportunities without a space; Japanese, full-width
        // forms and Japanese punctuation join with nothing.
        assert!(!between_words("well-", "known"));
        assert!(!between_words("C:/OQS/", "face"));
        assert!(!between_words("Windows", "の設定"));
        assert!(!between_words("設定の", "Windows"));
        assert!(!between_words("ＡＢ", "ＣＤ"));
        assert!(!between_words("0xF0000000~", "0xF7FFFFFF"));
        assert!(!between_words("C:¥OQS¥", "face"));
        assert!(!between_words("Windows。", "Next"));
    }

    #[test]
    fn middle_dot_stays_with_what_precedes_it() {
        assert!(is_closing("・"));
        assert!(!is_opening("・"));
    }
}
