//! What the code targets (Rust, C) name: the display codes, message IDs, contacts and tags of
//! the newest revision, plus the codes and message IDs that an earlier revision had and the
//! newest dropped (kept, deprecated, so downstream builds keep compiling), each with its
//! identifiers. Computed once from [`RenderInput`]; identifiers come from [`ident`] only.

use std::collections::BTreeMap;

use super::ident::{ident, Case, Namespace};
use super::{RenderError, RenderInput};
use crate::diff::still_listed;
use crate::history::Tombstone;
use crate::model::identifiers::{Item, Published};
use crate::model::{Catalog, Code, Entry, MessageId};

/// A display code with the revision data that describes it.
#[derive(Debug, Clone)]
pub struct CodeSym<'a> {
    /// The newest revision's code, or for a removed one the last revision that had it.
    pub code: &'a Code,
    pub number: u16,
    /// The first revision without it, when the newest lacks it.
    pub removed_in: Option<String>,
    pub rust: String,
    pub c: String,
    /// Index range of its entries in [`Symbols::entries`] (empty when removed).
    pub entries: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
pub struct IdSym {
    pub id: MessageId,
    pub removed_in: Option<String>,
    pub rust: String,
    pub c: String,
}

/// A contact or tag: its Japanese name and identifiers.
#[derive(Debug, Clone)]
pub struct NameSym {
    pub name: String,
    pub rust: String,
    pub c: String,
    /// The C constant's value, fixed at first publication.
    pub number: u32,
}

#[derive(Debug, Clone)]
pub struct Symbols<'a> {
    pub newest: &'a Catalog,
    /// The newest revision's codes in document order, then removed ones by number.
    pub codes: Vec<CodeSym<'a>>,
    /// Every entry of the newest revision in document order, with the index of its code.
    pub entries: Vec<(usize, &'a Entry)>,
    /// Distinct message IDs in order of first appearance, then removed ones in value order.
    pub ids: Vec<IdSym>,
    pub contacts: Vec<NameSym>,
    pub tags: Vec<NameSym>,
}

impl<'a> Symbols<'a> {
    pub fn new(input: RenderInput<'a>) -> Result<Symbols<'a>, RenderError> {
        Symbols::of(input.catalogs, input.identifiers)
    }

    /// The symbols of the code generated from `catalogs` (oldest first, the newest last) with
    /// the published `identifiers`.
    pub fn of(
        catalogs: &'a [Catalog],
        identifiers: &Published,
    ) -> Result<Symbols<'a>, RenderError> {
        let newest = catalogs.last().ok_or(RenderError::NoRevision)?;
        let mut rust_ns = Namespace::new("Rust DisplayCode variants");
        let mut c_ns = Namespace::new("C constants");

        let mut codes = Vec::new();
        let mut entries = Vec::new();
        for code in &newest.codes {
            let start = entries.len();
            entries.extend(code.entries.iter().map(|e| (codes.len(), e)));
            codes.push(code_sym(
                code,
                None,
                start..entries.len(),
                &mut rust_ns,
                &mut c_ns,
            )?);
        }
        for (code, removed_in) in removed(catalogs, |c| {
            c.codes.iter().map(|k| (k.code.clone(), k)).collect()
        }) {
            let at = entries.len();
            codes.push(code_sym(
                code,
                Some(removed_in),
                at..at,
                &mut rust_ns,
                &mut c_ns,
            )?);
        }

        let mut rust_ids = Namespace::new("Rust message-ID constants");
        let mut ids: Vec<IdSym> = Vec::new();
        let mut push_id = |id: MessageId, removed_in: Option<String>| -> Result<(), RenderError> {
            if ids.iter().any(|s| s.id == id) {
                return Ok(());
            }
            let digits = id_digits(id);
            let what = format!("message ID {id}");
            let rust = rust_ids.claim(rust_id_const(id)?, &what)?;
            let c = c_ns.claim(
                ident("OQS_MSG", &digits, Case::ScreamingSnake, &what)?,
                &what,
            )?;
            ids.push(IdSym {
                id,
                removed_in,
                rust,
                c,
            });
            Ok(())
        };
        for (_, e) in &entries {
            if let Some(id) = e.message_id {
                push_id(id, None)?;
            }
        }
        for (id, removed_in) in removed(catalogs, |c| {
            c.entries()
                .filter_map(|(_, e)| e.message_id.map(|m| (m, m)))
                .collect()
        }) {
            // An ID that a range of the newest covers is still found by `lookup`: its constant
            // stays, not deprecated (issue 13: 0x… that became a range containing it).
            let removed_in = (!still_listed(newest, id)).then_some(removed_in);
            push_id(id, removed_in)?;
        }

        let contacts = names(&identifiers.contacts, "Contact", "OQS_CONTACT", "contact")?;
        let tags = names(&identifiers.tags, "Tag", "OQS_TAG", "tag")?;
        let sym = Symbols {
            newest,
            codes,
            entries,
            ids,
            contacts,
            tags,
        };
        // Every name the code tables use must have an identifier.
        for c in &sym.codes {
            for t in &c.code.tags {
                sym.tag(t)?;
            }
        }
        for (_, e) in &sym.entries {
            for c in &e.contacts {
                sym.contact(&c.name)?;
            }
        }
        Ok(sym)
    }

    /// The code of a tombstone's entry (the newest revision's, or a removed one kept for
    /// compatibility: every code some revision had is here).
    pub fn tombstone_code(
        &self,
        t: &Tombstone<'_>,
        target: &'static str,
    ) -> Result<&CodeSym<'a>, RenderError> {
        self.codes
            .iter()
            .find(|c| c.code.code == t.code.code)
            .ok_or_else(|| RenderError::Target {
                target,
                message: format!(
                    "the tombstone of {} names code {}, which has no identifier",
                    t.id, t.code.code
                ),
            })
    }

    pub fn contact(&self, name: &str) -> Result<&NameSym, RenderError> {
        self.contacts
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| RenderError::MissingName {
                section: "contacts",
                name: name.to_string(),
            })
    }

    pub fn tag(&self, name: &str) -> Result<&NameSym, RenderError> {
        self.tags
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| RenderError::MissingName {
                section: "tags",
                name: name.to_string(),
            })
    }

    /// Message-ID values worth probing: every single ID, both ends of every range and the
    /// values just outside each range, sorted and without repeats.
    pub fn probes(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for s in self.ids.iter().filter(|s| s.removed_in.is_none()) {
            match s.id {
                MessageId::Single(v) => out.push(v),
                MessageId::Range { first, last } => {
                    out.extend([first, last]);
                    out.extend(first.checked_sub(1));
                    out.extend(last.checked_add(1));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn code_sym<'a>(
    code: &'a Code,
    removed_in: Option<String>,
    entries: std::ops::Range<usize>,
    rust_ns: &mut Namespace,
    c_ns: &mut Namespace,
) -> Result<CodeSym<'a>, RenderError> {
    let what = format!("code {}", code.code);
    let number: u16 = code
        .code
        .parse()
        .ok()
        .filter(|_| code.code.chars().all(|c| c.is_ascii_digit()))
        .ok_or_else(|| RenderError::Identifier {
            what: what.clone(),
            name: code.code.clone(),
            why: "a display code must be decimal digits below 65536".to_string(),
        })?;
    let rust = rust_ns.claim(rust_code_variant(&code.code)?, &what)?;
    let c = c_ns.claim(
        ident("OQS_CODE", &code.code, Case::ScreamingSnake, &what)?,
        &what,
    )?;
    Ok(CodeSym {
        code,
        number,
        removed_in,
        rust,
        c,
        entries,
    })
}

/// `04000011`, `F0000000_F7FFFFFF`: a message ID in identifiers.
fn id_digits(id: MessageId) -> String {
    match id {
        MessageId::Single(v) => format!("{v:08X}"),
        MessageId::Range { first, last } => format!("{first:08X}_{last:08X}"),
    }
}

/// The Rust constant the crate names a message ID with: `MSG_04000011`.
pub fn rust_id_const(id: MessageId) -> Result<String, RenderError> {
    let what = format!("message ID {id}");
    ident("MSG", &id_digits(id), Case::ScreamingSnake, &what)
}

/// The `DisplayCode` variant the crate names a code with: `Code017`.
pub fn rust_code_variant(code: &str) -> Result<String, RenderError> {
    ident("Code", code, Case::UpperCamel, &format!("code {code}"))
}

/// Keys that some revision before the newest had and the newest lacks, each with its value from
/// the last revision that had it and the version of the revision after that one, in key order.
fn removed<'a, K: Ord + Clone, V: 'a>(
    catalogs: &'a [Catalog],
    keys: impl Fn(&'a Catalog) -> Vec<(K, V)>,
) -> Vec<(V, String)> {
    let Some((newest, older)) = catalogs.split_last() else {
        return Vec::new();
    };
    let now: Vec<K> = keys(newest).into_iter().map(|(k, _)| k).collect();
    let mut last_seen: BTreeMap<K, (V, usize)> = BTreeMap::new();
    for (i, c) in older.iter().enumerate() {
        for (k, v) in keys(c) {
            if !now.contains(&k) {
                last_seen.insert(k, (v, i));
            }
        }
    }
    last_seen
        .into_values()
        .map(|(v, i)| (v, catalogs[i + 1].document.version.clone()))
        .collect()
}

fn names(
    items: &[Item],
    namespace: &'static str,
    c_prefix: &str,
    what: &str,
) -> Result<Vec<NameSym>, RenderError> {
    let mut rust_ns = Namespace::new(namespace);
    let mut c_ns = Namespace::new("C constants");
    let mut out = Vec::new();
    for Item {
        number,
        ident: id,
        name,
    } in items
    {
        let source = format!("{what} 「{name}」");
        out.push(NameSym {
            name: name.clone(),
            rust: rust_ns.claim(ident("", id, Case::Verbatim, &source)?, &source)?,
            c: c_ns.claim(ident(c_prefix, id, Case::ScreamingSnake, &source)?, &source)?,
            number: *number,
        });
    }
    out.sort_by(|a, b| a.rust.cmp(&b.rust));
    Ok(out)
}
