//! `generated/` as a store that `build` owns (DESIGN §7): what is written there, how, and what
//! may be removed.
//!
//! Input: the files to write (paths relative to the store, bytes) and the record of what was
//! written before. Output: the folder in the new state as a whole, or in the old one.
//!
//! - Only regular files in real folders are written or removed. Every folder on a path, the
//!   store itself included, is checked with `lstat` and never followed when it is a symbolic
//!   link: a link or any other non-regular entry anywhere in the store is an error naming it.
//! - `.manifest` records every file the store was last asked to hold; a file is removed only
//!   when the record lists it (a walk that deletes whatever it finds once followed a link out
//!   of the project). A store without a record (the first run) adopts the regular files of
//!   the folders it is told it owns.
//! - A write is a transaction: every changed file is staged in `.staging/`; then the list of
//!   renames (`.journal`) is written and renamed into place, which commits it; then the files
//!   are renamed over their targets, the old ones kept as hard links until the end. A failure
//!   while renaming undoes the renames done; a kill at any moment leaves either no journal (the
//!   stage is discarded on the next open) or a complete one (rolled forward on the next open).
//! - One writer at a time: an exclusive `flock(2)` on the store's folder, waited for; readers
//!   (`check`) take it shared. The lock is on the folder itself, so no lock file appears.
//!
//! It knows nothing of what the files mean; the project decides what to write.
//!
//! Size: one transaction protocol (staging, journal, commit, roll-back and roll-forward,
//! the lock, the manifest) whose steps share the same invariants about what is on disk; split,
//! each part would have to restate the others'.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::read::file::{kind, read_regular_text};

/// The record of the files the store holds, one path a line, relative to the store.
pub const MANIFEST: &str = ".manifest";
const JOURNAL: &str = ".journal";
const JOURNAL_TMP: &str = ".journal.tmp";
const STAGING: &str = ".staging";
/// Names inside the store that belong to this module, never to a caller's file.
const RESERVED: [&str; 4] = [MANIFEST, JOURNAL, JOURNAL_TMP, STAGING];
const JOURNAL_HEADER: &str = "oqs-catalog journal 1";
/// The largest manifest or journal read: both list paths, a few kilobytes.
const RECORD_LIMIT: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: is {kind}; only regular files in real folders inside {store} are written or \
         removed, and a link is never followed (remove it, then run again)"
    )]
    NotOwned {
        path: String,
        kind: &'static str,
        store: String,
    },
    #[error("{file}:{line}: {reason}")]
    Record {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    #[error(transparent)]
    Read(crate::read::ReadError),
    #[error("{path}: {reason}; {outcome}")]
    Commit {
        path: String,
        reason: String,
        outcome: String,
    },
}

/// What a commit did to one file, by its path as shown (`generated/…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Wrote(String),
    Removed(String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Wrote(p) => write!(f, "wrote {p}"),
            Change::Removed(p) => write!(f, "removed {p}"),
        }
    }
}

/// An entry found by [`Store::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Relative to the store, `/`-separated.
    pub path: String,
    /// `None` for a regular file, else what it is ("a symbolic link", "a FIFO" …).
    pub foreign: Option<&'static str>,
}

/// What opening the store did about an interrupted write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovered {
    /// Its journal was complete: the write was finished (this many renames and removals).
    Finished(usize),
    /// It had only staged files: they were discarded.
    Discarded,
}

/// An open, locked store.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// How the store's folder is named to the user, with a trailing `/` (`generated/`).
    shown: String,
    recovered: Option<Recovered>,
    _lock: File,
}

impl Store {
    /// Opens the store at `dir` for writing, creating the folder when missing: waits for the
    /// lock (calling `on_wait` first when another process holds it), finishes or discards an
    /// interrupted write, and refuses a store holding anything but regular files and folders.
    pub fn open(dir: &Path, shown: &str, on_wait: &mut dyn FnMut()) -> Result<Store, StoreError> {
        let shown = format!("{}/", shown.trim_end_matches('/'));
        match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => return Err(not_owned(&shown, &shown, &m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match fs::create_dir(dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io_error(&shown, e)),
            },
            Err(e) => return Err(io_error(&shown, e)),
        }
        let lock = lock_dir(dir, &shown, Access::Exclusive, on_wait)?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            shown,
            recovered: None,
            _lock: lock,
        };
        store.recovered = store.recover()?;
        if let Some(f) = store.walk()?.into_iter().find(|f| f.foreign.is_some()) {
            return Err(StoreError::NotOwned {
                path: store.show(&f.path),
                kind: f.foreign.unwrap_or("not a regular file"),
                store: store.shown.clone(),
            });
        }
        Ok(store)
    }

    /// Opens the store at `dir` for reading, waiting while a writer holds it; `None` when the
    /// folder does not exist.
    pub fn open_shared(
        dir: &Path,
        shown: &str,
        on_wait: &mut dyn FnMut(),
    ) -> Result<Option<Store>, StoreError> {
        let shown = format!("{}/", shown.trim_end_matches('/'));
        match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => return Err(not_owned(&shown, &shown, &m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(&shown, e)),
        }
        let lock = lock_dir(dir, &shown, Access::Shared, on_wait)?;
        Ok(Some(Store {
            dir: dir.to_path_buf(),
            shown,
            recovered: None,
            _lock: lock,
        }))
    }

    /// What [`Store::open`] did about a write that a kill interrupted, if there was one.
    pub fn recovered(&self) -> Option<Recovered> {
        self.recovered
    }

    /// A store-relative path as shown to the user.
    pub fn show(&self, rel: &str) -> String {
        format!("{}{rel}", self.shown)
    }

    /// Whether a write was interrupted: its journal (to be finished) or its stage (to be
    /// discarded) is still there.
    pub fn interrupted(&self) -> bool {
        fs::symlink_metadata(self.dir.join(JOURNAL)).is_ok()
            || fs::symlink_metadata(self.dir.join(STAGING)).is_ok()
    }

    /// The files the manifest lists, or `None` when there is no manifest yet.
    pub fn manifest(&self) -> Result<Option<BTreeSet<String>>, StoreError> {
        let Some(text) = self.read_record(MANIFEST)? else {
            return Ok(None);
        };
        let mut files = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            self.check_rel(line)
                .map_err(|reason| self.record_error(MANIFEST, i + 1, reason))?;
            files.insert(line.to_string());
        }
        Ok(Some(files))
    }

    /// The manifest that records `files`.
    pub fn manifest_text<'a>(files: impl IntoIterator<Item = &'a str>) -> String {
        let mut text = String::from(
            "# The files `build` wrote under generated/ — generated, do not edit.\n\
             # `build` removes a file listed here once it no longer writes it, and nothing else.\n",
        );
        let sorted: BTreeSet<&str> = files.into_iter().collect();
        for f in sorted {
            text.push_str(f);
            text.push('\n');
        }
        text
    }

    /// Makes the store hold exactly `files` (and the manifest): writes those whose bytes
    /// change and removes those the manifest lists that are no longer among them. Without a
    /// manifest, the regular files under the folders `adopt` names are taken as written
    /// before (the first run after the store had no record).
    pub fn replace_all(
        &self,
        files: &BTreeMap<String, Vec<u8>>,
        adopt: &[&str],
    ) -> Result<Vec<Change>, StoreError> {
        let before: BTreeSet<String> = match self.manifest()? {
            Some(listed) => listed,
            None => {
                let mut found = BTreeSet::new();
                for f in self.walk()? {
                    if adopt.iter().any(|d| f.path.starts_with(&format!("{d}/"))) {
                        found.insert(f.path);
                    }
                }
                found
            }
        };
        let manifest = Store::manifest_text(files.keys().map(String::as_str));
        let mut writes: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        writes.push((MANIFEST, manifest.as_bytes()));
        let removes: Vec<&str> = before
            .iter()
            .map(String::as_str)
            .filter(|p| !files.contains_key(*p))
            .collect();
        self.commit(&writes, &removes)
    }

    /// Writes `writes` (store-relative path, bytes) whose bytes change and removes `removes`,
    /// as one transaction.
    pub fn commit(
        &self,
        writes: &[(&str, &[u8])],
        removes: &[&str],
    ) -> Result<Vec<Change>, StoreError> {
        self.clean_stage()?;
        let mut ops: Vec<Op> = Vec::new();
        let staging = self.dir.join(STAGING);
        let staged = (|| {
            for (rel, bytes) in writes {
                if *rel != MANIFEST {
                    self.check_rel(rel).map_err(|reason| StoreError::Io {
                        path: self.show(rel),
                        reason,
                    })?;
                }
                let Some((target, exists)) = self.locate(rel, true)? else {
                    continue;
                };
                if exists && fs::read(&target).ok().as_deref() == Some(*bytes) {
                    continue;
                }
                if ops.is_empty() {
                    fs::create_dir(&staging).map_err(|e| self.io(STAGING, e))?;
                }
                let i = ops.len();
                let path = staging.join(i.to_string());
                let mut f = File::create_new(&path).map_err(|e| self.io(STAGING, e))?;
                f.write_all(bytes)
                    .and_then(|()| f.sync_all())
                    .map_err(|e| self.io(rel, e))?;
                ops.push(Op {
                    write: true,
                    rel: rel.to_string(),
                    target,
                    existed: exists,
                });
            }
            for rel in removes {
                self.check_rel(rel).map_err(|reason| StoreError::Io {
                    path: self.show(rel),
                    reason,
                })?;
                if let Some((target, true)) = self.locate(rel, false)? {
                    if ops.is_empty() {
                        fs::create_dir(&staging).map_err(|e| self.io(STAGING, e))?;
                    }
                    ops.push(Op {
                        write: false,
                        rel: rel.to_string(),
                        target,
                        existed: true,
                    });
                }
            }
            Ok(())
        })();
        if let Err(e) = staged {
            let _ = self.clean_stage();
            return Err(e);
        }
        if ops.is_empty() {
            return Ok(Vec::new());
        }
        sync_dir(&staging);
        if let Err(e) = self.write_journal(&ops) {
            // Not committed: nothing was renamed, the stage goes.
            let _ = self.remove_own(JOURNAL_TMP);
            let _ = self.clean_stage();
            return Err(e);
        }
        let mut done = 0;
        let result = ops.iter().enumerate().try_for_each(|(i, op)| {
            fault(i)?;
            op.apply(&staging, i)?;
            done += 1;
            Ok::<(), std::io::Error>(())
        });
        if let Err(e) = result {
            let failed = &ops[done];
            let outcome = match self.roll_back(&ops[..done], &staging) {
                Ok(()) => format!("nothing was changed in {}", self.shown),
                Err(undo) => format!(
                    "{} is half-written ({undo}); the next build finishes the write",
                    self.shown
                ),
            };
            return Err(StoreError::Commit {
                path: self.show(&failed.rel),
                reason: e.to_string(),
                outcome,
            });
        }
        self.finish(&ops)?;
        Ok(ops
            .iter()
            .map(|op| {
                if op.write {
                    Change::Wrote(self.show(&op.rel))
                } else {
                    Change::Removed(self.show(&op.rel))
                }
            })
            .collect())
    }

    /// Every entry under the store, without following links, sorted; the store's own records
    /// and stage, and `target/` folders (cargo's, if the crate is built in place), are left
    /// out.
    pub fn walk(&self) -> Result<Vec<Found>, StoreError> {
        let mut out = Vec::new();
        self.walk_into(&self.dir, "", &mut out)?;
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    fn walk_into(&self, dir: &Path, prefix: &str, out: &mut Vec<Found>) -> Result<(), StoreError> {
        let entries = fs::read_dir(dir).map_err(|e| self.io(prefix, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| self.io(prefix, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            let meta = fs::symlink_metadata(entry.path()).map_err(|e| self.io(&rel, e))?;
            if prefix.is_empty() && RESERVED.contains(&name.as_str()) {
                continue;
            }
            if meta.is_dir() {
                if name == "target" {
                    continue;
                }
                self.walk_into(&entry.path(), &format!("{rel}/"), out)?;
            } else {
                out.push(Found {
                    path: rel,
                    foreign: (!meta.is_file()).then(|| kind(&meta)),
                });
            }
        }
        Ok(())
    }

    /// Checks a store-relative path: `/`-separated names, none empty, `.` or `..`, none of
    /// this module's own names at the top.
    fn check_rel(&self, rel: &str) -> Result<(), String> {
        let bad = rel.is_empty()
            || rel
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == ".." || p.contains(['\\', '\0']))
            || RESERVED
                .iter()
                .any(|r| rel == *r || rel.starts_with(&format!("{r}/")));
        if bad {
            return Err(format!(
                "`{}` is not a path of a file inside {}",
                crate::terminal::quote(rel),
                self.shown
            ));
        }
        Ok(())
    }

    /// The path of `rel` after checking that every folder on the way is a real folder
    /// (creating missing ones when `create`), with whether a regular file is there; `None` when
    /// a folder on the way is missing and `create` is false.
    fn locate(&self, rel: &str, create: bool) -> Result<Option<(PathBuf, bool)>, StoreError> {
        let parts: Vec<&str> = rel.split('/').collect();
        let mut path = self.dir.clone();
        let mut shown = String::new();
        for (i, part) in parts.iter().enumerate() {
            path.push(part);
            shown.push_str(part);
            let last = i + 1 == parts.len();
            match fs::symlink_metadata(&path) {
                Ok(m) if last && m.is_file() => return Ok(Some((path, true))),
                Ok(m) if !last && m.is_dir() => {}
                Ok(m) => return Err(not_owned(&self.show(&shown), &self.shown, &m)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if last {
                        return Ok(Some((path, false)));
                    }
                    if !create {
                        return Ok(None);
                    }
                    match fs::create_dir(&path) {
                        Ok(()) => {}
                        // Created meanwhile: the next component's lstat checks it is a folder.
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                            let m = fs::symlink_metadata(&path).map_err(|e| self.io(&shown, e))?;
                            if !m.is_dir() {
                                return Err(not_owned(&self.show(&shown), &self.shown, &m));
                            }
                        }
                        Err(e) => return Err(self.io(&shown, e)),
                    }
                }
                Err(e) => return Err(self.io(&shown, e)),
            }
            shown.push('/');
        }
        Ok(None)
    }

    /// Reads one of the store's records (`.manifest`, `.journal`); `None` when absent.
    fn read_record(&self, name: &str) -> Result<Option<String>, StoreError> {
        let path = self.dir.join(name);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(m) => return Err(not_owned(&self.show(name), &self.shown, &m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(name, e)),
        }
        read_regular_text(&path, RECORD_LIMIT)
            .map(Some)
            .map_err(|e| StoreError::Read(crate::read::ReadError::from_file(&self.show(name), e)))
    }

    fn write_journal(&self, ops: &[Op]) -> Result<(), StoreError> {
        let mut text = format!("{JOURNAL_HEADER}\n");
        for (i, op) in ops.iter().enumerate() {
            let verb = if op.write { "write" } else { "remove" };
            text.push_str(&format!("{verb} {i} {}\n", op.rel));
        }
        text.push_str(&format!("end {}\n", ops.len()));
        let tmp = self.dir.join(JOURNAL_TMP);
        self.remove_own(JOURNAL_TMP)?;
        let mut f = File::create_new(&tmp).map_err(|e| self.io(JOURNAL_TMP, e))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| self.io(JOURNAL_TMP, e))?;
        // The rename is the commit point: before it the stage is discarded, after it rolled
        // forward (rename(2) replaces atomically).
        fs::rename(&tmp, self.dir.join(JOURNAL)).map_err(|e| self.io(JOURNAL, e))?;
        sync_dir(&self.dir);
        Ok(())
    }

    /// After the renames of `ops` (or their undoing): flush the folders they renamed in, drop
    /// the journal, then the stage.
    fn finish(&self, ops: &[Op]) -> Result<(), StoreError> {
        let dirs: BTreeSet<&Path> = ops.iter().filter_map(|op| op.target.parent()).collect();
        for d in dirs {
            sync_dir(d);
        }
        fs::remove_file(self.dir.join(JOURNAL)).map_err(|e| self.io(JOURNAL, e))?;
        sync_dir(&self.dir);
        self.clean_stage()
    }

    /// Undoes the renames of `done` (newest first), so that the targets are the old files.
    fn roll_back(&self, done: &[Op], staging: &Path) -> Result<(), StoreError> {
        for (i, op) in done.iter().enumerate().rev() {
            let new = staging.join(i.to_string());
            let old = staging.join(format!("{i}.old"));
            // Moving the new file back to the stage first keeps the journal true: a kill
            // between the two renames leaves it to be rolled forward.
            let undo = if op.write {
                fs::rename(&op.target, &new).and_then(|()| {
                    if op.existed {
                        fs::rename(&old, &op.target)
                    } else {
                        Ok(())
                    }
                })
            } else {
                fs::rename(&old, &op.target)
            };
            undo.map_err(|e| self.io(&op.rel, e))?;
        }
        self.finish(done)
    }

    /// Finishes a write a kill interrupted after its journal was committed, and discards a
    /// stage that was never committed.
    fn recover(&self) -> Result<Option<Recovered>, StoreError> {
        let mut recovered = None;
        if let Some(text) = self.read_record(JOURNAL)? {
            if let Some(ops) = self.parse_journal(&text)? {
                recovered = Some(Recovered::Finished(ops.len()));
                let staging = self.dir.join(STAGING);
                for (i, (write, rel)) in ops.iter().enumerate() {
                    let staged = staging.join(i.to_string());
                    if *write {
                        let is_staged = fs::symlink_metadata(&staged).is_ok_and(|m| m.is_file());
                        if let (true, Some((target, _))) = (is_staged, self.locate(rel, true)?) {
                            fs::rename(&staged, &target).map_err(|e| self.io(rel, e))?;
                        }
                    } else if let Some((target, true)) = self.locate(rel, false)? {
                        fs::remove_file(&target).map_err(|e| self.io(rel, e))?;
                    }
                }
                let dirs: BTreeSet<PathBuf> = ops
                    .iter()
                    .filter_map(|(_, rel)| self.dir.join(rel).parent().map(Path::to_path_buf))
                    .collect();
                for d in dirs {
                    sync_dir(&d);
                }
            }
            fs::remove_file(self.dir.join(JOURNAL)).map_err(|e| self.io(JOURNAL, e))?;
            sync_dir(&self.dir);
        }
        self.remove_own(JOURNAL_TMP)?;
        if recovered.is_none() && fs::symlink_metadata(self.dir.join(STAGING)).is_ok() {
            recovered = Some(Recovered::Discarded);
        }
        self.clean_stage()?;
        Ok(recovered)
    }

    /// The operations of a complete journal; `None` for an incomplete one (no header or no
    /// `end` line: never committed, so nothing of it was applied).
    fn parse_journal(&self, text: &str) -> Result<Option<Vec<(bool, String)>>, StoreError> {
        let lines: Vec<&str> = text.lines().collect();
        let (Some(&first), Some(&last)) = (lines.first(), lines.last()) else {
            return Ok(None);
        };
        let count = last
            .strip_prefix("end ")
            .and_then(|n| n.parse::<usize>().ok());
        if first != JOURNAL_HEADER || count != Some(lines.len() - 2) {
            return Ok(None);
        }
        let mut ops = Vec::new();
        for (n, line) in lines[1..lines.len() - 1].iter().enumerate() {
            let fields: Vec<&str> = line.splitn(3, ' ').collect();
            let parsed = match fields.as_slice() {
                // The manifest is written like any file, so it may stand in a journal.
                ["write", i, rel] if i.parse::<usize>() == Ok(n) && *rel == MANIFEST => {
                    Ok((true, rel.to_string()))
                }
                [verb @ ("write" | "remove"), i, rel] if i.parse::<usize>() == Ok(n) => self
                    .check_rel(rel)
                    .map(|()| (*verb == "write", rel.to_string())),
                _ => Err(format!(
                    "`{}` is not a journal entry",
                    crate::terminal::quote(line)
                )),
            };
            ops.push(parsed.map_err(|reason| self.record_error(JOURNAL, n + 2, reason))?);
        }
        Ok(Some(ops))
    }

    /// Removes `.staging/` and what it holds (regular files only).
    fn clean_stage(&self) -> Result<(), StoreError> {
        let staging = self.dir.join(STAGING);
        match fs::symlink_metadata(&staging) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => return Err(not_owned(&self.show(STAGING), &self.shown, &m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(self.io(STAGING, e)),
        }
        let entries = fs::read_dir(&staging).map_err(|e| self.io(STAGING, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| self.io(STAGING, e))?;
            let rel = format!("{STAGING}/{}", entry.file_name().to_string_lossy());
            let m = fs::symlink_metadata(entry.path()).map_err(|e| self.io(&rel, e))?;
            if !m.is_file() {
                return Err(not_owned(&self.show(&rel), &self.shown, &m));
            }
            fs::remove_file(entry.path()).map_err(|e| self.io(&rel, e))?;
        }
        fs::remove_dir(&staging).map_err(|e| self.io(STAGING, e))
    }

    /// Removes one of the store's own files when it is there.
    fn remove_own(&self, name: &str) -> Result<(), StoreError> {
        let path = self.dir.join(name);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => fs::remove_file(&path).map_err(|e| self.io(name, e)),
            Ok(m) => Err(not_owned(&self.show(name), &self.shown, &m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.io(name, e)),
        }
    }

    fn io(&self, rel: &str, e: std::io::Error) -> StoreError {
        io_error(&self.show(rel), e)
    }

    fn record_error(&self, name: &str, line: usize, reason: String) -> StoreError {
        StoreError::Record {
            file: self.show(name),
            line,
            reason,
        }
    }
}

/// Writes one file outside any store (a path the user named: `ingest -o`, `diff --out`,
/// `render --out`) when its bytes change: through a new temporary file beside it and a rename,
/// so a reader sees the old file or the new one. Refuses to replace anything but a regular
/// file, and never writes through a link (the temporary file is created, never opened).
/// Returns whether it wrote.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<bool, StoreError> {
    let shown = path.display().to_string();
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {
            if fs::read(path).ok().as_deref() == Some(bytes) {
                return Ok(false);
            }
        }
        Ok(m) => {
            let parent = path.parent().map(|p| p.display().to_string());
            return Err(not_owned(&shown, &parent.unwrap_or_default(), &m));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(&shown, e)),
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = File::create_new(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(&shown, e));
    }
    Ok(true)
}

/// One rename of a commit: file `i` of the stage over `target` (`write`), or `target` into
/// the stage (a removal).
#[derive(Debug)]
struct Op {
    write: bool,
    rel: String,
    target: PathBuf,
    /// For a write: whether a file was there before.
    existed: bool,
}

impl Op {
    fn apply(&self, staging: &Path, i: usize) -> std::io::Result<()> {
        let old = staging.join(format!("{i}.old"));
        if self.write {
            if self.existed {
                // Keep the old file for an undo; the target stays in place meanwhile.
                if fs::hard_link(&self.target, &old).is_err() {
                    fs::copy(&self.target, &old)?;
                }
            }
            fs::rename(staging.join(i.to_string()), &self.target)
        } else {
            fs::rename(&self.target, &old)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Exclusive,
    Shared,
}

/// Locks the folder `dir` itself (`flock(2)` on a handle of the folder), waiting for it.
fn lock_dir(
    dir: &Path,
    shown: &str,
    access: Access,
    on_wait: &mut dyn FnMut(),
) -> Result<File, StoreError> {
    let handle = open_dir(dir).map_err(|e| io_error(shown, e))?;
    let meta = handle.metadata().map_err(|e| io_error(shown, e))?;
    if !meta.is_dir() {
        return Err(not_owned(shown, shown, &meta));
    }
    #[cfg(unix)]
    {
        // The handle must be the folder that was checked not to be a link.
        use std::os::unix::fs::MetadataExt;
        let checked = fs::symlink_metadata(dir).map_err(|e| io_error(shown, e))?;
        if checked.dev() != meta.dev() || checked.ino() != meta.ino() {
            return Err(not_owned(shown, shown, &checked));
        }
    }
    let tried = match access {
        Access::Exclusive => handle.try_lock(),
        Access::Shared => handle.try_lock_shared(),
    };
    match tried {
        Ok(()) => return Ok(handle),
        Err(fs::TryLockError::WouldBlock) => on_wait(),
        Err(fs::TryLockError::Error(e)) => return Err(io_error(shown, e)),
    }
    let waited = match access {
        Access::Exclusive => handle.lock(),
        Access::Shared => handle.lock_shared(),
    };
    waited.map_err(|e| io_error(shown, e))?;
    Ok(handle)
}

#[cfg(windows)]
fn open_dir(dir: &Path) -> std::io::Result<File> {
    use std::os::windows::fs::OpenOptionsExt;
    // FILE_FLAG_BACKUP_SEMANTICS: needed to open a handle to a folder.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(0x0200_0000)
        .open(dir)
}

#[cfg(not(windows))]
fn open_dir(dir: &Path) -> std::io::Result<File> {
    File::open(dir)
}

/// Flushes a folder's entries (renames, removals) to disk. Best effort: some file systems
/// refuse `fsync` on a folder, and the data itself was synced before.
fn sync_dir(dir: &Path) {
    if let Ok(f) = open_dir(dir) {
        let _ = f.sync_all();
    }
}

fn not_owned(path: &str, store: &str, meta: &fs::Metadata) -> StoreError {
    StoreError::NotOwned {
        path: path.to_string(),
        kind: kind(meta),
        store: store.to_string(),
    }
}

fn io_error(path: &str, e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_string(),
        reason: e.to_string(),
    }
}

/// Test hook, in debug builds only: `OQS_CATALOG_TEST_FAULT=fail:N` makes rename N of a
/// commit fail, `crash:N` aborts the process there, `slow:MS` sleeps before each rename (to
/// widen the window a test's kill aims at).
#[cfg(debug_assertions)]
fn fault(i: usize) -> std::io::Result<()> {
    let Ok(spec) = std::env::var("OQS_CATALOG_TEST_FAULT") else {
        return Ok(());
    };
    let (what, n) = spec.split_once(':').unwrap_or((&spec, ""));
    let n: usize = n.parse().unwrap_or(usize::MAX);
    match what {
        "fail" if n == i => Err(std::io::Error::other(
            "injected failure (OQS_CATALOG_TEST_FAULT)",
        )),
        "crash" if n == i => std::process::abort(),
        "slow" => {
            std::thread::sleep(std::time::Duration::from_millis(n as u64));
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(not(debug_assertions))]
fn fault(_: usize) -> std::io::Result<()> {
    Ok(())
}
