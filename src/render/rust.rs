//! Rust target: `generated/rust/`, the `no_std` crate `oqs-messages` (Cargo.toml, README.md,
//! src/lib.rs from `templates/lib.rs`). Identifiers, literals and docs are computed here; the
//! template holds layout and every value in it goes through the `.rs` escaper.
//!
//! Deliberately not here: parsing or formatting at run time beyond what the crate needs.

use askama::Template;

use super::escape::{markdown, rust_str, toml_str};
use super::symbols::Symbols;
use super::{provenance, template_error, Files, RenderError, RenderInput};
use crate::model::{Catalog, Code, Entry, MessageId};
use crate::release::CrateVersion;

const DIR: &str = "generated/rust";

/// The oldest Rust the crate builds with: the newest item of `core` it uses is
/// `core::error::Error` (stable since 1.81); it uses no language feature newer than that.
const RUST_VERSION: &str = "1.81";

#[derive(Template)]
#[template(path = "lib.rs")]
struct LibRs {
    header: Vec<String>,
    version: String,
    codes: Vec<CodeView>,
    current_codes: Vec<String>,
    ids: Vec<IdView>,
    contacts: Vec<NameView>,
    tags: Vec<NameView>,
    entries: Vec<EntryView>,
    example: LookupExample,
    tombstones: Vec<TombstoneView>,
    /// A value inside the first tombstone's ID, its code's variant, its last and removing
    /// revision (the example of `lookup_removed`).
    tombstone_example: Option<(String, String, String, String)>,
}

/// A message ID the newest revision no longer lists: its last entry and the revisions.
struct TombstoneView {
    entry: EntryView,
    last_seen: String,
    removed_in: String,
}

/// The values of `lookup`'s doc example, from the data (the example must pass as a doctest).
struct LookupExample {
    /// The message ID shared by most entries, as a Rust literal.
    id: String,
    /// The printed codes of its entries, in document order.
    codes: Vec<String>,
    /// The first entry's code identifier and message ID (a `MessageId` expression).
    first_code: String,
    first_id: String,
    /// An ID inside the first range, the code of its first entry and the number of entries.
    range: Option<(String, String, usize)>,
    /// An ID no entry has.
    missing: String,
}

struct CodeView {
    ident: String,
    number: u16,
    text: String,
    title: String,
    message: Option<String>,
    tags: Vec<String>,
    docs: Vec<String>,
    removed_in: Option<String>,
    entries: Option<(usize, usize)>,
}

struct IdView {
    ident: String,
    /// `MessageId::Single(0x…)` parts: value or first/last as Rust hex literals.
    single: Option<String>,
    first: String,
    last: String,
    doc: String,
    removed_in: Option<String>,
}

struct NameView {
    ident: String,
    name: String,
    doc: String,
}

struct EntryView {
    code: String,
    error_type: Option<String>,
    message_id: Option<(String, String)>,
    cause: Option<String>,
    action: Option<String>,
    contacts: Vec<(String, Option<String>)>,
}

/// `0x0300_0001`: grouped so that clippy's `unreadable_literal` stays quiet.
fn hex_lit(v: u32) -> String {
    format!("0x{:04X}_{:04X}", v >> 16, v & 0xFFFF)
}

fn code_docs(sym: &super::symbols::CodeSym<'_>, tag_idents: &[String]) -> Vec<String> {
    let code = sym.code;
    let mut docs = Vec::new();
    let tags: String = code.tags.iter().map(|t| format!("【{t}】")).collect();
    docs.push(markdown(&format!("{} {tags}{}", code.code, code.title)));
    if let Some(m) = &code.message {
        docs.push(String::new());
        docs.push(markdown(&format!("画面表示: {m}")));
    }
    if !tag_idents.is_empty() {
        docs.push(String::new());
        let links: Vec<String> = tag_idents.iter().map(|t| format!("[`Tag::{t}`]")).collect();
        docs.push(format!("Tags: {}", links.join(", ")));
    }
    if let Some(v) = &sym.removed_in {
        docs.push(String::new());
        docs.push(markdown(&format!(
            "Removed in revision {v}; kept so that code naming it still compiles."
        )));
    }
    docs
}

fn entry_view(code: &str, e: &Entry, sym: &Symbols<'_>) -> Result<EntryView, RenderError> {
    let mut contacts = Vec::new();
    for c in &e.contacts {
        contacts.push((sym.contact(&c.name)?.rust.clone(), c.note.clone()));
    }
    Ok(EntryView {
        code: code.to_string(),
        error_type: e.error_type.clone(),
        message_id: e
            .message_id
            .map(|m| (hex_lit(m.first()), hex_lit(m.last()))),
        cause: e.cause.clone(),
        action: e.action.clone(),
        contacts,
    })
}

/// `Message ID 0x04000001, under 004, 005 and 902.`: where the constant's entries stand.
fn id_doc(newest: &Catalog, id: MessageId) -> String {
    let mut codes: Vec<&str> = newest
        .entries()
        .filter(|(_, e)| e.message_id == Some(id))
        .map(|(c, _)| c.code.as_str())
        .collect();
    codes.dedup();
    match codes.split_last() {
        None => format!("Message ID {id}."),
        Some((last, [])) => format!("Message ID {id}, under {last}."),
        Some((last, rest)) => format!("Message ID {id}, under {} and {last}.", rest.join(", ")),
    }
}

/// `MessageId::Single(0x0400_0011)` or `MessageId::Range { first: …, last: … }`.
fn id_expr(id: MessageId) -> String {
    match id {
        MessageId::Single(v) => format!("MessageId::Single({})", hex_lit(v)),
        MessageId::Range { first, last } => format!(
            "MessageId::Range {{ first: {}, last: {} }}",
            hex_lit(first),
            hex_lit(last)
        ),
    }
}

/// The doc example of `lookup`: the message ID shared by most entries (0x04000001 in 1.20),
/// a value inside the first range, and a value no entry has.
fn lookup_example(sym: &Symbols<'_>) -> Result<(u32, LookupExample), RenderError> {
    let newest = sym.newest;
    let current = || sym.ids.iter().filter(|s| s.removed_in.is_none());
    let id = current()
        .map(|s| s.id.first())
        .max_by_key(|&v| (newest.lookup(v).len(), std::cmp::Reverse(v)))
        .ok_or_else(|| RenderError::Target {
            target: "rust",
            message: "a revision without message IDs gives no lookup example".to_string(),
        })?;
    let hits = newest.lookup(id);
    let (first_code, first_entry) = *hits.first().ok_or_else(|| RenderError::Target {
        target: "rust",
        message: format!("message ID {} has no entry", MessageId::Single(id)),
    })?;
    let code_ident = |code: &Code| -> String {
        sym.codes
            .iter()
            .find(|c| std::ptr::eq(c.code, code))
            .map(|c| c.rust.clone())
            .unwrap_or_default()
    };
    let range = current().find_map(|s| match s.id {
        MessageId::Range { first, last } => {
            let inside = first + (last - first) / 2;
            let hits = newest.lookup(inside);
            let (code, _) = hits.first()?;
            Some((hex_lit(inside), code_ident(code), hits.len()))
        }
        MessageId::Single(_) => None,
    });
    // The smallest ID that follows no entry's ID or range (0 when nothing starts at 0).
    let missing = std::iter::once(0)
        .chain(current().filter_map(|s| s.id.last().checked_add(1)))
        .filter(|&v| newest.lookup(v).is_empty())
        .min()
        .unwrap_or(0);
    Ok((
        id,
        LookupExample {
            id: hex_lit(id),
            codes: hits.iter().map(|(c, _)| c.code.clone()).collect(),
            first_code: code_ident(first_code),
            first_id: first_entry.message_id.map(id_expr).unwrap_or_default(),
            range,
            missing: hex_lit(missing),
        },
    ))
}

/// The crate's files.
pub fn render(input: RenderInput<'_>) -> Result<Files, RenderError> {
    let sym = Symbols::new(input)?;
    let newest = sym.newest;
    let header = provenance(newest);

    let mut codes = Vec::new();
    for c in &sym.codes {
        let tags: Vec<String> = c
            .code
            .tags
            .iter()
            .map(|t| sym.tag(t).map(|s| s.rust.clone()))
            .collect::<Result<_, _>>()?;
        codes.push(CodeView {
            ident: c.rust.clone(),
            number: c.number,
            text: c.code.code.clone(),
            title: c.code.title.clone(),
            message: c.code.message.clone(),
            docs: code_docs(c, &tags),
            tags,
            removed_in: c.removed_in.clone(),
            entries: c
                .removed_in
                .is_none()
                .then_some((c.entries.start, c.entries.end)),
        });
    }
    let current_codes = sym
        .codes
        .iter()
        .filter(|c| c.removed_in.is_none())
        .map(|c| c.rust.clone())
        .collect();
    let ids = sym
        .ids
        .iter()
        .map(|s| IdView {
            ident: s.rust.clone(),
            single: match s.id {
                MessageId::Single(v) => Some(hex_lit(v)),
                MessageId::Range { .. } => None,
            },
            first: hex_lit(s.id.first()),
            last: hex_lit(s.id.last()),
            doc: id_doc(newest, s.id),
            removed_in: s.removed_in.clone(),
        })
        .collect();
    let name_views = |names: &[super::symbols::NameSym]| {
        names
            .iter()
            .map(|n| NameView {
                ident: n.rust.clone(),
                name: n.name.clone(),
                doc: markdown(&n.name),
            })
            .collect::<Vec<_>>()
    };
    let mut entries = Vec::new();
    for (ci, e) in &sym.entries {
        entries.push(entry_view(&sym.codes[*ci].rust, e, &sym)?);
    }
    let (example_id, example) = lookup_example(&sym)?;
    let mut tombstones = Vec::new();
    let mut tombstone_example = None;
    for t in input.history.tombstones() {
        let code = sym.tombstone_code(t, "rust")?;
        if tombstone_example.is_none() {
            tombstone_example = Some((
                hex_lit(t.id.first()),
                code.rust.clone(),
                t.last_seen.to_string(),
                t.removed_in.to_string(),
            ));
        }
        tombstones.push(TombstoneView {
            entry: entry_view(&code.rust, t.entry, &sym)?,
            last_seen: t.last_seen.to_string(),
            removed_in: t.removed_in.to_string(),
        });
    }

    let lib = LibRs {
        header: header.clone(),
        version: newest.document.version.clone(),
        codes,
        current_codes,
        ids,
        contacts: name_views(&sym.contacts),
        tags: name_views(&sym.tags),
        entries,
        example,
        tombstones,
        tombstone_example,
    };
    let mut lib_rs = lib.render().map_err(|e| template_error("lib.rs", e))?;
    if !lib_rs.ends_with('\n') {
        lib_rs.push('\n');
    }

    // The crate's version follows its public API from revision to revision (`rust_api`).
    let crate_version = input.series.newest();
    let mut files = Files::new();
    files.insert(
        format!("{DIR}/Cargo.toml"),
        cargo_toml(&header, &newest.document.version, crate_version).into_bytes(),
    );
    files.insert(
        format!("{DIR}/README.md"),
        readme(&header, &sym, example_id).into_bytes(),
    );
    files.insert(format!("{DIR}/src/lib.rs"), lib_rs.into_bytes());
    // The project's licence texts, verbatim, so the crate carries its licence when published.
    files.insert(
        format!("{DIR}/LICENSE-MIT"),
        include_bytes!("../../LICENSE-MIT").to_vec(),
    );
    files.insert(
        format!("{DIR}/LICENSE-APACHE"),
        include_bytes!("../../LICENSE-APACHE").to_vec(),
    );
    // `cargo fmt` at the workspace root must not rewrite generated code (`check` would fail).
    let mut fmt: String = header
        .iter()
        .map(|l| format!("# {}\n", rust_str(l)))
        .collect();
    fmt.push_str("disable_all_formatting = true\n");
    files.insert(format!("{DIR}/rustfmt.toml"), fmt.into_bytes());
    Ok(files)
}

fn cargo_toml(header: &[String], version: &str, crate_version: CrateVersion) -> String {
    let mut s: String = header
        .iter()
        .map(|l| format!("# {}\n", rust_str(l)))
        .collect();
    s.push_str(&format!(
        "\n[package]\nname = \"oqs-messages\"\nversion = \"{crate_version}\"\nedition = \"2021\"\n\
         rust-version = \"{RUST_VERSION}\"\ndescription = \"{}\"\n\
         license = \"MIT OR Apache-2.0\"\nreadme = \"README.md\"\nkeywords = [\"oqs\", \"no_std\"]\n\
         categories = [\"no-std\"]\n\n[dependencies]\n\
         serde = {{ version = \"1\", default-features = false, optional = true }}\n\n\
         [features]\n# The JSON target's form: Serialize for every type; Deserialize for the value types\n\
         # (codes, IDs, contacts, tags). Hand-written impls: no serde_derive, no allocator.\n\
         serde = [\"dep:serde\"]\n",
        toml_str(&format!(
            "Display codes and message IDs of the OQS face-recognition card reader catalog, revision {version}"
        ))
    ));
    s
}

/// The crate README; its Rust blocks run as doctests (`#![doc = include_str!("../README.md")]`).
fn readme(header: &[String], sym: &Symbols<'_>, example: u32) -> String {
    let newest = sym.newest;
    let comment: String = header
        .iter()
        .map(|l| {
            format!(
                "{}\n",
                rust_str(l).replace("-->", "- ->").replace("--!>", "- -!>")
            )
        })
        .collect();
    let first = sym.codes.iter().find(|c| c.removed_in.is_none());
    let mut s = format!(
        "<!--\n{comment}-->\n\n# oqs-messages\n\n\
         The display codes and message IDs of 「{}」, revision {}, for `no_std` Rust: \
         what a face-recognition card reader's screen means, whom to contact, and every entry \
         of a message ID. No dependencies.\n\n```rust\n\
         use oqs_messages::{{lookup, DisplayCode, VERSION}};\n\n\
         assert_eq!(VERSION, \"{}\");\n",
        markdown(&newest.document.title),
        markdown(&newest.document.version),
        rust_str(&newest.document.version),
    );
    if let Some(c) = first {
        s.push_str(&format!(
            "\nlet code: DisplayCode = \"{}\".parse().unwrap();\n\
             assert_eq!(code, DisplayCode::{});\n\
             assert_eq!(code.code(), {});\n\
             println!(\"{{code}}: {{}}\", code.title());\n",
            rust_str(&c.code.code),
            c.rust,
            c.number
        ));
    }
    {
        let id = example;
        s.push_str(&format!(
            "\n// Every entry of a message ID (ranges included), in document order.\n\
             for entry in lookup({}) {{\n    \
             println!(\"{{}} {{:?}} {{:?}}\", entry.code, entry.cause, entry.contacts);\n}}\n\
             assert_eq!(lookup({}).count(), {});\n",
            hex_lit(id),
            hex_lit(id),
            newest.lookup(id).len()
        ));
    }
    s.push_str(&format!(
        "```\n\n`MessageId` parses and prints hexadecimal (`\"0x04000011\".parse()`, \
         `0xF0000000~0xF7FFFFFF` for a range); `Contact::ALL` and `Tag::ALL` list the contacts \
         and tags.\n\n\
         ## serde\n\n\
         With the optional `serde` feature (no other dependency, no allocator) the types take \
         the form of the JSON target `oqs-messages.json` that comes with this crate: an entry \
         serializes as\n\n\
         ```json\n\
         {{\"code\": \"003\", \"error_type\": \"…\", \"message_id\": \"0x04000011\", \
         \"cause\": \"…\", \"action\": \"…\", \"contacts\": [{{\"name\": \"…\"}}]}}\n\
         ```\n\n\
         (fields that are `None` or empty left out), a range as `{{\"first\": \"0xF0000000\", \
         \"last\": \"0xF7FFFFFF\"}}`, contacts and tags as their names. `DisplayCode` \
         (`\"001\"`), `MessageId`, `Contact` and `Tag` (from the name or the identifier) also \
         implement `Deserialize`.\n\n\
         ## Compatibility\n\n\
         Rust {RUST_VERSION} or later. Generated by `oqs-catalog`; do not edit. Codes and \
         message IDs that a later revision drops stay, marked `#[deprecated]`, and \
         `lookup_removed` returns the last entry of such a message ID with the revision that \
         removed it; contact and tag identifiers never change meaning.\n\n\
         The version follows this crate's public API by cargo's semver rules, not the \
         catalog's: a new catalog revision is a minor release when it adds items (a message \
         ID, code, contact or tag) or deprecates some, and a patch release when only the data \
         changes, so `cargo update` brings it. What a revision means for help desks (a \
         message ID dropped, say) is in the catalog's change notes.\n\n\
         ## Licence\n\n\
         MIT OR Apache-2.0, at your option (`LICENSE-MIT`, `LICENSE-APACHE`).\n",
    ));
    s
}
