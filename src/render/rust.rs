//! Rust target: `generated/rust/`, the `no_std` crate `oqs-messages` (Cargo.toml, README.md,
//! src/lib.rs from `templates/lib.rs`). Identifiers, literals and docs are computed here; the
//! template holds layout and every value in it goes through the `.rs` escaper.
//!
//! Deliberately not here: parsing or formatting at run time beyond what the crate needs.

use askama::Template;

use super::escape::{markdown, rust_str, toml_str};
use super::symbols::Symbols;
use super::{provenance, template_error, Files, RenderError, RenderInput};
use crate::diff::{crate_versions, CrateVersion};
use crate::model::{Entry, MessageId};

const DIR: &str = "generated/rust";

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
    example_id: String,
    example_codes: Vec<String>,
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
            doc: format!("Message ID {}.", s.id),
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
    // The doc example looks up the message ID shared by most entries (0x04000001 in 1.20).
    let example = sym
        .ids
        .iter()
        .filter(|s| s.removed_in.is_none())
        .map(|s| s.id.first())
        .max_by_key(|&v| (newest.lookup(v).len(), std::cmp::Reverse(v)))
        .unwrap_or(0);
    let example_codes = newest
        .lookup(example)
        .iter()
        .map(|(c, _)| c.code.clone())
        .collect();

    let lib = LibRs {
        header: header.clone(),
        version: newest.document.version.clone(),
        codes,
        current_codes,
        ids,
        contacts: name_views(&sym.contacts),
        tags: name_views(&sym.tags),
        entries,
        example_id: hex_lit(example),
        example_codes,
    };
    let mut lib_rs = lib.render().map_err(|e| template_error("lib.rs", e))?;
    if !lib_rs.ends_with('\n') {
        lib_rs.push('\n');
    }

    // The crate's version follows the revisions: each new one bumps it as its change notes say.
    let crate_version = crate_versions(input.catalogs)
        .last()
        .copied()
        .unwrap_or(CrateVersion::FIRST);
    let mut files = Files::new();
    files.insert(
        format!("{DIR}/Cargo.toml"),
        cargo_toml(&header, &newest.document.version, crate_version).into_bytes(),
    );
    files.insert(
        format!("{DIR}/README.md"),
        readme(&header, &sym, example).into_bytes(),
    );
    files.insert(format!("{DIR}/src/lib.rs"), lib_rs.into_bytes());
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
         description = \"{}\"\nlicense = \"MIT OR Apache-2.0\"\nkeywords = [\"oqs\", \"no_std\"]\n\
         categories = [\"no-std\"]\n\n[dependencies]\n\
         serde = {{ version = \"1\", default-features = false, features = [\"derive\"], optional = true }}\n\n\
         [features]\n# Serialize for every type; Deserialize for the value types (codes, IDs, contacts, tags).\n\
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
    s.push_str(
        "```\n\nWith the optional `serde` feature every type implements `Serialize`, and \
         `DisplayCode`, `MessageId`, `Contact` and `Tag` also `Deserialize` (by identifier), so \
         they can be stored and read back.\n\nGenerated by `oqs-catalog`; do not edit. Codes and \
         message IDs that a later revision drops stay, marked `#[deprecated]`; contact and tag \
         identifiers never change meaning.\n",
    );
    s
}
