//! The languages of the change notes: [`Lang`] picks one [`Words`], the table of every phrase
//! the Markdown and HTML notes print, kept one file per language (`lang/ja.rs`,
//! `lang/en.rs`) so that a translator reads and edits one place and both languages share one
//! structure (the templates and the code that fills them are the same for both).
//!
//! Input: the pieces of a change as data ([`What`] a change is about, its [`Remark`]s, an
//! [`At`], a [`Class`], what is [`Gone`], a [`Bump`]). Output: text, unescaped (the Markdown writer escapes it,
//! askama escapes the HTML). It decides no order, section or format; the JSON notes are
//! language-neutral and take the English words only for their `note` and `provenance`.

use std::str::FromStr;

use crate::diff::{Class, Gone, Remark};
use crate::model::{At, Field};
use crate::release::{Bump, CrateVersion};

mod en;
mod ja;

/// A language of the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Japanese: the language of the catalog and of the people who receive the notes.
    Ja,
    En,
}

impl Lang {
    /// Every language, in the order `build` writes them.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag, also the notes' file name infix: `1.20..1.21.ja.md`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The phrases of this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Ja => &ja::WORDS,
            Lang::En => &en::WORDS,
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == s)
            .ok_or_else(|| format!("unknown notes language `{s}` (expected ja or en)"))
    }
}

/// The sections of the notes: breaking changes first (as oasdiff and cargo-semver-checks list
/// them), then Keep a Changelog's sections. A move is a change of its entry (Keep a Changelog
/// has no "Moved"); a corrected printed form is a fix; Deprecated names the crate's items that
/// became tombstones ([`crate::diff::Gone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Breaking,
    Added,
    Changed,
    Deprecated,
    Removed,
    Fixed,
}

/// What a change is about, as its label says it (`cause`, `new entry`, `column 備考` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What<'a> {
    NewCode,
    CodeRemoved,
    NewEntry,
    EntryRemoved,
    Moved,
    RowsReordered,
    CodesReordered,
    NewColumn(&'a str),
    ColumnRemoved(&'a str),
    /// A value of a column under `extra`.
    Column(&'a str),
    Field(Field),
    Footnote(&'a str),
    Title,
    Notes,
    /// A field this table has no words for, shown as the diff names it.
    Other(&'a str),
}

/// Every phrase of the Markdown and HTML notes in one language. Texts are plain (no markup)
/// unless said otherwise; the functions put their arguments where the language wants them.
pub struct Words {
    // --- Provenance (the comment at the top of each file) ---
    /// The first line of one pair's notes: (old version, new version).
    pub provenance: fn(&str, &str) -> String,
    /// The first line of the cumulative changelog.
    pub provenance_log: &'static str,
    /// `Old: <file> (sha256 …)` and `New: …`: the labels.
    pub old_source: &'static str,
    pub new_source: &'static str,
    /// How to make one pair's notes again; how to make the changelog again.
    pub regenerate: &'static str,
    pub regenerate_log: &'static str,

    // --- Headings ---
    /// The notes' title: (old version, new version).
    pub title: fn(&str, &str) -> String,
    /// The changelog's title and its opening paragraph (Markdown).
    pub changelog_title: &'static str,
    pub changelog_intro: &'static str,
    /// One revision's heading in the changelog: (new version, old version, crate version).
    pub changelog_revision: fn(&str, &str, &str) -> String,
    pub section: fn(Section) -> &'static str,

    // --- Summary ---
    /// The label before the summary (`Summary:`).
    pub summary_label: &'static str,
    pub no_changes: &'static str,
    /// (number of changes, the counts by class) → the summary sentence.
    pub summary: fn(usize, &[(Class, usize)]) -> String,
    /// A class as the notes name it, in a summary count and after each change.
    pub class: fn(Class) -> &'static str,
    /// The label before the catalog's impact (`Catalog impact:`).
    pub impact_label: &'static str,
    /// What the revision means for the catalog's users (help desks, vendors, support tools),
    /// one sentence: (the largest class of its changes, none when nothing changed; the codes
    /// and message IDs no longer in the catalog).
    pub impact: fn(Option<Class>, &Gone) -> String,
    /// The sentence on the generated crate's version and why (Markdown: `code` and **bold**):
    /// (the bump its public API asks for, the versions before and after when known).
    pub bump: fn(Bump, Option<[CrateVersion; 2]>) -> String,

    // --- Deprecated (Markdown: `code`) ---
    /// (the variant's path, the code) → the line.
    pub deprecated_code: fn(&str, &str) -> String,
    /// (the constant's path, the message ID) → the line.
    pub deprecated_id: fn(&str, &str) -> String,

    // --- One change ---
    /// In place of the code of a change to the whole catalog (a column, a footnote, the title).
    pub catalog: &'static str,
    pub what: fn(What<'_>) -> String,
    /// A value that changed, came or went, each already quoted: (old, new), (new), (old).
    pub changed: fn(&str, &str) -> String,
    pub added: fn(&str) -> String,
    pub removed: fn(&str) -> String,
    /// An entry moved from one code to another: (from, to).
    pub moved: fn(&str, &str) -> String,
    pub remark: fn(&Remark) -> String,
    /// Between the class and remarks of a change: `; `.
    pub separator: &'static str,
    /// The class and remarks after a change, joined: ` (textual; range widened)`.
    pub tail: fn(&str) -> String,
    /// The texts differ only in width or spacing.
    pub normalization_only: &'static str,
    /// Where a side of a change is in its source: `page 3`, `一覧 row 20`.
    pub at: fn(&At) -> String,
    /// The text of a link to the page.
    pub link: &'static str,

    // --- HTML only ---
    /// The page's `<title>`: (old version, new version).
    pub html_title: fn(&str, &str) -> String,
    /// The table's column headings: code, message ID, what, class, old, new.
    pub columns: [&'static str; 6],
}

impl Words {
    /// `remarks` in these words, joined by [`Words::separator`] (`None` when there are none).
    pub fn remarks(&self, remarks: &[Remark]) -> Option<String> {
        (!remarks.is_empty()).then(|| {
            remarks
                .iter()
                .map(|r| (self.remark)(r))
                .collect::<Vec<_>>()
                .join(self.separator)
        })
    }
}

/// `n` with the English plural of `one` (`1 value`, `3 values`; `entry` → `entries`).
fn plural(n: usize, one: &str) -> String {
    match (n, one.strip_suffix('y')) {
        (1, _) => format!("{n} {one}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {one}s"),
    }
}

/// Message IDs and codes as a list.
fn list<T: ToString>(items: &[T], sep: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_back() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert!("de".parse::<Lang>().is_err());
        assert_eq!(plural(1, "entry"), "1 entry");
        assert_eq!(plural(2, "entry"), "2 entries");
        assert_eq!(plural(3, "value"), "3 values");
    }

    /// Every remark has words in every language, different from the other language's.
    #[test]
    fn every_remark_is_worded_in_each_language() {
        let remarks = [
            Remark::Entries(2),
            Remark::MovedOut(1),
            Remark::CodeOrder,
            Remark::Values(3),
            Remark::NewMessageId,
            Remark::KnownMessageId,
            Remark::NoMessageId,
            Remark::StillListedElsewhere,
            Remark::NoLongerListed,
            Remark::MovedFrom {
                from: "004".to_string(),
                to: "005".to_string(),
            },
            Remark::SingleBecameRange,
            Remark::RangeWidened,
            Remark::RangeNarrowed,
            Remark::IdChanged,
            Remark::IdRemoved,
            Remark::IdAdded,
            Remark::Covers {
                ids: vec![crate::model::MessageId::Single(0x0400_0011)],
                codes: vec!["003".to_string()],
            },
            Remark::ContactsGone(vec!["ベンダー".to_string()]),
            Remark::ContactsNew(vec!["ベンダー".to_string()]),
            Remark::PrintedFormOnly,
            Remark::OneCell(3),
        ];
        for r in &remarks {
            let (ja, en) = ((Lang::Ja.words().remark)(r), (Lang::En.words().remark)(r));
            assert!(
                !ja.is_empty() && !en.is_empty() && ja != en,
                "{r:?}: {ja} / {en}"
            );
        }
    }

    /// The catalog's impact and the crate's bump are worded in each language, name what is
    /// gone, and say why the crate's version moves.
    #[test]
    fn impact_and_bump_are_worded_in_each_language() {
        let gone = Gone {
            codes: vec!["017".to_string()],
            message_ids: vec![crate::model::MessageId::Single(0x8100_000E)],
        };
        let none = Gone::default();
        let mut classes: Vec<Option<Class>> = Class::ALL.iter().copied().map(Some).collect();
        classes.push(None);
        for class in classes {
            let (ja, en) = (
                (Lang::Ja.words().impact)(class, &gone),
                (Lang::En.words().impact)(class, &gone),
            );
            assert!(!ja.is_empty() && ja != en, "{class:?}: {ja} / {en}");
        }
        let ja = (Lang::Ja.words().impact)(Some(Class::Breaking), &gone);
        assert!(
            ja.contains("コード 017、0x8100000E はカタログから削除"),
            "{ja}"
        );
        let en = (Lang::En.words().impact)(Some(Class::Breaking), &gone);
        assert!(en.contains("code 017 and 0x8100000E are no longer"), "{en}");
        let ja = (Lang::Ja.words().impact)(Some(Class::Breaking), &none);
        assert!(ja.contains("破壊的変更を参照"), "{ja}");
        for b in [Bump::Patch, Bump::Minor, Bump::Major] {
            let (ja, en) = (
                (Lang::Ja.words().bump)(b, None),
                (Lang::En.words().bump)(b, None),
            );
            assert!(
                ja.contains("ため") && en.contains("public API"),
                "{ja} / {en}"
            );
        }
    }
}
