//! The version policy of the generated `oqs-messages` crate (DESIGN §5): its version follows
//! its public Rust API by cargo's semver rules, so that `cargo update` brings new revisions. The
//! public API of each revision's crate is a list of [`PublicItem`]s (the Rust renderer makes it,
//! `crate::render::rust_api`); two consecutive lists are compared ([`ApiDelta`]): an item removed
//! or changed asks for a major bump, an item added or newly deprecated for a minor one, and
//! nothing else for a patch (the data and `VERSION` change). The first revision under `input/`
//! is 1.0.0. Removed codes and IDs stay as deprecated tombstones and the enums are
//! `#[non_exhaustive]`, so a major bump should never happen; what a revision means for the
//! catalog's users (breaking, additive, textual) is the diff's [`crate::diff::Class`], kept apart.
//!
//! Input: every revision's model, oldest first, and a function giving the public API of the
//! crate generated from the revisions up to one. Output: a [`Series`], the change set between
//! each pair of consecutive revisions (each pair diffed once) with the crate's bump and version
//! for every revision; `build` computes it once and hands it to the renderers and the notes. It
//! reads and writes nothing, and knows nothing of how the notes or the crate are laid out.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::diff::{consecutive, ChangeSet, Class};
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

/// What kind of item of the crate's public API a [`PublicItem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Const,
    Enum,
    Variant,
    Struct,
    Field,
    Fn,
    /// A trait implementation (`Display for MessageId`), derived or written out.
    Impl,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Const => "const",
            ItemKind::Enum => "enum",
            ItemKind::Variant => "variant",
            ItemKind::Struct => "struct",
            ItemKind::Field => "field",
            ItemKind::Fn => "fn",
            ItemKind::Impl => "impl",
        }
    }
}

/// One public item of the generated crate: what downstream code can name and rely on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PublicItem {
    pub kind: ItemKind,
    /// The path below the crate root (`MSG_04000011`, `DisplayCode::Code001`, `Entry::cause`,
    /// `lookup`), or for an impl the trait and the type (`Display for MessageId`).
    pub path: String,
    /// What code using the item relies on beyond its name, in Rust syntax: a constant's or
    /// field's type, a function's parameter and return types (`const fn(self) -> u16`), a
    /// variant's fields or discriminant (`= 1`), a type's `#[non_exhaustive]`, `#[repr]` and
    /// whether it has private fields, an impl's associated types and the feature it needs.
    /// Values that are data (a constant's value, a function's result) are not API: they
    /// change with every revision.
    pub signature: String,
    /// Marked `#[deprecated]` (a tombstone of a code or message ID a revision dropped).
    pub deprecated: bool,
}

impl fmt::Display for PublicItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.label(), self.path)?;
        if !self.signature.is_empty() {
            write!(f, " {}", self.signature)?;
        }
        if self.deprecated {
            f.write_str(" (deprecated)")?;
        }
        Ok(())
    }
}

/// The public API of one generated crate: its items by kind and path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicApi {
    items: BTreeMap<(ItemKind, String), PublicItem>,
}

impl PublicApi {
    /// The API of `items`; of two items of one kind and path, the last counts.
    pub fn new(items: impl IntoIterator<Item = PublicItem>) -> PublicApi {
        PublicApi {
            items: items
                .into_iter()
                .map(|i| ((i.kind, i.path.clone()), i))
                .collect(),
        }
    }

    /// The items by kind, then path.
    pub fn items(&self) -> impl Iterator<Item = &PublicItem> {
        self.items.values()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// How the public API changed between two crates, each list by kind and path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApiDelta {
    pub added: Vec<PublicItem>,
    pub removed: Vec<PublicItem>,
    /// Same kind and path, another signature: old and new.
    pub changed: Vec<[PublicItem; 2]>,
    /// Items that became `#[deprecated]`.
    pub deprecated: Vec<PublicItem>,
    /// Items no longer `#[deprecated]` (a code or ID a later revision brought back).
    pub undeprecated: Vec<PublicItem>,
}

impl ApiDelta {
    pub fn between(old: &PublicApi, new: &PublicApi) -> ApiDelta {
        let mut d = ApiDelta::default();
        for (key, o) in &old.items {
            match new.items.get(key) {
                None => d.removed.push(o.clone()),
                Some(n) if n.signature != o.signature => d.changed.push([o.clone(), n.clone()]),
                Some(n) if n.deprecated && !o.deprecated => d.deprecated.push(n.clone()),
                Some(n) if o.deprecated && !n.deprecated => d.undeprecated.push(n.clone()),
                Some(_) => {}
            }
        }
        d.added = new
            .items
            .iter()
            .filter(|(k, _)| !old.items.contains_key(*k))
            .map(|(_, n)| n.clone())
            .collect();
        d
    }

    pub fn is_empty(&self) -> bool {
        *self == ApiDelta::default()
    }

    /// The bump cargo's semver rules ask for (The Cargo Book, "SemVer Compatibility"): an item
    /// removed or changed is major; an item added, or deprecated, is minor (un-deprecating is
    /// as compatible); otherwise [`Bump::None`]: the API is the same.
    pub fn bump(&self) -> Bump {
        if !self.removed.is_empty() || !self.changed.is_empty() {
            Bump::Major
        } else if !self.added.is_empty()
            || !self.deprecated.is_empty()
            || !self.undeprecated.is_empty()
        {
            Bump::Minor
        } else {
            Bump::None
        }
    }
}

/// What one revision does to the generated crate: the bump its public API asks for, and the
/// crate's versions before and after when the revision is a step of a project's series (not
/// two arbitrary files compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    pub bump: Bump,
    pub versions: Option<[CrateVersion; 2]>,
}

impl Release {
    /// The bump a revision asks for with `api` changed as it did and `catalog_changed` when its
    /// content differs: the API's own bump, or a patch when only the data changed (the data
    /// and `VERSION` are what a new release of a data crate brings).
    pub fn bump(api: &ApiDelta, catalog_changed: bool) -> Bump {
        match api.bump() {
            Bump::None if catalog_changed => Bump::Patch,
            b => b,
        }
    }
}

impl ChangeSet {
    /// The catalog's impact on its users, apart from the crate's version: the largest class
    /// of its changes (breaking before additive before textual), `None` when there is none.
    pub fn impact(&self) -> Option<Class> {
        Class::ALL.into_iter().find(|c| self.count(*c) > 0)
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
/// consecutive revisions, in the catalog and in the crate's public API, and the crate version
/// of each revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// `changes[i]` goes from revision `i` to revision `i + 1`.
    pub changes: Vec<ChangeSet>,
    /// `api[i]`: how the crate's public API changed from revision `i` to revision `i + 1`.
    pub api: Vec<ApiDelta>,
    /// `bumps[i]`: the bump that step asks for ([`Release::bump`]).
    pub bumps: Vec<Bump>,
    /// The crate version of each revision: [`CrateVersion::FIRST`] for the first, then each
    /// bumped by what its public API asks for.
    pub versions: Vec<CrateVersion>,
}

impl Series {
    /// Diffs each pair of consecutive `catalogs` (oldest first) once, and compares the public
    /// API that `api` gives for the crate generated from the revisions up to each one (the
    /// newest last; the earlier ones give its tombstones).
    pub fn new<E>(
        catalogs: &[Catalog],
        mut api: impl FnMut(&[Catalog]) -> Result<PublicApi, E>,
    ) -> Result<Series, E> {
        let changes = consecutive(catalogs);
        let apis = (1..=catalogs.len())
            .map(|n| api(&catalogs[..n]))
            .collect::<Result<Vec<_>, E>>()?;
        let api: Vec<ApiDelta> = apis
            .windows(2)
            .map(|w| ApiDelta::between(&w[0], &w[1]))
            .collect();
        let bumps: Vec<Bump> = api
            .iter()
            .zip(&changes)
            .map(|(a, cs)| Release::bump(a, !cs.is_empty()))
            .collect();
        let mut versions = Vec::with_capacity(catalogs.len());
        if !catalogs.is_empty() {
            versions.push(CrateVersion::FIRST);
        }
        for &b in &bumps {
            let last = versions.last().copied().unwrap_or(CrateVersion::FIRST);
            versions.push(last.after(b));
        }
        Ok(Series {
            changes,
            api,
            bumps,
            versions,
        })
    }

    /// The crate version of the newest revision ([`CrateVersion::FIRST`] when there is none).
    pub fn newest(&self) -> CrateVersion {
        self.versions.last().copied().unwrap_or(CrateVersion::FIRST)
    }

    /// Each change set with what it does to the crate.
    pub fn steps(&self) -> impl Iterator<Item = (&ChangeSet, Release)> {
        self.changes
            .iter()
            .zip(&self.bumps)
            .zip(self.versions.windows(2))
            .map(|((cs, &bump), v)| {
                (
                    cs,
                    Release {
                        bump,
                        versions: Some([v[0], v[1]]),
                    },
                )
            })
    }
}
