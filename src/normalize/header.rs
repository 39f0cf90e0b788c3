//! Column captions and the title line: which column means what, whatever the revision's
//! spelling (問い合わせ先 / 問合せ先, full- or half-width brackets, `メッセージ ID`), and the
//! version printed in the title (「… 1.20版」). Captions are compared after NFKC with white
//! space removed; stored text is never changed.

use unicode_normalization::UnicodeNormalization;

use crate::model::Field;

/// What one header caption means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Known(Field),
    /// A caption this tool does not know; its values are carried under `extra`.
    Extra(String),
    /// No caption.
    Blank,
}

fn key(caption: &str) -> String {
    let s: String = caption.nfkc().filter(|c| !c.is_whitespace()).collect();
    // Drop a trailing parenthesised gloss: エラー区分(見出し) → エラー区分.
    let s = match s.find('(') {
        Some(i) if i > 0 && s.ends_with(')') => s[..i].to_string(),
        _ => s,
    };
    s.to_uppercase()
}

/// The meaning of a header caption.
pub fn classify(caption: &str) -> Column {
    let k = key(caption);
    if k.is_empty() {
        return Column::Blank;
    }
    let field = match k.as_str() {
        "コード" | "表示コード" => Some(Field::Code),
        "エラー区分" | "見出し" => Some(Field::Heading),
        "メッセージ内容" | "メッセージ" => Some(Field::Message),
        "エラー種別" => Some(Field::ErrorType),
        "メッセージID" => Some(Field::MessageId),
        "原因" => Some(Field::Cause),
        "対処" | "対処方法" => Some(Field::Action),
        _ => {
            // 問い合わせ先, 問合せ先, 問い合せ先, 問合わせ先, 問合先: okurigana vary.
            let bare: String = k
                .chars()
                .filter(|c| !matches!(c, 'い' | 'わ' | 'せ'))
                .collect();
            (bare == "問合先").then_some(Field::Contacts)
        }
    };
    match field {
        Some(f) => Column::Known(f),
        None => Column::Extra(caption.split_whitespace().collect::<Vec<_>>().join(" ")),
    }
}

/// Splits a title line 「<title> 1.20版」 into the title and the version.
pub fn split_title(line: &str) -> Option<(String, String)> {
    let trimmed = line.trim_end();
    let body = trimmed.strip_suffix('版')?;
    // The version is compared after NFKC so that a full-width 「１．２０版」 reads too.
    let tail_start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| {
            let n: String = c.to_string().nfkc().collect();
            n.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
        .last()
        .map(|(i, _)| i)?;
    let version: String = body[tail_start..].nfkc().collect();
    let version = version.trim_matches('.').to_string();
    if version.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let title = body[..tail_start].trim_end();
    let title = title.strip_suffix('第').unwrap_or(title).trim_end();
    Some((title.to_string(), version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_of_every_page_wording() {
        for (caption, field) in [
            ("コード", Field::Code),
            ("エラー区分\n(見出し)", Field::Heading),
            ("エラー区分（見出し）", Field::Heading),
            ("メッセージ内容", Field::Message),
            ("エラー種別（エラーの発生原因）", Field::ErrorType),
            ("メッセージ ID", Field::MessageId),
            ("ﾒｯｾｰｼﾞID", Field::MessageId),
            ("原因", Field::Cause),
            (
                "対処 （医療機関等ベンダーまたはシステム担当者向け）",
                Field::Action,
            ),
            ("問い合わせ先", Field::Contacts),
            ("問合せ先", Field::Contacts),
        ] {
            assert_eq!(classify(caption), Column::Known(field), "{caption}");
        }
        assert_eq!(classify(" "), Column::Blank);
        assert_eq!(classify("備考"), Column::Extra("備考".to_string()));
    }

    #[test]
    fn title_and_version() {
        let (t, v) = split_title("セットアップ時における…一覧 1.20版").unwrap();
        assert_eq!(
            (t.as_str(), v.as_str()),
            ("セットアップ時における…一覧", "1.20")
        );
        assert_eq!(split_title("一覧 第１．２１版").unwrap().1, "1.21");
        assert_eq!(split_title("一覧"), None);
        assert_eq!(split_title("一覧 版"), None);
    }
}
