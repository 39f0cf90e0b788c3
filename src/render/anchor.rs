//! The anchors of the HTML page: the one rule that names each row of the page
//! (`004-0x04000001`, `004-0x04000001-2` for a second row with that ID in the code,
//! `901-0xF0000000-0xF7FFFFFF` for a range, `101-1` for a row without an ID), the short alias
//! `0x04000001` on the first row of the page with that single ID, and `code-004` on each code.
//! The page ([`super::html`]), the change notes ([`super::notes`]) and the browser test all
//! take their anchors from here, so a link in the notes always names an element of the page.
//!
//! Input: one catalog (the revision the page shows). Output: the anchors of its rows. It does
//! not render anything.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::Subject;
use crate::model::message_id::hex;
use crate::model::{Catalog, MessageId};

/// The anchors of one row of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowAnchor {
    /// Unique in the page.
    pub id: String,
    /// `0x…` on the first row of the page with that single ID.
    pub alias: Option<String>,
}

/// The anchors of every row of the page of one catalog, by code and entry index. A code
/// without entries still has one (blank) row on the page, and so one anchor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageAnchors {
    codes: Vec<String>,
    rows: Vec<Vec<RowAnchor>>,
    /// Aliases (single message IDs) listed on more than one row of the page.
    repeated: BTreeSet<String>,
}

impl PageAnchors {
    pub fn new(catalog: &Catalog) -> PageAnchors {
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let mut aliased: BTreeSet<u32> = BTreeSet::new();
        let mut repeated = BTreeSet::new();
        let mut unique = |base: String| {
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}-{n}")
            }
        };
        let mut rows = Vec::with_capacity(catalog.codes.len());
        for code in &catalog.codes {
            let mut anchors = Vec::with_capacity(code.entries.len().max(1));
            for (index, e) in code.entries.iter().enumerate() {
                let base = row_base(&code.code, e.message_id, index);
                let alias = match e.message_id {
                    Some(MessageId::Single(v)) if aliased.insert(v) => Some(hex(v)),
                    Some(MessageId::Single(v)) => {
                        repeated.insert(hex(v));
                        None
                    }
                    _ => None,
                };
                anchors.push(RowAnchor {
                    id: unique(base),
                    alias,
                });
            }
            if code.entries.is_empty() {
                anchors.push(RowAnchor {
                    id: unique(format!("{}-1", code.code)),
                    alias: None,
                });
            }
            rows.push(anchors);
        }
        PageAnchors {
            codes: catalog
                .codes
                .iter()
                .map(|c| format!("code-{}", c.code))
                .collect(),
            rows,
            repeated,
        }
    }

    /// The anchors of the page's rows of removed message IDs (the tombstones, each `(code,
    /// message ID)` of the last entry that held it), by the rule of the rows: `016-0x8100000C`,
    /// `-2` for a second of the same code and ID, the alias `0x8100000C` on the first of a
    /// single ID. So a link that older notes made to such a row still names an element. They
    /// cannot collide with this page's rows: no current row lists a tombstone's ID.
    pub fn removed<'a>(rows: impl IntoIterator<Item = (&'a str, MessageId)>) -> Vec<RowAnchor> {
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let mut aliased: BTreeSet<u32> = BTreeSet::new();
        rows.into_iter()
            .map(|(code, id)| {
                let base = row_base(code, Some(id), 0);
                let n = used.entry(base.clone()).or_insert(0);
                *n += 1;
                RowAnchor {
                    id: if *n == 1 { base } else { format!("{base}-{n}") },
                    alias: match id {
                        MessageId::Single(v) if aliased.insert(v) => Some(hex(v)),
                        _ => None,
                    },
                }
            })
            .collect()
    }

    /// The anchors of the rows of the code at `code` (index in the catalog).
    pub fn rows(&self, code: usize) -> &[RowAnchor] {
        self.rows.get(code).map(Vec::as_slice).unwrap_or_default()
    }

    /// Every element id these anchors give the page, in document order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(String::as_str).chain(
            self.rows
                .iter()
                .flatten()
                .flat_map(|r| std::iter::once(r.id.as_str()).chain(r.alias.as_deref())),
        )
    }

    /// The fragment a link to `subject` uses: a code's group, or an entry's row — by its short
    /// alias when that single ID is on no other row of the page, else by its row anchor.
    /// `None` when it is not on the page.
    pub fn link(&self, subject: Subject) -> Option<&str> {
        match subject {
            Subject::Code(code) => self.codes.get(code).map(String::as_str),
            Subject::Entry { code, entry } => {
                let row = self.rows.get(code)?.get(entry)?;
                match &row.alias {
                    Some(alias) if !self.repeated.contains(alias) => Some(alias),
                    _ => Some(&row.id),
                }
            }
        }
    }
}

/// The anchor of a row before it is made unique: `004-0x04000001`,
/// `901-0xF0000000-0xF7FFFFFF`, or `101-1` for the first row without an ID.
fn row_base(code: &str, id: Option<MessageId>, index: usize) -> String {
    match id {
        Some(MessageId::Single(v)) => format!("{code}-{}", hex(v)),
        Some(MessageId::Range { first, last }) => format!("{code}-{}-{}", hex(first), hex(last)),
        None => format!("{code}-{}", index + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::model::committed_1_20()
    }

    #[test]
    fn links_name_rows_that_exist_and_repeated_ids_their_own_row() {
        let c = catalog();
        let a = PageAnchors::new(&c);
        let ids: BTreeSet<&str> = a.ids().collect();
        assert_eq!(ids.len(), a.ids().count(), "every id is unique");
        let i004 = c.codes.iter().position(|x| x.code == "004").expect("004");
        let first = a.link(Subject::Entry {
            code: i004,
            entry: 0,
        });
        let second = a.link(Subject::Entry {
            code: i004,
            entry: 1,
        });
        assert_eq!(first, Some("004-0x04000001"));
        assert_eq!(second, Some("004-0x04000001-2"));
        let i901 = c.codes.iter().position(|x| x.code == "901").expect("901");
        assert_eq!(
            a.link(Subject::Entry {
                code: i901,
                entry: 0
            }),
            Some("901-0xF0000000-0xF7FFFFFF")
        );
        assert_eq!(a.link(Subject::Code(i901)), Some("code-901"));
        for (ci, code) in c.codes.iter().enumerate() {
            for ei in 0..code.entries.len() {
                let link = a.link(Subject::Entry {
                    code: ci,
                    entry: ei,
                });
                assert!(link.is_some_and(|l| ids.contains(l)), "{link:?}");
            }
        }
    }
}
