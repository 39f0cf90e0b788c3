//! The lines under the table: footnotes (`※1` starts one; the lines after it are its text)
//! and other notes (lines before any mark).
//!
//! Input: the lines `layout` put below the table. Output: footnotes and notes; every line is
//! consumed in the [`Ledger`]. It does not decide which lines are below the table.

use crate::model::Footnote;

use super::layout::Line;
use super::ledger::Ledger;

/// Footnotes and the notes before the first mark.
pub fn footnotes(lines: Vec<Line>, ledger: &mut Ledger<'_>) -> (Vec<Footnote>, Vec<String>) {
    let mut footnotes: Vec<Footnote> = Vec::new();
    let mut notes = Vec::new();
    for line in lines {
        ledger.consume(line.id);
        let t = line.text;
        if let Some((mark, body)) = split_mark(&t) {
            footnotes.push(Footnote {
                mark: Some(mark),
                text: body,
            });
            continue;
        }
        match footnotes.last_mut() {
            Some(f) => {
                if !f.text.is_empty() {
                    f.text.push('\n');
                }
                f.text.push_str(&t);
            }
            None => notes.push(t),
        }
    }
    (footnotes, notes)
}

/// `※1 text` → (`※1`, `text`); the mark is ※ and digits (either width) or 注.
fn split_mark(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('※')?;
    let mark_len: usize = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '０'..='９' | '注'))
        .map(char::len_utf8)
        .sum();
    (mark_len > 0).then(|| {
        (
            format!("※{}", &rest[..mark_len]),
            rest[mark_len..].trim().to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_digits_of_either_width_or_chu() {
        assert_eq!(split_mark("※1 a"), Some(("※1".into(), "a".into())));
        assert_eq!(split_mark("※１２b"), Some(("※１２".into(), "b".into())));
        assert_eq!(split_mark("※注 c"), Some(("※注".into(), "c".into())));
        assert_eq!(split_mark("※ d"), None);
        assert_eq!(split_mark("e"), None);
    }
}
