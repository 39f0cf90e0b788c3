//! The public API of the generated `oqs-messages` crate as data: every item that downstream
//! code can name (constants, types, variants, fields, functions, trait impls) with its
//! signature and whether it is deprecated, for the crate made from some revisions. The version
//! policy ([`crate::release`]) compares the lists of consecutive revisions; this module makes
//! them, next to the renderer whose template they describe.
//!
//! Input: the revisions up to one (oldest first) and the published identifiers. Output: a
//! [`PublicApi`]. The items `templates/lib.rs` writes whatever the data ([`FIXED`]) are listed
//! here by hand; the ones that come from the data (message-ID constants, display-code, contact
//! and tag variants) from [`Symbols`], as the renderer names them. A test parses the generated
//! `lib.rs` and checks that the two agree, so the list cannot drift from the template. It does
//! not render anything, and it does not decide what a change means for the version.

use std::collections::BTreeSet;

use super::symbols::Symbols;
use super::RenderError;
use crate::diff::ChangeSet;
use crate::model::identifiers::{Item, Published};
use crate::model::Catalog;
use crate::release::{ApiDelta, ItemKind, PublicApi, PublicItem, Release, Series};

use ItemKind::{Const, Enum, Field, Fn, Impl, Struct, Variant};

/// The traits a `#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]` gives.
const ORDERED: &[&str] = &[
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
];
/// `#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]`.
const HASHED: &[&str] = &["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash"];
/// `#[derive(Debug, Clone, Copy, PartialEq, Eq)]`.
const PLAIN: &[&str] = &["Debug", "Clone", "Copy", "PartialEq", "Eq"];

/// The feature the serde impls need, as the impl's signature says it.
const SERDE: &str = "#[cfg(feature = \"serde\")]";

/// The items of `templates/lib.rs` that do not depend on the data: kind, path, signature.
/// Trait impls, derived or written out, are listed per type in [`IMPLS`].
const FIXED: &[(ItemKind, &str, &str)] = &[
    (Const, "VERSION", "&str"),
    (Fn, "entries", "fn() -> &'static [Entry]"),
    (
        Fn,
        "lookup",
        "fn(u32) -> impl Iterator<Item = &'static Entry>",
    ),
    // MessageId
    (Enum, "MessageId", ""),
    (Variant, "MessageId::Single", "(u32)"),
    (Variant, "MessageId::Range", "{ first: u32, last: u32 }"),
    (Fn, "MessageId::contains", "const fn(self, u32) -> bool"),
    (Fn, "MessageId::first", "const fn(self) -> u32"),
    (Fn, "MessageId::last", "const fn(self) -> u32"),
    (Struct, "ParseMessageIdError", "{ .. }"),
    // Entries
    (Struct, "EntryContact", "#[non_exhaustive] {}"),
    (Field, "EntryContact::contact", "Contact"),
    (Field, "EntryContact::note", "Option<&'static str>"),
    (Struct, "Entry", "#[non_exhaustive] {}"),
    (Field, "Entry::code", "DisplayCode"),
    (Field, "Entry::error_type", "Option<&'static str>"),
    (Field, "Entry::message_id", "Option<MessageId>"),
    (Field, "Entry::cause", "Option<&'static str>"),
    (Field, "Entry::action", "Option<&'static str>"),
    (Field, "Entry::contacts", "&'static [EntryContact]"),
    // DisplayCode
    (Enum, "DisplayCode", "#[non_exhaustive] #[repr(u16)]"),
    (Const, "DisplayCode::ALL", "&'static [DisplayCode]"),
    (Fn, "DisplayCode::code", "const fn(self) -> u16"),
    (
        Fn,
        "DisplayCode::from_code",
        "const fn(u16) -> Option<DisplayCode>",
    ),
    (Fn, "DisplayCode::as_str", "const fn(self) -> &'static str"),
    (Fn, "DisplayCode::title", "const fn(self) -> &'static str"),
    (
        Fn,
        "DisplayCode::message",
        "const fn(self) -> Option<&'static str>",
    ),
    (Fn, "DisplayCode::tags", "const fn(self) -> &'static [Tag]"),
    (Fn, "DisplayCode::entries", "fn(self) -> &'static [Entry]"),
    (
        Fn,
        "DisplayCode::removed_in",
        "const fn(self) -> Option<&'static str>",
    ),
    (Struct, "ParseCodeError", ";"),
    // Tombstones: written even when empty (a crate made from one revision)
    (Struct, "Tombstone", "#[non_exhaustive] {}"),
    (Field, "Tombstone::entry", "Entry"),
    (Field, "Tombstone::last_seen", "&'static str"),
    (Field, "Tombstone::removed_in", "&'static str"),
    (Fn, "tombstones", "fn() -> &'static [Tombstone]"),
    (
        Fn,
        "lookup_removed",
        "fn(u32) -> impl Iterator<Item = &'static Tombstone>",
    ),
];

/// The trait impls of one public type.
struct Impls {
    ty: &'static str,
    /// By `#[derive]`.
    derived: &'static [&'static str],
    /// Written out, each with its associated type (`type Err = …`) or nothing.
    written: &'static [(&'static str, &'static str)],
    /// Written out in the module of the `serde` feature.
    serde: &'static [&'static str],
}

impl Impls {
    const fn with(self, ty: &'static str) -> Impls {
        Impls { ty, ..self }
    }
}

/// `Contact` and `Tag`: enums of the names in `names.yaml`, written by one pattern.
const NAMED: [&str; 2] = ["Contact", "Tag"];

/// The trait impls of each of [`NAMED`].
const NAMED_IMPLS: Impls = Impls {
    ty: "",
    derived: ORDERED,
    written: &[("Display", "")],
    serde: &["Serialize", "Deserialize"],
};

/// The items of each of [`NAMED`] besides its variants and impls.
fn named_items(ty: &str) -> [PublicItem; 5] {
    [
        item(Enum, ty, "#[non_exhaustive]", false),
        item(
            Const,
            format!("{ty}::ALL"),
            &format!("&'static [{ty}]"),
            false,
        ),
        item(
            Fn,
            format!("{ty}::name"),
            "const fn(self) -> &'static str",
            false,
        ),
        item(
            Fn,
            format!("{ty}::ident"),
            "const fn(self) -> &'static str",
            false,
        ),
        item(
            Fn,
            format!("{ty}::from_name"),
            &format!("fn(&str) -> Option<{ty}>"),
            false,
        ),
    ]
}

const IMPLS: &[Impls] = &[
    Impls {
        ty: "MessageId",
        derived: ORDERED.split_at(1).1,
        written: &[
            ("Display", ""),
            ("Debug", ""),
            ("FromStr", "type Err = ParseMessageIdError"),
        ],
        serde: &["Serialize", "Deserialize"],
    },
    Impls {
        ty: "ParseMessageIdError",
        derived: PLAIN,
        written: &[("Display", ""), ("Error", "")],
        serde: &[],
    },
    NAMED_IMPLS.with("Contact"),
    NAMED_IMPLS.with("Tag"),
    Impls {
        ty: "EntryContact",
        derived: HASHED,
        written: &[],
        serde: &["Serialize"],
    },
    Impls {
        ty: "Entry",
        derived: HASHED,
        written: &[],
        serde: &["Serialize"],
    },
    Impls {
        ty: "DisplayCode",
        derived: ORDERED,
        written: &[("Display", ""), ("FromStr", "type Err = ParseCodeError")],
        serde: &["Serialize", "Deserialize"],
    },
    Impls {
        ty: "ParseCodeError",
        derived: PLAIN,
        written: &[("Display", ""), ("Error", "")],
        serde: &[],
    },
    Impls {
        ty: "Tombstone",
        derived: HASHED,
        written: &[],
        serde: &["Serialize"],
    },
];

/// Each public type's trait impls (`Display for MessageId`) with their signature.
fn impls() -> impl Iterator<Item = (String, &'static str)> {
    IMPLS.iter().flat_map(|i| {
        let derived = i.derived.iter().map(|t| (*t, ""));
        let serde = i.serde.iter().map(|t| (*t, SERDE));
        derived
            .chain(i.written.iter().copied())
            .chain(serde)
            .map(|(t, sig)| (format!("{t} for {}", i.ty), sig))
    })
}

fn item(kind: ItemKind, path: impl Into<String>, signature: &str, deprecated: bool) -> PublicItem {
    PublicItem {
        kind,
        path: path.into(),
        signature: signature.to_string(),
        deprecated,
    }
}

/// The public API of the crate generated from `catalogs` (oldest first, the newest last) with
/// the published `identifiers`.
pub fn public_api(catalogs: &[Catalog], identifiers: &Published) -> Result<PublicApi, RenderError> {
    let sym = Symbols::of(catalogs, identifiers)?;
    let mut items: Vec<PublicItem> = FIXED
        .iter()
        .map(|&(kind, path, sig)| item(kind, path, sig, false))
        .collect();
    items.extend(NAMED.into_iter().flat_map(named_items));
    items.extend(impls().map(|(path, sig)| item(Impl, path, sig, false)));
    // A message ID's constant is named after its value (`MSG_04000011`), so a value never
    // changes under one name: the type is the whole signature.
    for s in &sym.ids {
        items.push(item(Const, &s.rust, "MessageId", s.removed_in.is_some()));
    }
    // `#[repr(u16)]`: the discriminant is the code's number, which `as u16` exposes.
    for c in &sym.codes {
        items.push(item(
            Variant,
            format!("DisplayCode::{}", c.rust),
            &format!("= {}", c.number),
            c.removed_in.is_some(),
        ));
    }
    for (ty, names) in NAMED.into_iter().zip([&sym.contacts, &sym.tags]) {
        for n in names {
            items.push(item(Variant, format!("{ty}::{}", n.rust), "", false));
        }
    }
    Ok(PublicApi::new(items))
}

/// The release series of `catalogs` (oldest first): each step's bump from the public APIs of
/// the crates generated from the revisions up to each.
pub fn series(catalogs: &[Catalog], identifiers: &Published) -> Result<Series, RenderError> {
    Series::new(catalogs, |upto| {
        public_api(upto, &as_of(identifiers, catalogs, upto.len()))
    })
}

/// What `build` published when the first `n` of `catalogs` were all the revisions: the
/// identifiers without the contacts and tags that only later revisions name (a name that the
/// catalog starts to use comes with that revision's crate, as a new variant). A name no
/// revision uses stays in every one, as it is in the crate `build` writes.
fn as_of(identifiers: &Published, catalogs: &[Catalog], n: usize) -> Published {
    let (before, after) = catalogs.split_at(n.min(catalogs.len()));
    let later = |names: fn(&Catalog) -> Vec<&str>, items: &[Item]| -> Vec<Item> {
        let then: BTreeSet<&str> = before.iter().flat_map(names).collect();
        let later: BTreeSet<&str> = after.iter().flat_map(names).collect();
        items
            .iter()
            .filter(|i| then.contains(i.name.as_str()) || !later.contains(i.name.as_str()))
            .cloned()
            .collect()
    };
    Published {
        contacts: later(contact_names, &identifiers.contacts),
        tags: later(tag_names, &identifiers.tags),
    }
}

fn contact_names(c: &Catalog) -> Vec<&str> {
    c.entries()
        .flat_map(|(_, e)| e.contacts.iter().map(|k| k.name.as_str()))
        .collect()
}

fn tag_names(c: &Catalog) -> Vec<&str> {
    c.codes
        .iter()
        .flat_map(|k| k.tags.iter().map(String::as_str))
        .collect()
}

/// What going from `old` to `new`, two revisions compared outside a series (`diff OLD NEW`),
/// does to the crate: the bump of its public API, the crate made from `[old]` against the
/// crate made from `[old, new]` (with `old`'s tombstones). Contacts and tags are given
/// stand-in identifiers: whether a variant comes or goes depends on the names, not on how
/// `names.yaml` spells them.
pub fn pair_release(
    old: &Catalog,
    new: &Catalog,
    changes: &ChangeSet,
) -> Result<Release, RenderError> {
    let pair = [old.clone(), new.clone()];
    let identifiers = stand_in_identifiers(&pair);
    let delta = ApiDelta::between(
        &public_api(&pair[..1], &as_of(&identifiers, &pair, 1))?,
        &public_api(&pair, &identifiers)?,
    );
    Ok(Release {
        bump: Release::bump(&delta, !changes.is_empty()),
        versions: None,
    })
}

/// `Name1`, `Name2` … for every contact and tag some revision names, in name order.
fn stand_in_identifiers(catalogs: &[Catalog]) -> Published {
    let number = |names: BTreeSet<&str>| -> Vec<Item> {
        names
            .into_iter()
            .zip(1..)
            .map(|(name, n)| Item {
                number: n,
                ident: format!("Name{n}"),
                name: name.to_string(),
            })
            .collect()
    };
    Published {
        contacts: number(catalogs.iter().flat_map(contact_names).collect()),
        tags: number(catalogs.iter().flat_map(tag_names).collect()),
    }
}
