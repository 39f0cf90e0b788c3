//! The diff's types: a [`ChangeSet`] of [`Change`]s, each of a [`Kind`] and a [`Class`],
//! with the [`Origin`] of each side and its [`Subject`] in the new revision.

use std::fmt;

use serde::Serialize;

use crate::model::{At, Entry, MessageId};

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

/// What a change means for the catalog's users (help desks, vendors, support tools); the
/// generated crate's version follows its public API instead ([`crate::release`]).
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
    /// The message IDs of the entry the change is about (several when one cell of several
    /// entries changed); see [`Change::message_id`] for the displayed form.
    pub message_ids: Vec<MessageId>,
    /// Other message IDs the change touches, so that a program filtering the notes by ID finds
    /// it: the old ID of a changed one, the rows of a reorder, the entries of a code that came
    /// or went, IDs of other codes that a range now covers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_ids: Vec<MessageId>,
    /// What changed: `entry`, `code`, a field name (`cause`, `contacts` …), `extra.<column>`,
    /// `order`, `footnote ※1`, `title`, `notes`.
    pub field: String,
    /// The old and new value (none for a reorder: see `order`).
    pub old: Option<String>,
    pub new: Option<String>,
    pub old_at: Option<Origin>,
    pub new_at: Option<Origin>,
    /// The texts differ only in width or white space (equal after NFKC without spaces).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub normalization_only: bool,
    /// Why the class was chosen, or what else to know (a range widened, a move from 004), as
    /// data: the notes word them in each language (`render::notes`), the JSON in English.
    #[serde(skip)]
    pub remarks: Vec<Remark>,
    /// The whole entry that came (`added`) or went (`removed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<Box<Entry>>,
    /// A reorder's rows before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    /// Where the change is in the new revision (a code, or an entry of a code), for a link
    /// to it; positions are data, a renderer makes them anchors. Not serialized.
    #[serde(skip)]
    pub subject: Option<Subject>,
}

impl Change {
    /// The message IDs as displayed: `0x04000011`, `0xF0000000~0xF7FFFFFF`,
    /// `0x03000001, 0x03000002`.
    pub fn message_id(&self) -> Option<String> {
        (!self.message_ids.is_empty()).then(|| {
            self.message_ids
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        })
    }

    /// The old and the new value as text; a reorder's rows joined by `, `.
    pub fn texts(&self) -> (Option<String>, Option<String>) {
        match &self.order {
            Some(o) => (Some(o.old.join(", ")), Some(o.new.join(", "))),
            None => (self.old.clone(), self.new.clone()),
        }
    }

    /// Every message ID the change touches: its own, then the related ones.
    pub fn touched_ids(&self) -> impl Iterator<Item = MessageId> + '_ {
        self.message_ids.iter().chain(&self.related_ids).copied()
    }
}

/// Something to know about a change beside its kind and class: why the class was chosen, or
/// what else it touched. Data only; the wording is the notes' (`render::notes::lang`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remark {
    /// A code that came or went, with this many entries.
    Entries(usize),
    /// Of a removed code's entries, this many moved to other codes.
    MovedOut(usize),
    /// The codes themselves come in another order.
    CodeOrder,
    /// A column (under `extra`) that came or went has this many values.
    Values(usize),
    /// A new entry whose message ID the old revision did not list anywhere.
    NewMessageId,
    /// A new entry for a message ID the old revision listed under another code or row.
    KnownMessageId,
    /// A new or removed row without a message ID.
    NoMessageId,
    /// A removed entry whose message ID is still listed under other codes.
    StillListedElsewhere,
    /// A removed entry (or a changed ID) whose message ID is no longer in the catalog.
    NoLongerListed,
    /// An entry now under `to`, before under `from`.
    MovedFrom {
        from: String,
        to: String,
    },
    /// A single message ID that became a range containing it.
    SingleBecameRange,
    RangeWidened,
    RangeNarrowed,
    IdChanged,
    IdRemoved,
    IdAdded,
    /// A range that now also covers these IDs, listed under these other codes.
    Covers {
        ids: Vec<MessageId>,
        codes: Vec<String>,
    },
    /// Contacts that no entry of the new revision names.
    ContactsGone(Vec<String>),
    /// Contacts that no entry of the old revision named.
    ContactsNew(Vec<String>),
    /// The printed form changed, the value did not.
    PrintedFormOnly,
    /// One edited cell shared by this many entries (a merged cell).
    OneCell(usize),
}

/// The rows of one code in their old and new order: each row's message ID, or a summary of a
/// row without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub old: Vec<String>,
    pub new: Vec<String>,
}

/// A place in a catalog: the index of a code, or of an entry inside a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Code(usize),
    Entry { code: usize, entry: usize },
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
    /// What the old revision has and the new one lacks entirely.
    pub gone: Gone,
    /// Every entry of the new revision that continues one of the old (matched inside its code,
    /// or moved), in the new revision's order: the lineage the history follows
    /// (`crate::history`). Not serialized: positions are data for the layers above.
    #[serde(skip)]
    pub continued: Vec<Continued>,
}

/// An entry of the new revision that continues an entry of the old one: (code index, entry
/// index) on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Continued {
    pub old: (usize, usize),
    pub new: (usize, usize),
}

/// Codes and message IDs that are no longer in the catalog: no code of the new revision has
/// the number, no message ID of it covers the ID (a single ID inside a new range is still
/// found). The generated crate keeps them as `#[deprecated]` tombstones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Gone {
    /// In the old revision's order.
    pub codes: Vec<String>,
    /// In value order, without repeats.
    pub message_ids: Vec<MessageId>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes of each class.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }
}
