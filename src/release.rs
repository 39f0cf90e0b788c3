//! The version policy of the generated `oqs-messages` crate (DESIGN §5): each change asks for
//! a semantic-version bump by its class, a revision bumps the crate by the largest of its
//! changes, and the first revision under `input/` is 1.0.0.
//!
//! Input: every revision's model, oldest first. Output: a [`Series`], the change set between
//! each pair of consecutive revisions (each pair diffed once) with the crate version of every
//! revision; `build` computes it once and hands it to the renderers and the notes. It reads
//! and writes nothing, and knows nothing of how the notes or the crate are laid out.

use std::fmt;

use serde::Serialize;

use crate::diff::{diff, ChangeSet, Class};
use crate::model::Catalog;

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

impl Class {
    /// The bump a change of this class asks for: what SDK users looked up is gone (major),
    /// something new (minor), wording only (patch).
    pub fn bump(self) -> Bump {
        match self {
            Class::Breaking => Bump::Major,
            Class::Additive => Bump::Minor,
            Class::Textual | Class::SourceTextOnly => Bump::Patch,
        }
    }
}

impl ChangeSet {
    /// The largest bump any change asks for.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|c| c.class.bump())
            .max()
            .unwrap_or(Bump::None)
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

/// The revisions of the project as a release series: what changed between each pair of
/// consecutive revisions, and the crate version of each revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// `changes[i]` goes from revision `i` to revision `i + 1`.
    pub changes: Vec<ChangeSet>,
    /// The crate version of each revision: [`CrateVersion::FIRST`] for the first, then each
    /// bumped by what changed since the one before.
    pub versions: Vec<CrateVersion>,
}

impl Series {
    /// Diffs each pair of consecutive `catalogs` (oldest first) once.
    pub fn new(catalogs: &[Catalog]) -> Series {
        let changes: Vec<ChangeSet> = catalogs.windows(2).map(|w| diff(&w[0], &w[1])).collect();
        let mut versions = Vec::with_capacity(catalogs.len());
        if !catalogs.is_empty() {
            versions.push(CrateVersion::FIRST);
        }
        for cs in &changes {
            let last = versions.last().copied().unwrap_or(CrateVersion::FIRST);
            versions.push(last.after(cs.bump()));
        }
        Series { changes, versions }
    }

    /// The crate version of the newest revision ([`CrateVersion::FIRST`] when there is none).
    pub fn newest(&self) -> CrateVersion {
        self.versions.last().copied().unwrap_or(CrateVersion::FIRST)
    }

    /// Each change set with the crate versions before and after it.
    pub fn steps(&self) -> impl Iterator<Item = (&ChangeSet, [CrateVersion; 2])> {
        self.changes
            .iter()
            .zip(self.versions.windows(2))
            .map(|(cs, v)| (cs, [v[0], v[1]]))
    }
}
