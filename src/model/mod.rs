//! The canonical model of one catalog revision (DESIGN §3), its YAML form, validation and lint.
//!
//! Input: a [`Catalog`] built by `normalize` or loaded from `generated/catalog/<version>.yaml`.
//! Output: YAML/JSON text, lint diagnostics. The model uses the catalog's own words (code,
//! entry, message ID, contact); it knows nothing of pages, sheets or cells beyond the `at`
//! provenance of an entry.

pub mod identifiers;
pub mod message_id;
pub mod names;
pub mod yaml;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use message_id::{MessageId, ParsedMessageId};

/// Version of the model format; bump on an incompatible change.
pub const FORMAT: u32 = 1;

/// One revision of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub format: u32,
    pub document: Document,
    pub codes: Vec<Code>,
    /// Marked notes under the table (`※1 …`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Footnote>,
    /// Any other text outside the table that is neither the title line nor a footnote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub title: String,
    /// Read from the document's own title line (「… 1.20版」 → `1.20`).
    pub version: String,
    pub source: Source,
    /// Other sources of the same revision that were read and found equal to `source`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cross_checked: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Path relative to the project root, with `/` separators.
    pub file: String,
    pub kind: SourceKind,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Pdf,
    Xlsx,
    Ods,
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SourceKind::Pdf => "pdf",
            SourceKind::Xlsx => "xlsx",
            SourceKind::Ods => "ods",
        })
    }
}

/// One display code (001, 101, 900 …) with its heading, screen message and rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// Three digits, as printed.
    pub code: String,
    /// The leading 【…】 groups of the heading, brackets removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The heading after the tags.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The printed heading, when `tags` and `title` joined the canonical way
    /// (`【a】【b】` + line break + title) do not give it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading_text: Option<String>,
    pub entries: Vec<Entry>,
}

/// One row of a code group, complete on its own after fill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<MessageId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Values of columns this tool does not know, by their header text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// What the source printed where the parsed fields do not give it back.
    #[serde(default, skip_serializing_if = "SourceText::is_empty")]
    pub source_text: SourceText,
    /// Corrections from `input/errata.yaml` applied to this entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errata: Vec<AppliedErratum>,
    pub at: At,
}

/// Printed text kept beside a parsed field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<String>,
}

impl SourceText {
    pub fn is_empty(&self) -> bool {
        self.message_id.is_none() && self.contacts.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    /// The lines after the name that start with ※, mark included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliedErratum {
    pub field: Field,
    pub printed: String,
    pub corrected: String,
    pub reason: String,
}

/// Provenance of an entry: the page (PDF) or the sheet and row (spreadsheet) of its row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct At {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.page, &self.sheet, &self.row) {
            (_, Some(sheet), Some(row)) => write!(f, "{sheet} row {row}"),
            (Some(page), _, _) => write!(f, "page {page}"),
            _ => f.write_str("unknown position"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    pub text: String,
}

/// The table's columns, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Code,
    Heading,
    Message,
    ErrorType,
    MessageId,
    Cause,
    Action,
    Contacts,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Code,
        Field::Heading,
        Field::Message,
        Field::ErrorType,
        Field::MessageId,
        Field::Cause,
        Field::Action,
        Field::Contacts,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Heading => "heading",
            Field::Message => "message",
            Field::ErrorType => "error_type",
            Field::MessageId => "message_id",
            Field::Cause => "cause",
            Field::Action => "action",
            Field::Contacts => "contacts",
        }
    }

    /// The column's caption in the 1.20 catalog, for messages.
    pub fn caption(self) -> &'static str {
        match self {
            Field::Code => "コード",
            Field::Heading => "エラー区分",
            Field::Message => "メッセージ内容",
            Field::ErrorType => "エラー種別",
            Field::MessageId => "メッセージID",
            Field::Cause => "原因",
            Field::Action => "対処",
            Field::Contacts => "問い合わせ先",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Code {
    /// The heading as printed: tags in brackets, a line break, the title.
    pub fn heading(&self) -> String {
        if let Some(text) = &self.heading_text {
            return text.clone();
        }
        canonical_heading(&self.tags, &self.title)
    }
}

/// `【a】【b】` + `\n` + title; without tags just the title.
pub fn canonical_heading(tags: &[String], title: &str) -> String {
    let mut out: String = tags.iter().map(|t| format!("【{t}】")).collect();
    if !out.is_empty() && !title.is_empty() {
        out.push('\n');
    }
    out.push_str(title);
    out
}

impl Entry {
    /// The message-ID cell as printed.
    pub fn message_id_text(&self) -> Option<String> {
        if let Some(text) = &self.source_text.message_id {
            return Some(text.clone());
        }
        self.message_id.map(|id| id.to_string())
    }

    /// The contact cell as printed.
    pub fn contacts_text(&self) -> Option<String> {
        if let Some(text) = &self.source_text.contacts {
            return Some(text.clone());
        }
        if self.contacts.is_empty() {
            return None;
        }
        Some(contacts_to_text(&self.contacts))
    }
}

/// Contacts back to cell text: each name on its line, each note on the lines after it.
pub fn contacts_to_text(contacts: &[Contact]) -> String {
    let mut lines = Vec::new();
    for c in contacts {
        lines.push(c.name.as_str());
        if let Some(note) = &c.note {
            lines.push(note.as_str());
        }
    }
    lines.join("\n")
}

impl Catalog {
    /// Every entry with its code, in document order.
    pub fn entries(&self) -> impl Iterator<Item = (&Code, &Entry)> {
        self.codes
            .iter()
            .flat_map(|c| c.entries.iter().map(move |e| (c, e)))
    }

    /// Every entry whose message ID equals `id` or whose range contains it, in document order.
    pub fn lookup(&self, id: u32) -> Vec<(&Code, &Entry)> {
        self.entries()
            .filter(|(_, e)| e.message_id.is_some_and(|m| m.contains(id)))
            .collect()
    }

    /// A copy without provenance (`document.source`, `cross_checked`, `at`), for comparing
    /// models read from different sources of the same revision.
    pub fn without_provenance(&self) -> Catalog {
        let mut c = self.clone();
        c.document.source = Source {
            file: String::new(),
            kind: SourceKind::Pdf,
            sha256: String::new(),
            pages: None,
            sheets: Vec::new(),
        };
        c.document.cross_checked.clear();
        for code in &mut c.codes {
            for e in &mut code.entries {
                e.at = At {
                    page: None,
                    sheet: None,
                    row: None,
                };
            }
        }
        c
    }
}

/// The longest version accepted: a file name is made from it.
pub const VERSION_MAX_CHARS: usize = 32;

/// Checks a revision's version: ASCII digits in groups separated by single dots (`1.20`), as
/// a revision folder is named. Versions name files (`generated/catalog/1.20.yaml`,
/// `1.20..1.21.md`), so nothing else may pass: no `/`, no `..`, nothing absolute.
pub fn check_version(version: &str) -> Result<(), String> {
    let well_formed = !version.is_empty()
        && version.len() <= VERSION_MAX_CHARS
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a version (digits separated by dots, such as 1.20, at most \
             {VERSION_MAX_CHARS} characters)",
            crate::terminal::quote(version)
        ))
    }
}

/// Sort key for version strings such as `1.9` < `1.20` < `2.0`.
pub fn version_key(version: &str) -> Vec<(u64, String)> {
    version
        .split(['.', '-'])
        .map(|part| {
            let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
            let rest = part[digits.len()..].to_string();
            (digits.parse().unwrap_or(0), rest)
        })
        .collect()
}

/// The committed model of revision 1.20 (`generated/catalog/1.20.yaml`), for unit tests.
#[cfg(test)]
pub(crate) fn committed_1_20() -> Catalog {
    let text = include_str!("../../generated/catalog/1.20.yaml");
    yaml::load("generated/catalog/1.20.yaml", text).expect("1.20 model")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_digits_and_dots() {
        for ok in ["1.20", "2", "10.0.3"] {
            assert_eq!(check_version(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "../x",
            "/etc/x",
            "1..2",
            ".1",
            "1.",
            "1.2a",
            "１.２",
            "1/2",
            &"9".repeat(33),
        ] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn versions_sort_numerically() {
        let mut v = vec!["1.20", "1.9", "2.0", "1.100"];
        v.sort_by_key(|s| version_key(s));
        assert_eq!(v, ["1.9", "1.20", "1.100", "2.0"]);
    }

    #[test]
    fn heading_is_tags_then_break_then_title() {
        let tags = vec!["手順誤り".to_string(), "職員".to_string()];
        assert_eq!(
            canonical_heading(&tags, "端末接続不良"),
            "【手順誤り】【職員】\n端末接続不良"
        );
        assert_eq!(canonical_heading(&[], "題"), "題");
    }
}
