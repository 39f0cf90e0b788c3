//! History: every revision of the project (oldest first) and the change sets between
//! consecutive ones ([`crate::diff::consecutive`], or a [`crate::release::Series`]'s) → the
//! life of each entry (the revision its lineage starts in, the revisions that
//! changed it), the [`Tombstone`]s of message IDs that the newest revision no longer lists,
//! and the [`Story`] of one message ID or display code: the entries that held it in each
//! revision and the events between revisions (added, changed, moved, reordered, removed,
//! re-added, printed form corrected).
//!
//! It diffs nothing: it follows the lineage each change set records
//! ([`crate::diff::ChangeSet::continued`]) and picks from the changes already found, so each
//! pair of revisions is still diffed once. `build` computes it once and hands
//! it to every renderer; the `history` and `lookup` commands compute it over the generated
//! models. It reads and writes no files and formats nothing for people.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diff::{still_listed, Change, ChangeSet, Class, Kind};
use crate::model::{Catalog, Code, Entry, MessageId};

/// The life of one entry of one revision, as indices into the revisions (oldest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Life {
    /// The first revision of its lineage: where it was added (or re-added).
    pub since: usize,
    /// The revisions that changed it (a field, its printed form, its code), oldest first.
    pub changed_in: Vec<usize>,
}

/// A message ID that the newest revision no longer lists, with one entry that held it in the
/// last revision that did (an ID under several codes there has one tombstone per entry).
#[derive(Debug, Clone, Copy)]
pub struct Tombstone<'a> {
    pub id: MessageId,
    pub code: &'a Code,
    /// The entry as it stood in `last_seen`, and its index in `code.entries`.
    pub entry: &'a Entry,
    pub index: usize,
    /// The last revision that listed the ID, and the one after it.
    pub last_seen: &'a str,
    pub removed_in: &'a str,
}

/// A display code that the newest revision no longer has, as the last revision with it had it.
#[derive(Debug, Clone, Copy)]
pub struct RemovedCode<'a> {
    pub code: &'a Code,
    pub last_seen: &'a str,
    pub removed_in: &'a str,
}

/// What happened to a message ID or code between two revisions, from its point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Added,
    /// Added again after one or more revisions without it.
    ReAdded,
    Changed,
    Moved,
    Reordered,
    Removed,
    /// The printed form was corrected, the value stayed (a misprint the errata fixed).
    Corrected,
}

impl EventKind {
    /// The word people read.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Added => "added",
            EventKind::ReAdded => "re-added",
            EventKind::Changed => "changed",
            EventKind::Moved => "moved",
            EventKind::Reordered => "reordered",
            EventKind::Removed => "removed",
            EventKind::Corrected => "corrected",
        }
    }
}

/// One change of a step, with its kind as the story tells it.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub kind: EventKind,
    pub change: &'a Change,
}

/// The events from one revision to the next.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub events: Vec<Event<'a>>,
}

/// An entry that held the subject in one revision.
#[derive(Debug, Clone, Copy)]
pub struct Held<'a> {
    pub code: &'a Code,
    /// Index in `code.entries`.
    pub index: usize,
    pub entry: &'a Entry,
    pub life: &'a Life,
}

/// One revision of a story: its version and the entries holding the subject (for a code,
/// the code and all its entries; none when the revision lacks it).
#[derive(Debug, Clone)]
pub struct Stage<'a> {
    pub version: &'a str,
    pub code: Option<&'a Code>,
    pub held: Vec<Held<'a>>,
}

/// What a story is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About<'q> {
    /// A message-ID value; an entry holds it when its ID is the value or a range containing it.
    Id(u32),
    /// A display code as printed (`905`).
    Code(&'q str),
}

/// Every revision with what held the subject, and the events between them.
#[derive(Debug, Clone)]
pub struct Story<'a> {
    pub stages: Vec<Stage<'a>>,
    /// `steps[i]` goes from `stages[i]` to `stages[i + 1]`.
    pub steps: Vec<Step<'a>>,
}

impl Story<'_> {
    /// Indices of the revisions that held the subject.
    pub fn seen(&self) -> impl Iterator<Item = usize> + '_ {
        self.stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.code.is_some() || !s.held.is_empty())
            .map(|(i, _)| i)
    }

    /// Whether the newest revision holds the subject.
    pub fn is_current(&self) -> bool {
        self.seen()
            .last()
            .is_some_and(|i| i + 1 == self.stages.len())
    }

    /// The last revision that held the subject when the newest does not: (last seen, the
    /// revision after it, which removed it).
    pub fn removed(&self) -> Option<(&Stage<'_>, &str)> {
        let last = self.seen().last()?;
        let next = self.stages.get(last + 1)?;
        Some((&self.stages[last], next.version))
    }
}

/// The history of a series of revisions.
#[derive(Debug, Clone)]
pub struct History<'a> {
    catalogs: &'a [Catalog],
    /// `changes[i]` goes from revision `i` to revision `i + 1`.
    changes: &'a [ChangeSet],
    /// `lives[r][c][e]`: the life of entry `e` of code `c` of revision `r`.
    lives: Vec<Vec<Vec<Life>>>,
    tombstones: Vec<Tombstone<'a>>,
    removed_codes: Vec<RemovedCode<'a>>,
}

impl<'a> History<'a> {
    /// Follows every entry through `catalogs` (oldest first) along the lineage `changes` (one
    /// change set per consecutive pair) recorded for them.
    pub fn new(catalogs: &'a [Catalog], changes: &'a [ChangeSet]) -> History<'a> {
        let mut lives: Vec<Vec<Vec<Life>>> = Vec::with_capacity(catalogs.len());
        for (r, catalog) in catalogs.iter().enumerate() {
            let fresh = Life {
                since: r,
                changed_in: Vec::new(),
            };
            let mut now: Vec<Vec<Life>> = catalog
                .codes
                .iter()
                .map(|c| vec![fresh.clone(); c.entries.len()])
                .collect();
            let before = r
                .checked_sub(1)
                .and_then(|p| Some((p, changes.get(p)?, lives.get(p)?)));
            if let Some((p, cs, before)) = before {
                for k in &cs.continued {
                    let old = before.get(k.old.0).and_then(|c| c.get(k.old.1));
                    let slot = now.get_mut(k.new.0).and_then(|c| c.get_mut(k.new.1));
                    let (Some(old), Some(slot)) = (old, slot) else {
                        continue;
                    };
                    *slot = old.clone();
                    let was = entry_at(&catalogs[p], k.old);
                    let is = entry_at(catalog, k.new);
                    if let (Some(was), Some(is)) = (was, is) {
                        if was.0.code != is.0.code || !same_content(was.1, is.1) {
                            slot.changed_in.push(r);
                        }
                    }
                }
            }
            lives.push(now);
        }
        let mut history = History {
            catalogs,
            changes,
            lives,
            tombstones: Vec::new(),
            removed_codes: Vec::new(),
        };
        history.tombstones = history.find_tombstones();
        history.removed_codes = history.find_removed_codes();
        history
    }

    /// The revisions, oldest first.
    pub fn catalogs(&self) -> &'a [Catalog] {
        self.catalogs
    }

    /// The version of revision `r`.
    pub fn version(&self, r: usize) -> &'a str {
        self.catalogs
            .get(r)
            .map_or("", |c| c.document.version.as_str())
    }

    /// Whether there is more than one revision (else every history is empty).
    pub fn has_past(&self) -> bool {
        self.catalogs.len() > 1
    }

    /// The life of entry `entry` of code `code` (indices) of revision `r`.
    pub fn life(&self, r: usize, code: usize, entry: usize) -> Option<&Life> {
        self.lives.get(r)?.get(code)?.get(entry)
    }

    /// The life of an entry of the newest revision.
    pub fn newest_life(&self, code: usize, entry: usize) -> Option<&Life> {
        self.life(self.catalogs.len().checked_sub(1)?, code, entry)
    }

    /// The message IDs the newest revision no longer lists, by value, then in the document
    /// order of the revision that last listed them.
    pub fn tombstones(&self) -> &[Tombstone<'a>] {
        &self.tombstones
    }

    /// The tombstones whose message ID is `value` or a range containing it.
    pub fn removed(&self, value: u32) -> impl Iterator<Item = &Tombstone<'a>> {
        self.tombstones.iter().filter(move |t| t.id.contains(value))
    }

    /// The display codes the newest revision no longer has, by number.
    pub fn removed_codes(&self) -> &[RemovedCode<'a>] {
        &self.removed_codes
    }

    fn find_removed_codes(&self) -> Vec<RemovedCode<'a>> {
        let Some((newest, older)) = self.catalogs.split_last() else {
            return Vec::new();
        };
        let mut last: BTreeMap<(usize, &str), (&'a Code, usize)> = BTreeMap::new();
        for (r, c) in older.iter().enumerate() {
            for code in &c.codes {
                if !newest.codes.iter().any(|n| n.code == code.code) {
                    last.insert((code.code.len(), code.code.as_str()), (code, r));
                }
            }
        }
        last.into_values()
            .map(|(code, r)| RemovedCode {
                code,
                last_seen: self.version(r),
                removed_in: self.version(r + 1),
            })
            .collect()
    }

    fn find_tombstones(&self) -> Vec<Tombstone<'a>> {
        let Some((newest, older)) = self.catalogs.split_last() else {
            return Vec::new();
        };
        // Each message ID the newest lacks, with the last revision that listed it.
        let mut last: BTreeMap<(u32, u32, MessageId), usize> = BTreeMap::new();
        for (r, c) in older.iter().enumerate() {
            for (_, e) in c.entries() {
                if let Some(id) = e.message_id {
                    if !still_listed(newest, id) {
                        last.insert((id.first(), id.last(), id), r);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for ((_, _, id), r) in last {
            let catalog = &self.catalogs[r];
            for code in &catalog.codes {
                for (index, entry) in code.entries.iter().enumerate() {
                    if entry.message_id == Some(id) {
                        out.push(Tombstone {
                            id,
                            code,
                            entry,
                            index,
                            last_seen: self.version(r),
                            removed_in: self.version(r + 1),
                        });
                    }
                }
            }
        }
        out
    }

    /// The story of a message-ID value or a code over every revision.
    pub fn story(&self, subject: About<'_>) -> Story<'_> {
        let mut stages: Vec<Stage<'_>> = Vec::with_capacity(self.catalogs.len());
        for (r, catalog) in self.catalogs.iter().enumerate() {
            let mut held = Vec::new();
            let mut found = None;
            for (ci, code) in catalog.codes.iter().enumerate() {
                let whole = subject == About::Code(code.code.as_str());
                if whole {
                    found = Some(code);
                }
                for (ei, entry) in code.entries.iter().enumerate() {
                    let holds = match subject {
                        About::Id(v) => entry.message_id.is_some_and(|m| m.contains(v)),
                        About::Code(_) => whole,
                    };
                    if let (true, Some(life)) = (holds, self.life(r, ci, ei)) {
                        held.push(Held {
                            code,
                            index: ei,
                            entry,
                            life,
                        });
                    }
                }
            }
            stages.push(Stage {
                version: &catalog.document.version,
                code: found,
                held,
            });
        }
        let present = |s: &Stage<'_>| s.code.is_some() || !s.held.is_empty();
        let mut steps = Vec::with_capacity(self.changes.len());
        for (i, cs) in self.changes.iter().enumerate() {
            let (Some(before), Some(after)) = (stages.get(i), stages.get(i + 1)) else {
                break;
            };
            let back = !present(before) && present(after) && stages[..i].iter().any(present);
            let events = cs
                .changes
                .iter()
                .filter(|c| concerns(c, subject))
                .map(|change| Event {
                    kind: event_kind(change, back),
                    change,
                })
                .collect();
            steps.push(Step {
                from: before.version,
                to: after.version,
                events,
            });
        }
        Story { stages, steps }
    }
}

/// The code and entry at (code index, entry index) of `catalog`.
fn entry_at(catalog: &Catalog, (c, e): (usize, usize)) -> Option<(&Code, &Entry)> {
    let code = catalog.codes.get(c)?;
    Some((code, code.entries.get(e)?))
}

/// Whether two entries say the same, printed form included (`at`, the position, is layout).
fn same_content(a: &Entry, b: &Entry) -> bool {
    (
        &a.error_type,
        a.message_id,
        &a.cause,
        &a.action,
        &a.contacts,
        &a.extra,
        &a.source_text,
        &a.errata,
    ) == (
        &b.error_type,
        b.message_id,
        &b.cause,
        &b.action,
        &b.contacts,
        &b.extra,
        &b.source_text,
        &b.errata,
    )
}

/// Whether a change touches the subject: a message ID of the change is the value or a range
/// containing it; or the change is in the code, or moved an entry out of it.
fn concerns(change: &Change, subject: About<'_>) -> bool {
    match subject {
        About::Id(v) => change.touched_ids().any(|m| m.contains(v)),
        About::Code(code) => {
            change.code.as_deref() == Some(code)
                || (change.kind == Kind::Moved && change.old.as_deref() == Some(code))
        }
    }
}

/// The kind of event a change is; `back` when the subject returns after revisions without it.
fn event_kind(change: &Change, back: bool) -> EventKind {
    match change.kind {
        Kind::Added if back => EventKind::ReAdded,
        Kind::Added => EventKind::Added,
        Kind::Removed => EventKind::Removed,
        Kind::Moved => EventKind::Moved,
        Kind::Reordered => EventKind::Reordered,
        Kind::Changed if change.class == Class::SourceTextOnly => EventKind::Corrected,
        Kind::Changed => EventKind::Changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::committed_1_20;

    /// Three revisions made from 1.20 by editing the model: 1.21 drops 016's 0x8100000C and
    /// edits 011's cause, 1.22 gives 0x8100000C back and edits 011's cause again.
    fn series() -> Vec<Catalog> {
        let v0 = committed_1_20();
        let mut v1 = v0.clone();
        v1.document.version = "1.21".to_string();
        let c016 = v1.codes.iter_mut().find(|c| c.code == "016").expect("016");
        let gone = c016.entries.remove(1);
        assert_eq!(gone.message_id, Some(MessageId::Single(0x8100_000C)));
        let c011 = v1.codes.iter_mut().find(|c| c.code == "011").expect("011");
        c011.entries[0].cause = Some("一".to_string());
        let mut v2 = v1.clone();
        v2.document.version = "1.22".to_string();
        let c016 = v2.codes.iter_mut().find(|c| c.code == "016").expect("016");
        c016.entries.insert(1, gone);
        let c011 = v2.codes.iter_mut().find(|c| c.code == "011").expect("011");
        c011.entries[0].cause = Some("二".to_string());
        vec![v0, v1, v2]
    }

    #[test]
    fn lives_follow_the_lineage() {
        let catalogs = series();
        let s = crate::diff::consecutive(&catalogs);
        let h = History::new(&catalogs, &s);
        let pos = |code: &str, id: u32| {
            let c = catalogs[2]
                .codes
                .iter()
                .position(|c| c.code == code)
                .expect("code");
            let e = catalogs[2].codes[c]
                .entries
                .iter()
                .position(|e| e.message_id == Some(MessageId::Single(id)))
                .expect("entry");
            (c, e)
        };
        let (c, e) = pos("011", 0x8100_0005);
        let life = h.newest_life(c, e).expect("life");
        assert_eq!((life.since, life.changed_in.clone()), (0, vec![1, 2]));
        let (c, e) = pos("016", 0x8100_000C);
        let life = h.newest_life(c, e).expect("life");
        assert_eq!((life.since, life.changed_in.clone()), (2, vec![]));
        assert!(h.tombstones().is_empty());
    }

    #[test]
    fn a_story_tells_removal_and_return() {
        let catalogs = series();
        let s = crate::diff::consecutive(&catalogs);
        let h = History::new(&catalogs, &s);
        let story = h.story(About::Id(0x8100_000C));
        let seen: Vec<usize> = story.seen().collect();
        assert_eq!(seen, [0, 2]);
        let kinds: Vec<Vec<EventKind>> = story
            .steps
            .iter()
            .map(|s| s.events.iter().map(|e| e.kind).collect())
            .collect();
        assert_eq!(kinds, [vec![EventKind::Removed], vec![EventKind::ReAdded]]);
        assert!(story.is_current());

        // Only the first two revisions: 0x8100000C is a tombstone of 1.20's 016 entry.
        let s = crate::diff::consecutive(&catalogs[..2]);
        let h = History::new(&catalogs[..2], &s);
        let t: Vec<(String, &str, &str, &str)> = h
            .removed(0x8100_000C)
            .map(|t| {
                (
                    t.id.to_string(),
                    t.code.code.as_str(),
                    t.last_seen,
                    t.removed_in,
                )
            })
            .collect();
        assert_eq!(t, [("0x8100000C".to_string(), "016", "1.20", "1.21")]);
        let story = h.story(About::Id(0x8100_000C));
        let (last, removed_in) = story.removed().expect("removed");
        assert_eq!((last.version, removed_in), ("1.20", "1.21"));
        assert_eq!(last.held[0].entry.error_type.as_deref(), Some("資格が無効"));
    }

    #[test]
    fn a_removed_code_is_listed_with_its_revisions() {
        let mut catalogs = series();
        let mut v3 = catalogs[2].clone();
        v3.document.version = "1.23".to_string();
        v3.codes.retain(|c| c.code != "101");
        catalogs.push(v3);
        let s = crate::diff::consecutive(&catalogs);
        let h = History::new(&catalogs, &s);
        let removed: Vec<(&str, &str, &str)> = h
            .removed_codes()
            .iter()
            .map(|r| (r.code.code.as_str(), r.last_seen, r.removed_in))
            .collect();
        assert_eq!(removed, [("101", "1.22", "1.23")]);
        let story = h.story(About::Code("101"));
        assert_eq!(
            story.removed().map(|(l, r)| (l.version, r)),
            Some(("1.22", "1.23"))
        );
        let kinds: Vec<EventKind> = story.steps[2].events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventKind::Removed]);
    }

    #[test]
    fn a_single_revision_has_no_past() {
        let catalogs = vec![committed_1_20()];
        let s = crate::diff::consecutive(&catalogs);
        let h = History::new(&catalogs, &s);
        assert!(!h.has_past());
        assert!(h.tombstones().is_empty());
        let story = h.story(About::Code("905"));
        assert_eq!(story.stages.len(), 1);
        assert!(story.steps.is_empty());
        assert_eq!(story.stages[0].held.len(), 11);
        assert!(story.is_current());
        assert_eq!(h.newest_life(0, 0).map(|l| l.since), Some(0));
    }
}
