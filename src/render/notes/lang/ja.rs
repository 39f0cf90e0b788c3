//! The notes in Japanese, as a Japanese medical-IT vendor reads them: every phrase, in the
//! order of [`Words`]. Fields are named by the catalog's own column headings
//! ([`Field::caption`]: エラー種別, 原因, 対処, 問い合わせ先 …); Keep a Changelog's sections
//! by the words Japanese changelogs use (追加, 変更, 非推奨, 削除, 修正), breaking changes
//! (破壊的変更) first; versions as the catalog prints them (「1.21版」).

use super::{list, Section, What, Words};
use crate::diff::{Class, Gone, Remark};
use crate::model::At;
use crate::release::{Bump, CrateVersion};

pub(super) const WORDS: Words = Words {
    provenance: |old, new| {
        format!(
            "メッセージID別問い合わせ先一覧の{old}版から{new}版への変更点。oqs-catalog が生成した\
             ファイルのため、編集しないこと。"
        )
    },
    provenance_log: "メッセージID別問い合わせ先一覧の版ごとの変更履歴（新しい版から順に）。\
                     oqs-catalog が生成したファイルのため、編集しないこと。",
    old_source: "旧版",
    new_source: "新版",
    regenerate: "再生成: cargo run --release -- build（または oqs-catalog diff OLD NEW）",
    regenerate_log: "再生成: cargo run --release -- build",

    title: |old, new| format!("{old}版から{new}版への変更点"),
    changelog_title: "変更履歴",
    changelog_intro: "カタログの版ごとの変更点を、新しい版から順に示します。各版の変更は \
                      [Keep a Changelog](https://keepachangelog.com/ja/1.1.0/) の区分に従い、\
                      破壊的変更を先頭に挙げ、生成される `oqs-messages` クレートのバージョンを\
                      添えています。",
    changelog_revision: |new, old, krate| format!("{new}版（{old}版から、クレート {krate}）"),
    section,

    summary_label: "概要:",
    no_changes: "変更はありません。両版の内容は同じです。",
    summary: |total, counts| {
        let counts: Vec<String> = counts
            .iter()
            .map(|(c, n)| format!("{} {n}件", class(*c)))
            .collect();
        format!("変更 {total}件（{}）。", counts.join("、"))
    },
    class,
    impact_label: "カタログへの影響:",
    impact,
    bump,

    deprecated_code: |path, code| {
        format!(
            "`{path}`: コード {code} はカタログからなくなりました。バリアントは非推奨 \
             (deprecated) として残ります"
        )
    },
    deprecated_id: |path, id| {
        format!(
            "`{path}`: メッセージID `{id}` はカタログからなくなりました。定数は非推奨 \
             (deprecated) として残ります"
        )
    },

    catalog: "カタログ全体",
    what,
    changed: |old, new| format!("{old} → {new} に変更"),
    added: |new| format!("{new} を追加"),
    removed: |old| format!("{old} を削除"),
    moved: |from, to| format!("{from} から {to} へ"),
    remark,
    separator: "、",
    tail: |inner| format!("（{inner}）"),
    normalization_only: "全角・半角や空白のみの違い",
    at,
    link: "該当箇所",

    html_title: |old, new| format!("変更点 {old}版 → {new}版"),
    columns: [
        "コード",
        "メッセージID",
        "項目",
        "変更の種類",
        "変更前",
        "変更後",
    ],
};

fn section(s: Section) -> &'static str {
    match s {
        Section::Breaking => "破壊的変更",
        Section::Added => "追加",
        Section::Changed => "変更",
        Section::Deprecated => "非推奨",
        Section::Removed => "削除",
        Section::Fixed => "修正",
    }
}

fn class(c: Class) -> &'static str {
    match c {
        Class::Breaking => "破壊的変更",
        Class::Additive => "後方互換の追加",
        Class::Textual => "文言の変更",
        Class::SourceTextOnly => "原本の表記のみ",
    }
}

fn impact(class: Option<Class>, gone: &Gone) -> String {
    let Some(class) = class else {
        return "なし（両版の内容は同じです）。".to_string();
    };
    let breaking = "窓口対応に影響する変更（破壊的）";
    match class {
        Class::Breaking => {
            let mut items: Vec<String> = gone.codes.iter().map(|c| format!("コード {c}")).collect();
            items.extend(gone.message_ids.iter().map(ToString::to_string));
            if items.is_empty() {
                format!(
                    "{breaking}: メッセージIDまたは問い合わせ先の案内先が変わりました\
                     （破壊的変更を参照）。"
                )
            } else {
                format!(
                    "{breaking}: {} はカタログから削除されました。",
                    items.join("、")
                )
            }
        }
        Class::Additive => "後方互換の追加: コード・行・メッセージID・問い合わせ先・列のいずれかが\
                            追加されました。これまでの参照先はすべて残っています。"
            .to_string(),
        Class::Textual => "文言の変更のみ。".to_string(),
        Class::SourceTextOnly => "なし（原本の表記の修正のみ）。".to_string(),
    }
}

fn bump(b: Bump, versions: Option<[CrateVersion; 2]>) -> String {
    let versions = match versions {
        Some([old, new]) => format!("（{old} → {new}）"),
        None => String::new(),
    };
    let crate_ = "生成される `oqs-messages` クレート";
    match b {
        Bump::None if versions.is_empty() => format!("{crate_}のバージョン更新は不要です。"),
        Bump::None => format!("{crate_}は、カタログの版番号のみが変わります{versions}。"),
        b => {
            let (level, why) = match b {
                Bump::Major => ("メジャー", "公開APIの項目が削除または変更されたためです"),
                Bump::Minor => (
                    "マイナー",
                    "公開APIに項目が追加されたか非推奨になったためで、\
                     これまでコンパイルできたコードはそのままコンパイルできます",
                ),
                _ => ("パッチ", "公開APIは変わらず、データのみが変わったためです"),
            };
            format!("{crate_}は**{level}**バージョンの更新が必要です{versions}。{why}。")
        }
    }
}

fn what(w: What<'_>) -> String {
    match w {
        What::NewCode => "コードの追加".to_string(),
        What::CodeRemoved => "コードの削除".to_string(),
        What::NewEntry => "行の追加".to_string(),
        What::EntryRemoved => "行の削除".to_string(),
        What::Moved => "コード間の移動".to_string(),
        What::RowsReordered => "行の並び替え".to_string(),
        What::CodesReordered => "コードの並び替え".to_string(),
        What::NewColumn(c) => format!("「{c}」列の追加"),
        What::ColumnRemoved(c) => format!("「{c}」列の削除"),
        What::Column(c) => c.to_string(),
        What::Field(f) => f.caption().to_string(),
        What::Footnote(mark) => format!("脚注 {mark}"),
        What::Title => "表題".to_string(),
        What::Notes => "注記".to_string(),
        What::Other(f) => f.to_string(),
    }
}

fn remark(r: &Remark) -> String {
    match r {
        Remark::Entries(n) => format!("{n}行"),
        Remark::MovedOut(n) => format!("うち{n}行は他のコードへ移動"),
        Remark::CodeOrder => "コードの並び順".to_string(),
        Remark::Values(values) => format!("値 {values}件"),
        Remark::NewMessageId => "新しいメッセージID".to_string(),
        Remark::KnownMessageId => "他の行に掲載済みのメッセージIDの行".to_string(),
        Remark::NoMessageId => "メッセージIDのない行".to_string(),
        Remark::StillListedElsewhere => {
            "このコードからは外れたが、他のコードには残るメッセージID".to_string()
        }
        Remark::NoLongerListed => "メッセージIDがカタログからなくなった".to_string(),
        Remark::MovedFrom { from, to } => format!("{from} から {to} へ移動"),
        Remark::SingleBecameRange => "単一のIDが、それを含む範囲になった".to_string(),
        Remark::RangeWidened => "範囲の拡大".to_string(),
        Remark::RangeNarrowed => "範囲の縮小".to_string(),
        Remark::IdChanged => "メッセージIDの変更".to_string(),
        Remark::IdRemoved => "メッセージIDの削除".to_string(),
        Remark::IdAdded => "メッセージIDの追加".to_string(),
        Remark::Covers { ids, codes } => format!(
            "範囲が、{} に掲載の {} も含むようになった",
            list(codes, "、"),
            list(ids, "、")
        ),
        Remark::ContactsGone(names) => {
            format!("カタログからなくなった問い合わせ先: {}", list(names, "、"))
        }
        Remark::ContactsNew(names) => format!("新しい問い合わせ先: {}", list(names, "、")),
        Remark::PrintedFormOnly => "値は変わらない".to_string(),
        Remark::OneCell(n) => format!("{n}行にまたがる1つのセル"),
    }
}

fn at(a: &At) -> String {
    match (&a.page, &a.sheet, &a.row) {
        (_, Some(sheet), Some(row)) => format!("{sheet}シート {row}行目"),
        (Some(page), _, _) => format!("{page}ページ"),
        _ => "位置不明".to_string(),
    }
}
