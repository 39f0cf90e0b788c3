//! Diff: two revisions of the catalog → the [`ChangeSet`] between them (DESIGN §5).
//!
//! Codes match by their three digits. Entries inside a code match by message ID first, then by
//! the text similarity of error type, cause and action ([`matching`]), so an edited row is one
//! change, not a removal plus an addition. An entry left over on both sides with the same
//! message ID and the same text under different codes is a move; matched rows in a different
//! order are one reorder per code.
//!
//! Layout is not content: provenance (`document.source`, `at`) is never compared, only
//! reported, so page breaks, sheets, header spellings and the source format produce nothing.
//! A printed form that changed while the value stayed (`source_text`, `errata`,
//! `heading_text`) is a change of class "source text only".
//!
//! It reads no files and writes none; it does not know `names.yaml` (a contact "removed" is one
//! that no entry of the new revision names any more). It holds the diff only: the crate's
//! version policy is [`crate::release`], the notes and the page's anchors are under `render`.

mod differ;
mod entries;
pub mod matching;
pub mod text;
mod types;

pub use matching::match_entries;
pub use types::{
    Change, ChangeSet, Class, Continued, Gone, Kind, Order, Origin, Remark, Side, Subject,
};

use crate::model::{Catalog, MessageId};
use differ::Differ;

/// Compares two revisions.
pub fn diff(old: &Catalog, new: &Catalog) -> ChangeSet {
    let mut d = Differ::new(old, new);
    d.document();
    d.codes();
    d.columns();
    d.footnotes();
    let continued = std::mem::take(&mut d.continued);
    let mut changes = d.changes;
    // Document order: by code (three digits sort as numbers), catalog-wide changes last; the
    // sort is stable, so the order inside a code is the order of emission.
    changes.sort_by(|a, b| match (&a.code, &b.code) {
        (Some(x), Some(y)) => (x.len(), x).cmp(&(y.len(), y)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    ChangeSet {
        old: side(old),
        new: side(new),
        changes: coalesce(changes),
        gone: gone(old, new),
        continued,
    }
}

/// The change set of each pair of consecutive `catalogs` (oldest first): `[i]` goes from
/// revision `i` to revision `i + 1`.
pub fn consecutive(catalogs: &[Catalog]) -> Vec<ChangeSet> {
    catalogs.windows(2).map(|w| diff(&w[0], &w[1])).collect()
}

/// Whether looking up `id` in `catalog` still finds it: some entry's message ID covers it.
pub fn still_listed(catalog: &Catalog, id: MessageId) -> bool {
    catalog
        .entries()
        .any(|(_, e)| e.message_id.is_some_and(|m| entries::covers(m, id)))
}

fn gone(old: &Catalog, new: &Catalog) -> Gone {
    let codes = old
        .codes
        .iter()
        .filter(|o| !new.codes.iter().any(|n| n.code == o.code))
        .map(|o| o.code.clone())
        .collect();
    let mut message_ids: Vec<MessageId> = old
        .entries()
        .filter_map(|(_, e)| e.message_id)
        .filter(|&id| !still_listed(new, id))
        .collect();
    message_ids.sort_by_key(|m| (m.first(), m.last()));
    message_ids.dedup();
    Gone { codes, message_ids }
}

/// One change per edited cell: a merged cell fills several entries of a code (the range of
/// 901 in 1.20 is one cell over three rows), and editing it changes the same field of each
/// of them the same way. Such changes, in one code with the same field, old and new value,
/// become one, naming every message ID and the number of entries.
fn coalesce(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for c in changes {
        let same = |o: &Change| {
            o.kind == Kind::Changed
                && c.kind == Kind::Changed
                && o.code.is_some()
                && (&o.code, o.class, &o.field, &o.old, &o.new)
                    == (&c.code, c.class, &c.field, &c.old, &c.new)
        };
        // Only within the run of the same code (the changes are sorted by code).
        let start = out
            .iter()
            .rposition(|o| o.code != c.code)
            .map_or(0, |i| i + 1);
        if let Some(k) = (start..out.len()).find(|&k| same(&out[k])) {
            counts[k] += 1;
            for id in c.message_ids.iter().chain(&c.related_ids) {
                if !out[k].touched_ids().any(|t| t == *id) {
                    if c.message_ids.contains(id) {
                        out[k].message_ids.push(*id);
                    } else {
                        out[k].related_ids.push(*id);
                    }
                }
            }
            continue;
        }
        counts.push(1);
        out.push(c);
    }
    for (c, n) in out.iter_mut().zip(counts) {
        if n > 1 {
            c.remarks.push(Remark::OneCell(n));
        }
    }
    out
}

fn side(c: &Catalog) -> Side {
    Side {
        version: c.document.version.clone(),
        file: c.document.source.file.clone(),
        sha256: c.document.source.sha256.clone(),
    }
}
