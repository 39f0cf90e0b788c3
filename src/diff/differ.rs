//! The differ: walks both revisions code by code and emits [`Change`]s; the changes of one
//! matched entry are in [`super::entries`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::entries::{one_line, source_text_only, summary, textual};
use super::matching::match_entries;
use super::{Change, Class, Continued, Kind, Order, Origin, Remark, Subject};
use crate::model::{At, Catalog, Code, Entry, Field, MessageId};

/// The distinct message IDs of a code's entries, in order.
fn code_ids(code: &Code) -> Vec<MessageId> {
    let mut out: Vec<MessageId> = Vec::new();
    for id in code.entries.iter().filter_map(|e| e.message_id) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// An entry's position: (code index, entry index) in its catalog.
type Pos = (usize, usize);

pub(super) struct Differ<'a> {
    pub(super) old: &'a Catalog,
    pub(super) new: &'a Catalog,
    pub(super) changes: Vec<Change>,
    pub(super) old_contacts: BTreeSet<&'a str>,
    pub(super) new_contacts: BTreeSet<&'a str>,
    /// Columns under `extra` with at least one value.
    pub(super) old_columns: BTreeSet<&'a str>,
    pub(super) new_columns: BTreeSet<&'a str>,
    /// The entries of the new revision that continue one of the old.
    pub(super) continued: Vec<Continued>,
}

impl<'a> Differ<'a> {
    pub(super) fn new(old: &'a Catalog, new: &'a Catalog) -> Differ<'a> {
        let contacts = |c: &'a Catalog| -> BTreeSet<&'a str> {
            c.entries()
                .flat_map(|(_, e)| e.contacts.iter().map(|k| k.name.as_str()))
                .collect()
        };
        let columns = |c: &'a Catalog| -> BTreeSet<&'a str> {
            c.entries()
                .flat_map(|(_, e)| e.extra.keys().map(String::as_str))
                .collect()
        };
        Differ {
            old,
            new,
            changes: Vec::new(),
            old_contacts: contacts(old),
            new_contacts: contacts(new),
            old_columns: columns(old),
            new_columns: columns(new),
            continued: Vec::new(),
        }
    }

    pub(super) fn old_origin(&self, at: &At) -> Option<Origin> {
        Some(Origin {
            file: self.old.document.source.file.clone(),
            at: at.clone(),
        })
    }

    pub(super) fn new_origin(&self, at: &At) -> Option<Origin> {
        Some(Origin {
            file: self.new.document.source.file.clone(),
            at: at.clone(),
        })
    }

    pub(super) fn document(&mut self) {
        let (o, n) = (&self.old.document, &self.new.document);
        if o.title != n.title {
            self.changes.push(textual(
                None,
                Vec::new(),
                "title",
                Some(o.title.clone()),
                Some(n.title.clone()),
            ));
        }
    }

    pub(super) fn codes(&mut self) {
        let new_index: HashMap<&str, usize> = self
            .new
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let old_index: HashMap<&str, usize> = self
            .old
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();

        // Entries matched inside the same code: new position → old position.
        let mut partner: BTreeMap<Pos, Pos> = BTreeMap::new();
        for (ci, oc) in self.old.codes.iter().enumerate() {
            if let Some(&cj) = new_index.get(oc.code.as_str()) {
                for (ei, ej) in match_entries(&oc.entries, &self.new.codes[cj].entries) {
                    partner.insert((cj, ej), (ci, ei));
                }
            }
        }
        // Moves: left over on both sides, same message ID and text, different codes.
        let taken_old: HashSet<Pos> = partner.values().copied().collect();
        let mut left_old: Vec<Pos> = Vec::new();
        for (ci, oc) in self.old.codes.iter().enumerate() {
            for ei in 0..oc.entries.len() {
                if !taken_old.contains(&(ci, ei)) {
                    left_old.push((ci, ei));
                }
            }
        }
        let mut moved: BTreeMap<Pos, Pos> = BTreeMap::new();
        for (cj, nc) in self.new.codes.iter().enumerate() {
            for (ej, ne) in nc.entries.iter().enumerate() {
                if partner.contains_key(&(cj, ej)) || ne.message_id.is_none() {
                    continue;
                }
                let found = left_old.iter().position(|&(ci, ei)| {
                    let oe = &self.old.codes[ci].entries[ei];
                    self.old.codes[ci].code != nc.code
                        && oe.message_id == ne.message_id
                        && oe.error_type == ne.error_type
                        && oe.cause == ne.cause
                        && oe.action == ne.action
                });
                if let Some(k) = found {
                    moved.insert((cj, ej), left_old.remove(k));
                }
            }
        }
        let moved_from: HashMap<Pos, Pos> = moved.iter().map(|(&n, &o)| (o, n)).collect();
        self.continued = partner
            .iter()
            .chain(&moved)
            .map(|(&new, &old)| Continued { old, new })
            .collect();
        self.continued.sort_by_key(|c| c.new);

        // Emission, code by code in the new revision's order, then the removed codes.
        for (cj, nc) in self.new.codes.iter().enumerate() {
            let Some(&ci) = old_index.get(nc.code.as_str()) else {
                self.added_code(cj, nc);
                for (ej, ne) in nc.entries.iter().enumerate() {
                    if let Some(&(oi, oe)) = moved.get(&(cj, ej)) {
                        self.moved(oi, oe, nc, ne, (cj, ej));
                    }
                }
                continue;
            };
            let oc = &self.old.codes[ci];
            self.code_fields(oc, nc, cj);
            self.reorder(ci, cj, &partner);
            for (ej, ne) in nc.entries.iter().enumerate() {
                if let Some(&(_, ei)) = partner.get(&(cj, ej)) {
                    self.pair(&oc.entries[ei], nc, ne, (cj, ej));
                } else if let Some(&(oi, oe)) = moved.get(&(cj, ej)) {
                    self.moved(oi, oe, nc, ne, (cj, ej));
                } else {
                    self.added_entry(nc, ne, (cj, ej));
                }
            }
            for (ei, oe) in oc.entries.iter().enumerate() {
                if !taken_old.contains(&(ci, ei)) && !moved_from.contains_key(&(ci, ei)) {
                    self.removed_entry(oc, oe);
                }
            }
        }
        for (ci, oc) in self.old.codes.iter().enumerate() {
            if !new_index.contains_key(oc.code.as_str()) {
                let moved_out = (0..oc.entries.len())
                    .filter(|ei| moved_from.contains_key(&(ci, *ei)))
                    .count();
                self.removed_code(oc, moved_out);
            }
        }
        self.code_order(&old_index);
    }

    fn added_code(&mut self, cj: usize, nc: &Code) {
        self.changes.push(Change {
            kind: Kind::Added,
            class: Class::Additive,
            code: Some(nc.code.clone()),
            message_ids: Vec::new(),
            entry: None,
            order: None,
            field: "code".to_string(),
            old: None,
            new: Some(one_line(&nc.heading())),
            old_at: None,
            new_at: nc.entries.first().and_then(|e| self.new_origin(&e.at)),
            normalization_only: false,
            remarks: vec![Remark::Entries(nc.entries.len())],
            related_ids: code_ids(nc),
            subject: Some(Subject::Code(cj)),
        });
    }

    fn removed_code(&mut self, oc: &Code, moved_out: usize) {
        let mut remarks = vec![Remark::Entries(oc.entries.len())];
        if moved_out > 0 {
            remarks.push(Remark::MovedOut(moved_out));
        }
        self.changes.push(Change {
            kind: Kind::Removed,
            class: Class::Breaking,
            code: Some(oc.code.clone()),
            message_ids: Vec::new(),
            entry: None,
            order: None,
            field: "code".to_string(),
            related_ids: code_ids(oc),
            old: Some(one_line(&oc.heading())),
            new: None,
            old_at: oc.entries.first().and_then(|e| self.old_origin(&e.at)),
            new_at: None,
            normalization_only: false,
            remarks,
            subject: None,
        });
    }

    fn code_fields(&mut self, oc: &Code, nc: &Code, cj: usize) {
        let old_at = oc.entries.first().and_then(|e| self.old_origin(&e.at));
        let new_at = nc.entries.first().and_then(|e| self.new_origin(&e.at));
        let subject = Some(Subject::Code(cj));
        let code = Some(nc.code.clone());
        let heading = if (&oc.tags, &oc.title) != (&nc.tags, &nc.title) {
            Some(textual(
                code.clone(),
                Vec::new(),
                Field::Heading.name(),
                Some(oc.heading()),
                Some(nc.heading()),
            ))
        } else if oc.heading() != nc.heading() {
            Some(source_text_only(
                code.clone(),
                Vec::new(),
                Field::Heading.name(),
                oc.heading(),
                nc.heading(),
            ))
        } else {
            None
        };
        let message = (oc.message != nc.message).then(|| {
            textual(
                code.clone(),
                Vec::new(),
                Field::Message.name(),
                oc.message.clone(),
                nc.message.clone(),
            )
        });
        for mut c in heading.into_iter().chain(message) {
            c.old_at = old_at.clone();
            c.new_at = new_at.clone();
            c.subject = subject;
            self.changes.push(c);
        }
    }

    /// One change when the matched entries of a code come in another order.
    fn reorder(&mut self, ci: usize, cj: usize, partner: &BTreeMap<Pos, Pos>) {
        let mut pairs: Vec<(usize, usize)> = partner
            .iter()
            .filter(|(n, o)| n.0 == cj && o.0 == ci)
            .map(|(n, o)| (o.1, n.1))
            .collect();
        pairs.sort();
        if pairs.windows(2).all(|w| w[0].1 < w[1].1) {
            return;
        }
        let oc = &self.old.codes[ci];
        let nc = &self.new.codes[cj];
        let label = |e: &Entry| {
            e.message_id
                .map(|m| m.to_string())
                .unwrap_or_else(|| summary(e))
        };
        let old_order: Vec<String> = pairs.iter().map(|p| label(&oc.entries[p.0])).collect();
        let mut by_new = pairs.clone();
        by_new.sort_by_key(|p| p.1);
        let new_order: Vec<String> = by_new.iter().map(|p| label(&nc.entries[p.1])).collect();
        let mut related_ids: Vec<MessageId> = Vec::new();
        for p in &by_new {
            if let Some(id) = nc.entries[p.1].message_id {
                if !related_ids.contains(&id) {
                    related_ids.push(id);
                }
            }
        }
        self.changes.push(Change {
            kind: Kind::Reordered,
            class: Class::Textual,
            code: Some(nc.code.clone()),
            message_ids: Vec::new(),
            entry: None,
            field: "order".to_string(),
            old: None,
            new: None,
            related_ids,
            order: Some(Order {
                old: old_order,
                new: new_order,
            }),
            old_at: oc.entries.first().and_then(|e| self.old_origin(&e.at)),
            new_at: nc.entries.first().and_then(|e| self.new_origin(&e.at)),
            normalization_only: false,
            remarks: Vec::new(),
            subject: Some(Subject::Code(cj)),
        });
    }

    /// The codes themselves in another order (rare; reported once).
    fn code_order(&mut self, old_index: &HashMap<&str, usize>) {
        let kept: Vec<usize> = self
            .new
            .codes
            .iter()
            .filter_map(|c| old_index.get(c.code.as_str()).copied())
            .collect();
        if kept.windows(2).all(|w| w[0] < w[1]) {
            return;
        }
        let mut old_order = kept.clone();
        old_order.sort();
        let name = |i: &usize| self.old.codes[*i].code.clone();
        self.changes.push(Change {
            kind: Kind::Reordered,
            class: Class::Textual,
            code: None,
            message_ids: Vec::new(),
            related_ids: Vec::new(),
            entry: None,
            field: "order".to_string(),
            old: None,
            new: None,
            order: Some(Order {
                old: old_order.iter().map(name).collect(),
                new: kept.iter().map(name).collect(),
            }),
            old_at: None,
            new_at: None,
            normalization_only: false,
            remarks: vec![Remark::CodeOrder],
            subject: None,
        });
    }

    /// A column under `extra` that only one revision has: one layout fact. Its values are
    /// changes of their entries (see `pair`), as edits are once both revisions have it.
    pub(super) fn columns(&mut self) {
        let added: Vec<&str> = self
            .new_columns
            .difference(&self.old_columns)
            .copied()
            .collect();
        let removed: Vec<&str> = self
            .old_columns
            .difference(&self.new_columns)
            .copied()
            .collect();
        for (column, catalog, kind) in added
            .iter()
            .map(|c| (*c, self.new, Kind::Added))
            .chain(removed.iter().map(|c| (*c, self.old, Kind::Removed)))
        {
            let values = catalog
                .entries()
                .filter(|(_, e)| e.extra.contains_key(column))
                .count();
            let class = if kind == Kind::Added {
                Class::Additive
            } else {
                Class::Breaking
            };
            self.changes.push(Change {
                kind,
                class,
                code: None,
                message_ids: Vec::new(),
                related_ids: Vec::new(),
                entry: None,
                order: None,
                field: format!("extra.{column}"),
                old: None,
                new: None,
                old_at: None,
                new_at: None,
                normalization_only: false,
                remarks: vec![Remark::Values(values)],
                subject: None,
            });
        }
    }

    pub(super) fn footnotes(&mut self) {
        let key =
            |i: usize, mark: &Option<String>| mark.clone().unwrap_or_else(|| format!("#{}", i + 1));
        let old: BTreeMap<String, &String> = self
            .old
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, f)| (key(i, &f.mark), &f.text))
            .collect();
        let new: BTreeMap<String, &String> = self
            .new
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, f)| (key(i, &f.mark), &f.text))
            .collect();
        let marks: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for mark in marks {
            let (o, n) = (old.get(mark), new.get(mark));
            if o == n {
                continue;
            }
            let mut c = textual(
                None,
                Vec::new(),
                &format!("footnote {mark}"),
                o.map(|s| s.to_string()),
                n.map(|s| s.to_string()),
            );
            c.kind = match (o, n) {
                (None, _) => Kind::Added,
                (_, None) => Kind::Removed,
                _ => Kind::Changed,
            };
            self.changes.push(c);
        }
        if self.old.notes != self.new.notes {
            let join = |v: &Vec<String>| (!v.is_empty()).then(|| v.join("\n"));
            self.changes.push(textual(
                None,
                Vec::new(),
                "notes",
                join(&self.old.notes),
                join(&self.new.notes),
            ));
        }
    }
}
