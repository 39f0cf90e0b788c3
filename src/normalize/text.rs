//! Text rules (DESIGN §3) and the parsers of structured cells: heading → tags + title,
//! contact cell → contacts. Content keeps the source's characters; NFKC is used only to
//! compare captions and marks, never on stored text.

use crate::model::{canonical_heading, contacts_to_text, Contact};

/// Cell text as stored in the model: each line trimmed, empty lines dropped, lines joined with
/// `\n`. Wrapped lines were already joined by the reader (the PDF reader decides wraps from
/// the geometry; a spreadsheet stores only real breaks).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Characters that count for the read-vs-placed account: everything but white space.
pub fn weight(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// A dash that means "nothing here" (no message ID, no action, no contact).
pub fn is_dash(text: &str) -> bool {
    matches!(text.trim(), "-" | "－" | "−" | "‐" | "―" | "ー")
}

/// Splits a heading into its leading 【…】 tags and the title after them. Returns the tags, the
/// title, and the printed heading when the canonical join does not give it back.
pub fn split_heading(text: &str) -> (Vec<String>, String, Option<String>) {
    let mut tags = Vec::new();
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix('【') {
        // Tags may hold brackets of their own, e.g. 【ハードウェア(読取り部分)・アプリエラー】;
        // the tag ends at the first 】.
        let Some(end) = after.find('】') else { break };
        let tag = after[..end].trim();
        if tag.is_empty() {
            break;
        }
        tags.push(tag.to_string());
        rest = after[end + '】'.len_utf8()..].trim_start();
    }
    let title = rest.trim().to_string();
    let printed = if canonical_heading(&tags, &title) == text {
        None
    } else {
        Some(text.to_string())
    };
    (tags, title, printed)
}

/// Parses a contact cell: each line that does not start with ※ names a contact; the ※ lines
/// after it are its note. Returns the contacts and the printed text when they do not give it
/// back (a dash, or text before the first name).
pub fn parse_contacts(text: &str) -> (Vec<Contact>, Option<String>) {
    if text.is_empty() {
        return (Vec::new(), None);
    }
    if is_dash(text) {
        return (Vec::new(), Some(text.to_string()));
    }
    let mut contacts: Vec<Contact> = Vec::new();
    for line in text.lines() {
        let is_note = line.starts_with('※') || line.starts_with('＊');
        match contacts.last_mut() {
            Some(last) if is_note => {
                last.note = Some(match last.note.take() {
                    Some(n) => format!("{n}\n{line}"),
                    None => line.to_string(),
                });
            }
            _ => contacts.push(Contact {
                name: line.to_string(),
                note: None,
            }),
        }
    }
    let printed = if contacts_to_text(&contacts) == text {
        None
    } else {
        Some(text.to_string())
    };
    (contacts, printed)
}

/// The display code a screen message names in its closing 【NNN：…】, if any.
pub fn code_named_in_message(message: &str) -> Option<String> {
    let start = message.rfind('【')?;
    let inner = &message[start + '【'.len_utf8()..];
    let digits: String = inner
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.len() == 3 {
        Some(digits)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_trims_lines_and_keeps_breaks() {
        assert_eq!(clean("  ・a \n\n ・b  "), "・a\n・b");
        assert_eq!(clean("一\n二"), "一\n二");
    }

    #[test]
    fn weight_counts_all_but_white_space() {
        assert_eq!(weight("・暗証番号を\n\u{3000}入力する 。\t"), 11);
        assert_eq!(weight("0xF0000000~ 0xF7FFFFF"), 20);
        assert_eq!(weight(" \n\u{3000}\t"), 0);
        assert_eq!(weight(""), 0);
    }

    #[test]
    fn headings_split_into_tags_and_title() {
        let (tags, title, printed) = split_heading("【手順誤り】【職員】\n端末接続不良");
        assert_eq!(tags, ["手順誤り", "職員"]);
        assert_eq!(title, "端末接続不良");
        assert_eq!(printed, None);
        let h =
            "【オンライン資格確認等システム】\n【障害】\nオンライン資格確認等システムの障害発生";
        let (tags, _, printed) = split_heading(h);
        assert_eq!(tags, ["オンライン資格確認等システム", "障害"]);
        assert_eq!(printed.as_deref(), Some(h));
        let (tags, title, _) =
            split_heading("【顔認証装置】【ハードウェア(読取り部分)・アプリエラー】\n読取り不可");
        assert_eq!(tags[1], "ハードウェア(読取り部分)・アプリエラー");
        assert_eq!(title, "読取り不可");
    }

    #[test]
    fn contacts_with_notes_and_dash() {
        let text = "端末導入設定ベンダー\n※不明な場合はオンライン資格確認等コールセンターへ問合せする\n端末導入設定ベンダー";
        let (c, printed) = parse_contacts(text);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].name, "端末導入設定ベンダー");
        assert!(c[0].note.as_deref().unwrap().starts_with("※不明"));
        assert_eq!(c[1].note, None);
        assert_eq!(printed, None);
        let (c, printed) = parse_contacts("-");
        assert!(c.is_empty());
        assert_eq!(printed.as_deref(), Some("-"));
    }

    #[test]
    fn message_suffix_code() {
        assert_eq!(
            code_named_in_message("…してください。【001：マイナンバーカードの認識不可】")
                .as_deref(),
            Some("001")
        );
        assert_eq!(
            code_named_in_message("【902 : エラー 】").as_deref(),
            Some("902")
        );
        assert_eq!(code_named_in_message("なし"), None);
    }
}
