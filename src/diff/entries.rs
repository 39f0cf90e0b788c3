//! The changes of one entry: added, removed, moved, or matched with its old self (field by
//! field), and the helpers that build a [`Change`].

use std::collections::BTreeSet;

use super::differ::Differ;
use super::text;
use super::{Change, Class, Kind, Subject};
use crate::model::{contacts_to_text, Code, Entry, Field, MessageId};

impl Differ<'_> {
    pub(super) fn added_entry(&mut self, nc: &Code, ne: &Entry, at: (usize, usize)) {
        let known = ne
            .message_id
            .is_some_and(|id| self.old.entries().any(|(_, e)| e.message_id == Some(id)));
        let note = match ne.message_id {
            Some(_) if known => "new entry for a message ID already listed elsewhere",
            Some(_) => "new message ID",
            None => "new entry without a message ID",
        };
        let (related_ids, remark) = match ne.message_id {
            Some(id) => self.swallowed(&nc.code, None, id),
            None => (Vec::new(), String::new()),
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
            note: Some(format!("{note}{remark}")),
            subject: Some(entry_subject(at)),
        });
    }

    /// The message IDs listed under codes other than `code` in the new revision that range
    /// `new` covers and `old` did not: a range that starts to swallow another code's IDs
    /// (`lookup` of such an ID now also answers with this entry). With the remark for the
    /// change's note (empty when none).
    fn swallowed(
        &self,
        code: &str,
        old: Option<MessageId>,
        new: MessageId,
    ) -> (Vec<MessageId>, String) {
        if !matches!(new, MessageId::Range { .. }) {
            return (Vec::new(), String::new());
        }
        let mut ids: Vec<MessageId> = Vec::new();
        let mut codes: Vec<&str> = Vec::new();
        for (c, e) in self.new.entries() {
            let Some(id) = e.message_id else { continue };
            if c.code == code || !covers(new, id) || old.is_some_and(|o| covers(o, id)) {
                continue;
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
            if !codes.contains(&c.code.as_str()) {
                codes.push(&c.code);
            }
        }
        if ids.is_empty() {
            return (ids, String::new());
        }
        let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let remark = format!(
            "; the range now also covers {} listed under {}",
            list.join(", "),
            codes.join(", ")
        );
        (ids, remark)
    }

    pub(super) fn removed_entry(&mut self, oc: &Code, oe: &Entry) {
        let still_listed = oe
            .message_id
            .is_some_and(|id| super::still_listed(self.new, id));
        let (class, note) = match oe.message_id {
            Some(_) if still_listed => (
                Class::Breaking,
                "the message ID is no longer listed under this code (still under others)",
            ),
            Some(_) => (
                Class::Breaking,
                "the message ID is no longer in the catalog",
            ),
            None => (Class::Textual, "a row without a message ID"),
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
            note: Some(note.to_string()),
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
            note: Some(format!("moved from {} to {}", oc.code, nc.code)),
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
            let (class, note) = id_class(oe.message_id, ne.message_id);
            let mut related: Vec<MessageId> = oe.message_id.into_iter().collect();
            let mut note = note.to_string();
            if let Some(n) = ne.message_id {
                let (ids, remark) = self.swallowed(&nc.code, oe.message_id, n);
                related.extend(ids);
                note.push_str(&remark);
            }
            found.push(Change {
                class,
                note: Some(note),
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
            let (class, note) = if !gone.is_empty() {
                (
                    Class::Breaking,
                    Some(format!(
                        "contact no longer in the catalog: {}",
                        gone.join(", ")
                    )),
                )
            } else if !fresh.is_empty() {
                (
                    Class::Additive,
                    Some(format!("new contact: {}", fresh.join(", "))),
                )
            } else {
                (Class::Textual, None)
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
            c.note = note;
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
pub(super) fn id_class(old: Option<MessageId>, new: Option<MessageId>) -> (Class, &'static str) {
    match (old, new) {
        // Lookup still finds every old ID: nothing is removed (issue 13: a single ID that
        // became a range containing it had its constant marked removed).
        (Some(o @ MessageId::Single(_)), Some(n @ MessageId::Range { .. })) if covers(n, o) => (
            Class::Additive,
            "the single ID became a range containing it",
        ),
        (Some(o), Some(n)) if covers(n, o) => (Class::Additive, "range widened"),
        (Some(o), Some(n)) if covers(o, n) => (Class::Breaking, "range narrowed"),
        (Some(_), Some(_)) => (Class::Breaking, "message ID changed"),
        (Some(_), None) => (Class::Breaking, "message ID removed"),
        (None, Some(_)) => (Class::Additive, "message ID added"),
        (None, None) => (Class::Textual, ""),
    }
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
        note: None,
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
        note: Some("the printed form changed, the value did not".to_string()),
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

pub(super) fn entries_note(n: usize) -> String {
    format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
}
