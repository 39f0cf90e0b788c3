//! Diff: two revisions of the catalog → the [`ChangeSet`] between them (DESIGN §5), and the
//! change notes made from it ([`notes`]: Markdown, HTML, JSON).
//!
//! Codes match by their three digits. Entries inside a code match by message ID first, then by
//! the text similarity of error type, cause and action, so an edited row is one change, not a
//! removal plus an addition. An entry left over on both sides with the same message ID and
//! the same text under different codes is a move; matched rows in a different order are one
//! reorder per code.
//!
//! Layout is not content: provenance (`document.source`, `at`) is never compared, only
//! reported, so page breaks, sheets, header spellings and the source format produce nothing.
//! A printed form that changed while the value stayed (`source_text`, `errata`,
//! `heading_text`) is a change of class "source text only".
//!
//! It reads no files and writes none; it does not know `names.yaml` (a contact "removed" is one
//! that no entry of the new revision names any more).

pub mod command;
pub mod notes;
pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::model::{contacts_to_text, At, Catalog, Code, Entry, Field, MessageId};

/// What happened to a piece of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Added,
    Removed,
    Changed,
    Moved,
    Reordered,
}

/// Whom a change affects (for the generated crate's users).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Something SDK users looked up is gone: a code or message ID removed, a range narrowed,
    /// a contact no entry names any more.
    Breaking,
    /// New code, entry, message ID, contact or column; a wider range.
    Additive,
    /// Wording: heading, message, error type, cause, action, contact note, order.
    Textual,
    /// The printed form changed, the value did not (a corrected misprint): nothing to do.
    SourceTextOnly,
}

impl Class {
    pub const ALL: [Class; 4] = [
        Class::Breaking,
        Class::Additive,
        Class::Textual,
        Class::SourceTextOnly,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Textual => "textual",
            Class::SourceTextOnly => "source text only",
        }
    }

    pub fn bump(self) -> Bump {
        match self {
            Class::Breaking => Bump::Major,
            Class::Additive => Bump::Minor,
            Class::Textual | Class::SourceTextOnly => Bump::Patch,
        }
    }
}

/// The semantic-version bump the generated `oqs-messages` crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// A semantic version of the generated `oqs-messages` crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CrateVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl CrateVersion {
    /// The crate generated from the first revision under `input/`.
    pub const FIRST: CrateVersion = CrateVersion {
        major: 1,
        minor: 0,
        patch: 0,
    };

    /// The version after a new revision whose changes ask for `bump`. A new revision always
    /// changes the crate (its `VERSION` names the revision), so it is at least a patch.
    pub fn after(self, bump: Bump) -> CrateVersion {
        let CrateVersion {
            major,
            minor,
            patch,
        } = self;
        match bump {
            Bump::Major => CrateVersion {
                major: major.saturating_add(1),
                minor: 0,
                patch: 0,
            },
            Bump::Minor => CrateVersion {
                major,
                minor: minor.saturating_add(1),
                patch: 0,
            },
            Bump::Patch | Bump::None => CrateVersion {
                major,
                minor,
                patch: patch.saturating_add(1),
            },
        }
    }
}

impl fmt::Display for CrateVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Serialize for CrateVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The crate version for each of `catalogs` (every revision, oldest first): [`CrateVersion::FIRST`]
/// for the first, then each bumped by what changed since the one before.
pub fn crate_versions(catalogs: &[Catalog]) -> Vec<CrateVersion> {
    let mut out: Vec<CrateVersion> = Vec::with_capacity(catalogs.len());
    for (i, _) in catalogs.iter().enumerate() {
        let v = match i.checked_sub(1) {
            None => CrateVersion::FIRST,
            Some(p) => out[p].after(diff(&catalogs[p], &catalogs[i]).bump()),
        };
        out.push(v);
    }
    out
}

/// Where one side of a change came from: the source file and the page or sheet row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: String,
    #[serde(flatten)]
    pub at: At,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.at)
    }
}

/// One change between two revisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub class: Class,
    /// The display code (for a move: the code the entry is in now).
    pub code: Option<String>,
    /// The entry's message ID as displayed (`0x04000011`, `0xF0000000~0xF7FFFFFF`).
    pub message_id: Option<String>,
    /// What changed: `entry`, `code`, a field name (`cause`, `contacts` …), `extra.<column>`,
    /// `order`, `footnote ※1`, `title`, `notes`.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub old_at: Option<Origin>,
    pub new_at: Option<Origin>,
    /// The texts differ only in width or white space (equal after NFKC without spaces).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub normalization_only: bool,
    /// Why the class was chosen, or what else to know (`range widened`, `moved from 004`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The fragment of the entry in the generated HTML page of the new revision
    /// (`0x04000011`, or `004-0x04000001` for an ID listed under several codes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// One revision as the notes name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub version: String,
    pub file: String,
    pub sha256: String,
}

/// Everything that changed from `old` to `new`, in document order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSet {
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
    /// The generated crate's version for `old` and `new`, when the revisions are consecutive
    /// ones of the project (`build`), not two arbitrary files (`diff OLD NEW`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crate_versions: Option<[CrateVersion; 2]>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The largest bump any change asks for.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|c| c.class.bump())
            .max()
            .unwrap_or(Bump::None)
    }

    /// How many changes of each class.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }
}

/// Two entries whose error type, cause and action are less alike than this are not one
/// edited row.
const SIMILAR_ENOUGH: f32 = 0.6;

/// Compares two revisions.
pub fn diff(old: &Catalog, new: &Catalog) -> ChangeSet {
    let mut d = Differ::new(old, new);
    d.document();
    d.codes();
    d.columns();
    d.footnotes();
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
        crate_versions: None,
    }
}

/// One change per edited cell: a merged cell fills several entries of a code (the range of
/// 901 in 1.20 is one cell over three rows), and editing it changes the same field of each
/// of them the same way. Such changes, in one code with the same field, old and new value,
/// become one, naming every message ID and the number of entries.
fn coalesce(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut ids: Vec<Vec<String>> = Vec::new();
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
            if let Some(id) = &c.message_id {
                if !ids[k].contains(id) {
                    ids[k].push(id.clone());
                }
            }
            continue;
        }
        counts.push(1);
        ids.push(c.message_id.iter().cloned().collect());
        out.push(c);
    }
    for ((c, n), ids) in out.iter_mut().zip(counts).zip(ids) {
        if n > 1 {
            if ids.len() > 1 {
                c.message_id = Some(ids.join(", "));
            }
            let cell = format!("one cell of {n} entries");
            c.note = Some(match c.note.take() {
                Some(note) => format!("{note}; {cell}"),
                None => cell,
            });
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

/// An entry's position: (code index, entry index) in its catalog.
type Pos = (usize, usize);

struct Differ<'a> {
    old: &'a Catalog,
    new: &'a Catalog,
    changes: Vec<Change>,
    old_contacts: BTreeSet<&'a str>,
    new_contacts: BTreeSet<&'a str>,
    /// Columns under `extra` with at least one value.
    old_columns: BTreeSet<&'a str>,
    new_columns: BTreeSet<&'a str>,
    /// How many codes list each message ID in the new revision (for anchors).
    new_id_codes: HashMap<MessageId, usize>,
}

impl<'a> Differ<'a> {
    fn new(old: &'a Catalog, new: &'a Catalog) -> Differ<'a> {
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
        let mut new_id_codes = HashMap::new();
        for code in &new.codes {
            let ids: HashSet<MessageId> =
                code.entries.iter().filter_map(|e| e.message_id).collect();
            for id in ids {
                *new_id_codes.entry(id).or_insert(0) += 1;
            }
        }
        Differ {
            old,
            new,
            changes: Vec::new(),
            old_contacts: contacts(old),
            new_contacts: contacts(new),
            old_columns: columns(old),
            new_columns: columns(new),
            new_id_codes,
        }
    }

    fn old_origin(&self, at: &At) -> Option<Origin> {
        Some(Origin {
            file: self.old.document.source.file.clone(),
            at: at.clone(),
        })
    }

    fn new_origin(&self, at: &At) -> Option<Origin> {
        Some(Origin {
            file: self.new.document.source.file.clone(),
            at: at.clone(),
        })
    }

    fn anchor(&self, code: &Code, entry: &Entry) -> Option<String> {
        let id = entry.message_id?;
        let hex = crate::model::message_id::hex(id.first());
        if self.new_id_codes.get(&id).copied().unwrap_or(0) > 1 {
            Some(format!("{}-{hex}", code.code))
        } else {
            Some(hex)
        }
    }

    /// The anchor of a code: its first entry with a message ID.
    fn code_anchor(&self, code: &Code) -> Option<String> {
        code.entries.iter().find_map(|e| self.anchor(code, e))
    }

    fn document(&mut self) {
        let (o, n) = (&self.old.document, &self.new.document);
        if o.title != n.title {
            self.changes.push(textual(
                None,
                None,
                "title",
                Some(o.title.clone()),
                Some(n.title.clone()),
            ));
        }
    }

    fn codes(&mut self) {
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

        // Emission, code by code in the new revision's order, then the removed codes.
        for (cj, nc) in self.new.codes.iter().enumerate() {
            let Some(&ci) = old_index.get(nc.code.as_str()) else {
                self.added_code(nc);
                for (ej, ne) in nc.entries.iter().enumerate() {
                    if let Some(&(oi, oe)) = moved.get(&(cj, ej)) {
                        self.moved(oi, oe, nc, ne);
                    }
                }
                continue;
            };
            let oc = &self.old.codes[ci];
            self.code_fields(oc, nc);
            self.reorder(ci, cj, &partner);
            for (ej, ne) in nc.entries.iter().enumerate() {
                if let Some(&(_, ei)) = partner.get(&(cj, ej)) {
                    self.pair(oc, &oc.entries[ei], nc, ne);
                } else if let Some(&(oi, oe)) = moved.get(&(cj, ej)) {
                    self.moved(oi, oe, nc, ne);
                } else {
                    self.added_entry(nc, ne);
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

    fn added_code(&mut self, nc: &Code) {
        self.changes.push(Change {
            kind: Kind::Added,
            class: Class::Additive,
            code: Some(nc.code.clone()),
            message_id: None,
            field: "code".to_string(),
            old: None,
            new: Some(one_line(&nc.heading())),
            old_at: None,
            new_at: nc.entries.first().and_then(|e| self.new_origin(&e.at)),
            normalization_only: false,
            note: Some(entries_note(nc.entries.len())),
            anchor: self.code_anchor(nc),
        });
    }

    fn removed_code(&mut self, oc: &Code, moved_out: usize) {
        let mut note = entries_note(oc.entries.len());
        if moved_out > 0 {
            note.push_str(&format!(", {moved_out} moved to other codes"));
        }
        self.changes.push(Change {
            kind: Kind::Removed,
            class: Class::Breaking,
            code: Some(oc.code.clone()),
            message_id: None,
            field: "code".to_string(),
            old: Some(one_line(&oc.heading())),
            new: None,
            old_at: oc.entries.first().and_then(|e| self.old_origin(&e.at)),
            new_at: None,
            normalization_only: false,
            note: Some(note),
            anchor: None,
        });
    }

    fn code_fields(&mut self, oc: &Code, nc: &Code) {
        let old_at = oc.entries.first().and_then(|e| self.old_origin(&e.at));
        let new_at = nc.entries.first().and_then(|e| self.new_origin(&e.at));
        let anchor = self.code_anchor(nc);
        let code = Some(nc.code.clone());
        let heading = if (&oc.tags, &oc.title) != (&nc.tags, &nc.title) {
            Some(textual(
                code.clone(),
                None,
                Field::Heading.name(),
                Some(oc.heading()),
                Some(nc.heading()),
            ))
        } else if oc.heading() != nc.heading() {
            Some(source_text_only(
                code.clone(),
                None,
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
                None,
                Field::Message.name(),
                oc.message.clone(),
                nc.message.clone(),
            )
        });
        for mut c in heading.into_iter().chain(message) {
            c.old_at = old_at.clone();
            c.new_at = new_at.clone();
            c.anchor = anchor.clone();
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
        self.changes.push(Change {
            kind: Kind::Reordered,
            class: Class::Textual,
            code: Some(nc.code.clone()),
            message_id: None,
            field: "order".to_string(),
            old: Some(old_order.join(", ")),
            new: Some(new_order.join(", ")),
            old_at: oc.entries.first().and_then(|e| self.old_origin(&e.at)),
            new_at: nc.entries.first().and_then(|e| self.new_origin(&e.at)),
            normalization_only: false,
            note: None,
            anchor: self.code_anchor(nc),
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
            message_id: None,
            field: "order".to_string(),
            old: Some(old_order.iter().map(name).collect::<Vec<_>>().join(", ")),
            new: Some(kept.iter().map(name).collect::<Vec<_>>().join(", ")),
            old_at: None,
            new_at: None,
            normalization_only: false,
            note: Some("order of the codes".to_string()),
            anchor: None,
        });
    }

    fn added_entry(&mut self, nc: &Code, ne: &Entry) {
        let known = ne
            .message_id
            .is_some_and(|id| self.old.entries().any(|(_, e)| e.message_id == Some(id)));
        let note = match ne.message_id {
            Some(_) if known => "new entry for a message ID already listed elsewhere",
            Some(_) => "new message ID",
            None => "new entry without a message ID",
        };
        self.changes.push(Change {
            kind: Kind::Added,
            class: Class::Additive,
            code: Some(nc.code.clone()),
            message_id: ne.message_id.map(|m| m.to_string()),
            field: "entry".to_string(),
            old: None,
            new: Some(summary(ne)),
            old_at: None,
            new_at: self.new_origin(&ne.at),
            normalization_only: false,
            note: Some(note.to_string()),
            anchor: self.anchor(nc, ne),
        });
    }

    fn removed_entry(&mut self, oc: &Code, oe: &Entry) {
        let still_listed = oe.message_id.is_some_and(|id| {
            self.new
                .entries()
                .any(|(_, e)| e.message_id.is_some_and(|m| covers(m, id)))
        });
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
            message_id: oe.message_id.map(|m| m.to_string()),
            field: "entry".to_string(),
            old: Some(summary(oe)),
            new: None,
            old_at: self.old_origin(&oe.at),
            new_at: None,
            normalization_only: false,
            note: Some(note.to_string()),
            anchor: None,
        });
    }

    fn moved(&mut self, ci: usize, ei: usize, nc: &Code, ne: &Entry) {
        let oc = &self.old.codes[ci];
        let oe = &oc.entries[ei];
        // The message ID stays in the catalog (nothing looked up disappears) but answers with
        // another code: new behavior, so minor.
        self.changes.push(Change {
            kind: Kind::Moved,
            class: Class::Additive,
            code: Some(nc.code.clone()),
            message_id: ne.message_id.map(|m| m.to_string()),
            field: "code".to_string(),
            old: Some(oc.code.clone()),
            new: Some(nc.code.clone()),
            old_at: self.old_origin(&oe.at),
            new_at: self.new_origin(&ne.at),
            normalization_only: false,
            note: Some(format!("moved from {} to {}", oc.code, nc.code)),
            anchor: self.anchor(nc, ne),
        });
        self.pair(oc, oe, nc, ne);
    }

    /// The field changes of two matched entries.
    fn pair(&mut self, _oc: &Code, oe: &Entry, nc: &Code, ne: &Entry) {
        let code = Some(nc.code.clone());
        let id = ne.message_id.or(oe.message_id).map(|m| m.to_string());
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
            found.push(Change {
                class,
                note: Some(note.to_string()),
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

        // Values of columns both revisions have; a column that comes or goes is one change
        // of its own (see `columns`).
        let shared: Vec<&str> = self
            .old_columns
            .intersection(&self.new_columns)
            .copied()
            .collect();
        for column in shared {
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

        let anchor = self.anchor(nc, ne);
        for mut c in found {
            c.old_at = self.old_origin(&oe.at);
            c.new_at = self.new_origin(&ne.at);
            c.anchor = anchor.clone();
            self.changes.push(c);
        }
    }

    /// A column under `extra` that only one revision has, with its values: one change.
    fn columns(&mut self) {
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
            let values: Vec<String> = catalog
                .entries()
                .filter_map(|(code, e)| {
                    let v = e.extra.get(column)?;
                    let id = e.message_id.map(|m| format!(" {m}")).unwrap_or_default();
                    Some(format!("{}{id}: {v}", code.code))
                })
                .collect();
            let first = catalog
                .entries()
                .find(|(_, e)| e.extra.contains_key(column))
                .map(|(_, e)| e.at.clone());
            let note = format!(
                "column 「{column}」 with {} value{}",
                values.len(),
                if values.len() == 1 { "" } else { "s" }
            );
            let (class, old, new, old_at, new_at) = if kind == Kind::Added {
                let at = first.and_then(|a| self.new_origin(&a));
                (Class::Additive, None, Some(values.join("\n")), None, at)
            } else {
                let at = first.and_then(|a| self.old_origin(&a));
                (Class::Breaking, Some(values.join("\n")), None, at, None)
            };
            self.changes.push(Change {
                kind,
                class,
                code: None,
                message_id: None,
                field: format!("extra.{column}"),
                old,
                new,
                old_at,
                new_at,
                normalization_only: false,
                note: Some(note),
                anchor: None,
            });
        }
    }

    fn footnotes(&mut self) {
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
                None,
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
                None,
                "notes",
                join(&self.old.notes),
                join(&self.new.notes),
            ));
        }
    }
}

/// Pairs the entries of one code: same message ID first (the most similar when an ID repeats),
/// then the most similar text among the rest. Returns (old index, new index) pairs.
pub fn match_entries(old: &[Entry], new: &[Entry]) -> Vec<(usize, usize)> {
    let keys_old: Vec<String> = old.iter().map(match_text).collect();
    let keys_new: Vec<String> = new.iter().map(match_text).collect();
    let mut used_old = vec![false; old.len()];
    let mut used_new = vec![false; new.len()];
    let mut pairs = Vec::new();
    for by_id in [true, false] {
        let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
        for (i, o) in old.iter().enumerate() {
            if used_old[i] {
                continue;
            }
            for (j, n) in new.iter().enumerate() {
                if used_new[j] {
                    continue;
                }
                let same_id = o.message_id.is_some() && o.message_id == n.message_id;
                if by_id && !same_id {
                    continue;
                }
                let score = text::similarity(&keys_old[i], &keys_new[j]);
                if by_id || score >= SIMILAR_ENOUGH {
                    candidates.push((score, i, j));
                }
            }
        }
        // Best score first; ties in document order, so equal rows pair up in order.
        candidates.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then((a.1, a.2).cmp(&(b.1, b.2)))
        });
        for (_, i, j) in candidates {
            if !used_old[i] && !used_new[j] {
                used_old[i] = true;
                used_new[j] = true;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort();
    pairs
}

fn match_text(e: &Entry) -> String {
    [&e.error_type, &e.cause, &e.action]
        .iter()
        .map(|s| s.as_deref().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether range `outer` contains every ID of `inner`.
fn covers(outer: MessageId, inner: MessageId) -> bool {
    outer.first() <= inner.first() && inner.last() <= outer.last()
}

/// The class of a changed message ID, and why.
fn id_class(old: Option<MessageId>, new: Option<MessageId>) -> (Class, &'static str) {
    match (old, new) {
        (Some(o), Some(n)) if covers(n, o) => (Class::Additive, "range widened"),
        (Some(o), Some(n)) if covers(o, n) => (Class::Breaking, "range narrowed"),
        (Some(_), Some(_)) => (Class::Breaking, "message ID changed"),
        (Some(_), None) => (Class::Breaking, "message ID removed"),
        (None, Some(_)) => (Class::Additive, "message ID added"),
        (None, None) => (Class::Textual, ""),
    }
}

/// The cell as the source printed it, before errata and parsing.
fn printed(e: &Entry, field: Field) -> Option<String> {
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

fn textual(
    code: Option<String>,
    message_id: Option<String>,
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
        message_id,
        field: field.to_string(),
        old,
        new,
        old_at: None,
        new_at: None,
        normalization_only,
        note: None,
        anchor: None,
    }
}

fn source_text_only(
    code: Option<String>,
    message_id: Option<String>,
    field: &str,
    old: String,
    new: String,
) -> Change {
    Change {
        kind: Kind::Changed,
        class: Class::SourceTextOnly,
        note: Some("the printed form changed, the value did not".to_string()),
        normalization_only: false,
        ..textual(code, message_id, field, Some(old), Some(new))
    }
}

/// A short name for an entry: its error type, else its cause or action, on one line.
fn summary(e: &Entry) -> String {
    let text = e
        .error_type
        .as_deref()
        .or(e.cause.as_deref())
        .or(e.action.as_deref())
        .unwrap_or("(empty row)");
    one_line(text)
}

fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn entries_note(n: usize) -> String {
    format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
}
