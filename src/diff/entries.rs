//! The changes of one entry: added, removed, moved, or matched with its old self (field by
//! field), and the helpers that build a [`Change`].

use std::collections::BTreeSet;

use super::differ::Differ;
use super::text;
use super::{Change, Class, Kind, Remark, Subject};
use crate::model::{contacts_to_text, Code, Entry, Field, MessageId};

impl Differ<'_> {
    pub(super) fn added_entry(&mut self, nc: &Code, ne: &Entry, at: (usize, usize)) {
        let known = ne
            .message_id
            .is_some_and(|id| self.old.entries().any(|(_, e)| e.message_id == Some(id)));
        let mut remarks = vec![match ne.message_id {
            Some(_) if known => Remark::KnownMessageId,
            Some(_) => Remark::NewMessageId,
            None => Remark::NoMessageId,
        }];
        let related_ids = match ne.message_id {
            Some(id) => self.swallowed(&nc.code, None, id, &mut remarks),
            None => Vec::new(),
        };
        self.changes.push(Change {
            kind: Kind::Added,
            class: Class::Additive,
            code: Some(nc.code.clone()),
            message_ids: ne.message_id.into_iter().collect(),
            related_ids,
            entry: Some(Box::new(ne.clone())),
            order: None,
            field: "entry".to_string(),
            old: None,
            new: Some(summary(ne)),
            old_at: None,
            new_at: self.new_origin(&ne.at),
            normalization_only: false,
            remarks,
            subject: Some(entry_subject(at)),
        });
    }

    /// The message IDs listed under codes other than `code` in the new revision that range
    /// `new` covers and `old` did not: a range that starts to swallow another code's IDs
    /// (`lookup` of such an ID now also answers with this entry). Says so in `remarks` when
    /// there are any.
    fn swallowed(
        &self,
        code: &str,
        old: Option<MessageId>,
        new: MessageId,
        remarks: &mut Vec<Remark>,
    ) -> Vec<MessageId> {
        if !matches!(new, MessageId::Range { .. }) {
            return Vec::new();
        }
        let mut ids: Vec<MessageId> = Vec::new();
        let mut codes: Vec<String> = Vec::new();
        for (c, e) in self.new.entries() {
            let Some(id) = e.message_id else { continue };
            if c.code == code || !covers(new, id) || old.is_some_and(|o| covers(o, id)) {
                continue;
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
            if !codes.contains(&c.code) {
                codes.push(c.code.clone());
            }
        }
        if !ids.is_empty() {
            remarks.push(Remark::Covers {
                ids: ids.clone(),
                codes,
            });
        }
        ids
    }

    pub(super) fn removed_entry(&mut self, oc: &Code, oe: &Entry) {
        let still_listed = oe
            .message_id
            .is_some_and(|id| super::still_listed(self.new, id));
        let (class, remark) = match oe.message_id {
            Some(_) if still_listed => (Class::Breaking, Remark::StillListedElsewhere),
            Some(_) => (Class::Breaking, Remark::NoLongerListed),
            None => (Class::Textual, Remark::NoMessageId),
        };
        self.changes.push(Change {
            kind: Kind::Removed,
            class,
            code: Some(oc.code.clone()),
            message_ids: oe.message_id.into_iter().collect(),
            related_ids: Vec::new(),
            entry: Some(Box::new(oe.clone())),
            order: None,
            field: "entry".to_string(),
            old: Some(summary(oe)),
            new: None,
            old_at: self.old_origin(&oe.at),
            new_at: None,
            normalization_only: false,
            remarks: vec![remark],
            subject: None,
        });
    }

    pub(super) fn moved(
        &mut self,
        ci: usize,
        ei: usize,
        nc: &Code,
        ne: &Entry,
        at: (usize, usize),
    ) {
        let oc = &self.old.codes[ci];
        let oe = &oc.entries[ei];
        // The message ID stays in the catalog (nothing looked up disappears) but answers with
        // another code: new behavior, so minor.
        self.changes.push(Change {
            kind: Kind::Moved,
            class: Class::Additive,
            code: Some(nc.code.clone()),
            message_ids: ne.message_id.into_iter().collect(),
            related_ids: Vec::new(),
            entry: None,
            order: None,
            field: "code".to_string(),
            old: Some(oc.code.clone()),
            new: Some(nc.code.clone()),
            old_at: self.old_origin(&oe.at),
            new_at: self.new_origin(&ne.at),
            normalization_only: false,
            remarks: vec![Remark::MovedFrom {
                from: oc.code.clone(),
                to: nc.code.clone(),
            }],
            subject: Some(entry_subject(at)),
        });
        self.pair(oe, nc, ne, at);
    }

    /// The field changes of two matched entries.
    pub(super) fn pair(&mut self, oe: &Entry, nc: &Code, ne: &Entry, at: (usize, usize)) {
        let code = Some(nc.code.clone());
        let id: Vec<MessageId> = ne.message_id.or(oe.message_id).into_iter().collect();
        let mut found: Vec<Change> = Vec::new();

        for (field, o, n) in [
            (Field::ErrorType, &oe.error_type, &ne.error_type),
            (Field::Cause, &oe.cause, &ne.cause),
            (Field::Action, &oe.action, &ne.action),
        ] {
            if o != n {
                found.push(textual(
                    code.clone(),
                    id.clone(),
                    field.name(),
                    o.clone(),
                    n.clone(),
                ));
            } else if printed(oe, field) != printed(ne, field) {
                found.push(source_text_only(
                    code.clone(),
                    id.clone(),
                    field.name(),
                    printed(oe, field).unwrap_or_default(),
                    printed(ne, field).unwrap_or_default(),
                ));
            }
        }

        if oe.message_id != ne.message_id {
            let (class, remark) = id_class(oe.message_id, ne.message_id);
            let mut related: Vec<MessageId> = oe.message_id.into_iter().collect();
            let mut remarks: Vec<Remark> = remark.into_iter().collect();
            if let Some(n) = ne.message_id {
                related.extend(self.swallowed(&nc.code, oe.message_id, n, &mut remarks));
            }
            found.push(Change {
                class,
                remarks,
                related_ids: related,
                ..textual(
                    code.clone(),
                    id.clone(),
                    Field::MessageId.name(),
                    oe.message_id.map(|m| m.to_string()),
                    ne.message_id.map(|m| m.to_string()),
                )
            });
        } else if printed(oe, Field::MessageId) != printed(ne, Field::MessageId) {
            found.push(source_text_only(
                code.clone(),
                id.clone(),
                Field::MessageId.name(),
                printed(oe, Field::MessageId).unwrap_or_default(),
                printed(ne, Field::MessageId).unwrap_or_default(),
            ));
        }

        if oe.contacts != ne.contacts {
            let old_names: BTreeSet<&str> = oe.contacts.iter().map(|c| c.name.as_str()).collect();
            let new_names: BTreeSet<&str> = ne.contacts.iter().map(|c| c.name.as_str()).collect();
            let gone: Vec<&str> = old_names
                .difference(&new_names)
                .copied()
                .filter(|n| !self.new_contacts.contains(n))
                .collect();
            let fresh: Vec<&str> = new_names
                .difference(&old_names)
                .copied()
                .filter(|n| !self.old_contacts.contains(n))
                .collect();
            let names = |v: Vec<&str>| v.into_iter().map(str::to_string).collect();
            let (class, remarks) = if !gone.is_empty() {
                (Class::Breaking, vec![Remark::ContactsGone(names(gone))])
            } else if !fresh.is_empty() {
                (Class::Additive, vec![Remark::ContactsNew(names(fresh))])
            } else {
                (Class::Textual, Vec::new())
            };
            let text = |e: &Entry| (!e.contacts.is_empty()).then(|| contacts_to_text(&e.contacts));
            let mut c = textual(
                code.clone(),
                id.clone(),
                Field::Contacts.name(),
                text(oe),
                text(ne),
            );
            c.class = class;
            c.remarks = remarks;
            if class != Class::Textual {
                c.normalization_only = false;
            }
            found.push(c);
        } else if printed(oe, Field::Contacts) != printed(ne, Field::Contacts) {
            found.push(source_text_only(
                code.clone(),
                id.clone(),
                Field::Contacts.name(),
                printed(oe, Field::Contacts).unwrap_or_default(),
                printed(ne, Field::Contacts).unwrap_or_default(),
            ));
        }

        // Values under `extra`, also of a column only one revision has: the column itself is
        // one layout fact (see `columns`), each of its values a change of its entry.
        let columns: BTreeSet<&str> = self.old_columns.union(&self.new_columns).copied().collect();
        for column in columns {
            let (o, n) = (oe.extra.get(column), ne.extra.get(column));
            if o != n {
                found.push(textual(
                    code.clone(),
                    id.clone(),
                    &format!("extra.{column}"),
                    o.cloned(),
                    n.cloned(),
                ));
            }
        }

        let subject = Some(entry_subject(at));
        for mut c in found {
            c.old_at = self.old_origin(&oe.at);
            c.new_at = self.new_origin(&ne.at);
            c.subject = subject;
            self.changes.push(c);
        }
    }
}

/// The place of the entry at (code index, entry index) of the new revision.
fn entry_subject((code, entry): (usize, usize)) -> Subject {
    Subject::Entry { code, entry }
}

/// Whether range `outer` contains every ID of `inner`.
pub(super) fn covers(outer: MessageId, inner: MessageId) -> bool {
    outer.first() <= inner.first() && inner.last() <= outer.last()
}

/// The class of a changed message ID, and why.
pub(super) fn id_class(old: Option<MessageId>, new: Option<MessageId>) -> (Class, Option<Remark>) {
    let (class, remark) = match (old, new) {
        // Lookup still finds every old ID: nothing is removed (issue 13: a single ID that
        // became a range containing it had its constant marked removed).
        (Some(o @ MessageId::Single(_)), Some(n @ MessageId::Range { .. })) if covers(n, o) => {
            (Class::Additive, Remark::SingleBecameRange)
        }
        (Some(o), Some(n)) if covers(n, o) => (Class::Additive, Remark::RangeWidened),
        (Some(o), Some(n)) if covers(o, n) => (Class::Breaking, Remark::RangeNarrowed),
        (Some(_), Some(_)) => (Class::Breaking, Remark::IdChanged),
        (Some(_), None) => (Class::Breaking, Remark::IdRemoved),
        (None, Some(_)) => (Class::Additive, Remark::IdAdded),
        (None, None) => return (Class::Textual, None),
    };
    (class, Some(remark))
}

/// The cell as the source printed it, before errata and parsing.
pub(super) fn printed(e: &Entry, field: Field) -> Option<String> {
    if let Some(a) = e.errata.iter().find(|a| a.field == field) {
        return Some(a.printed.clone());
    }
    match field {
        Field::ErrorType => e.error_type.clone(),
        Field::Cause => e.cause.clone(),
        Field::Action => e.action.clone(),
        Field::MessageId => e.message_id_text(),
        Field::Contacts => e.contacts_text(),
        _ => None,
    }
}

pub(super) fn textual(
    code: Option<String>,
    message_ids: Vec<MessageId>,
    field: &str,
    old: Option<String>,
    new: Option<String>,
) -> Change {
    let normalization_only = match (&old, &new) {
        (Some(o), Some(n)) => text::normalization_only(o, n),
        _ => false,
    };
    Change {
        kind: Kind::Changed,
        class: Class::Textual,
        code,
        message_ids,
        related_ids: Vec::new(),
        entry: None,
        order: None,
        field: field.to_string(),
        old,
        new,
        old_at: None,
        new_at: None,
        normalization_only,
        remarks: Vec::new(),
        subject: None,
    }
}

pub(super) fn source_text_only(
    code: Option<String>,
    message_ids: Vec<MessageId>,
    field: &str,
    old: String,
    new: String,
) -> Change {
    Change {
        kind: Kind::Changed,
        class: Class::SourceTextOnly,
        remarks: vec![Remark::PrintedFormOnly],
        normalization_only: false,
        ..textual(code, message_ids, field, Some(old), Some(new))
    }
}

/// A short name for an entry: its error type, else its cause or action, on one line.
pub(super) fn summary(e: &Entry) -> String {
    let text = e
        .error_type
        .as_deref()
        .or(e.cause.as_deref())
        .or(e.action.as_deref())
        .unwrap_or("(empty row)");
    one_line(text)
}

pub(super) fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
