//! C target: `generated/c/oqs_messages.h` (declarations, constants) and `oqs_messages.c` (the
//! tables and the lookup), from `templates/oqs_messages.h` and `templates/oqs_messages.c`; and
//! the files that package them: `CMakeLists.txt` (a static library for `add_subdirectory`, and
//! its installation), `oqs_messagesConfig.cmake` (what `find_package` reads once installed)
//! and `oqs_messages.pc.in` (the pkg-config file, completed at installation).
//!
//! Both files are pure ASCII (strings as octal escapes of their UTF-8 bytes, by the `.h`/`.c`
//! escaper), because compilers on Japanese Windows read a BOM-less UTF-8 file as Shift-JIS.
//! Message IDs exceed `int` (0x81000005 > INT_MAX), so they are `#define`d as unsigned
//! literals, never enumerators. Data reaches comments only through [`c_comment`].

use askama::Template;

use super::escape::{c_comment, c_str};
use super::symbols::Symbols;
use super::{provenance, template_error, Files, RenderError, RenderInput};
use crate::model::{Entry, MessageId};

const DIR: &str = "generated/c";

struct Constant {
    name: String,
    value: String,
    comment: Option<String>,
}

struct CodeRow {
    number: u16,
    /// `OQS_TAG_…` of each tag, in heading order.
    tags: Vec<String>,
    text: String,
    title: String,
    message: Option<String>,
    removed_in: Option<String>,
    /// First entry index and count, when the code has entries.
    entries: Option<(usize, usize)>,
}

struct EntryRow {
    code: u16,
    error_type: Option<String>,
    /// First and last ID (equal for one ID).
    message_id: Option<(String, String)>,
    cause: Option<String>,
    action: Option<String>,
    /// `(constant, name, note)` of each contact.
    contacts: Vec<(String, String, Option<String>)>,
    /// The name of the static array of its contacts.
    contacts_array: String,
}

/// A message ID the newest revision no longer lists: its last entry and the revisions.
struct TombstoneRow {
    entry: EntryRow,
    last_seen: String,
    removed_in: String,
}

#[derive(Template)]
#[template(path = "oqs_messages.h")]
struct Header<'a> {
    header: &'a [String],
    version: &'a str,
    version_number: u64,
    entry_count: usize,
    tombstone_count: usize,
    code_count: usize,
    lookup_max: usize,
    codes: &'a [Constant],
    ids: &'a [Constant],
    contacts: &'a [Constant],
    tags: &'a [Constant],
}

#[derive(Template)]
#[template(path = "oqs_messages.c")]
struct Source<'a> {
    header: &'a [String],
    codes: &'a [CodeRow],
    entries: &'a [EntryRow],
    tombstones: &'a [TombstoneRow],
    /// `(constant, name)` of every contact and tag.
    contact_names: &'a [(String, String)],
    tag_names: &'a [(String, String)],
}

// The packaging files hold no catalog text: each value is the version (digits and dots,
// checked by `version_number`), a fixed description, or a provenance line made printable
// ASCII on one line by `c_str`, inside a `#` comment. So no escaper is needed, and none
// exists for CMake or pkg-config syntax.
#[derive(Template)]
#[template(path = "CMakeLists.txt", escape = "none")]
struct CMakeLists<'a> {
    header: &'a [String],
    version: &'a str,
    description: &'a str,
}

#[derive(Template)]
#[template(path = "oqs_messagesConfig.cmake", escape = "none")]
struct CMakeConfig<'a> {
    header: &'a [String],
    version: &'a str,
}

#[derive(Template)]
#[template(path = "oqs_messages.pc.in", escape = "none")]
struct PkgConfig<'a> {
    header: &'a [String],
}

/// `1.20` → 1020000: up to three numbers below 1000, as `OQS_MESSAGES_VERSION_NUMBER` (and
/// SQLite's version number) packs them; the version is also CMake's and pkg-config's.
fn version_number(version: &str) -> Result<u64, RenderError> {
    let parts: Vec<&str> = version.split('.').collect();
    let numbers: Option<Vec<u64>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    match numbers {
        Some(n) if (1..=3).contains(&n.len()) => Ok(n
            .iter()
            .chain(std::iter::repeat(&0))
            .take(3)
            .fold(0, |acc, &x| acc * 1000 + x)),
        _ => Err(RenderError::Target {
            target: "c",
            message: format!(
                "version {version:?} cannot be a C, CMake and pkg-config version: \
                 one to three numbers below 1000 joined by dots"
            ),
        }),
    }
}

fn c_hex(v: u32) -> String {
    format!("0x{v:08X}u")
}

/// One entry as a row of the C tables, under the code numbered `code`.
fn entry_row(
    code: u16,
    e: &Entry,
    sym: &Symbols<'_>,
    contacts_array: String,
) -> Result<EntryRow, RenderError> {
    let mut contacts = Vec::new();
    for c in &e.contacts {
        contacts.push((
            sym.contact(&c.name)?.c.clone(),
            c.name.clone(),
            c.note.clone(),
        ));
    }
    Ok(EntryRow {
        code,
        error_type: e.error_type.clone(),
        message_id: e.message_id.map(|m| (c_hex(m.first()), c_hex(m.last()))),
        cause: e.cause.clone(),
        action: e.action.clone(),
        contacts,
        contacts_array,
    })
}

/// The header and the source file.
pub fn render(input: RenderInput<'_>) -> Result<Files, RenderError> {
    let sym = Symbols::new(input)?;
    let newest = sym.newest;
    let header: Vec<String> = provenance(newest).iter().map(|l| c_comment(l)).collect();
    let removed = |v: &Option<String>| v.as_ref().map(|v| c_comment(&format!("removed in {v}")));

    let codes: Vec<Constant> = sym
        .codes
        .iter()
        .map(|c| Constant {
            name: c.c.clone(),
            value: format!("{}u", c.number),
            comment: removed(&c.removed_in),
        })
        .collect();
    let mut ids = Vec::new();
    for s in &sym.ids {
        match s.id {
            MessageId::Single(v) => ids.push(Constant {
                name: s.c.clone(),
                value: c_hex(v),
                comment: removed(&s.removed_in),
            }),
            MessageId::Range { first, last } => {
                for (end, v) in [("FIRST", first), ("LAST", last)] {
                    ids.push(Constant {
                        name: format!("{}_{end}", s.c),
                        value: c_hex(v),
                        comment: removed(&s.removed_in),
                    });
                }
            }
        }
    }
    let numbered = |names: &[super::symbols::NameSym]| {
        names
            .iter()
            .map(|n| Constant {
                name: n.c.clone(),
                value: n.number.to_string(),
                comment: None,
            })
            .collect::<Vec<_>>()
    };
    let contacts = numbered(&sym.contacts);
    let tags = numbered(&sym.tags);

    let mut code_rows: Vec<CodeRow> = Vec::new();
    for c in &sym.codes {
        let tags = c
            .code
            .tags
            .iter()
            .map(|t| sym.tag(t).map(|s| s.c.clone()))
            .collect::<Result<_, _>>()?;
        code_rows.push(CodeRow {
            number: c.number,
            tags,
            text: c.code.code.clone(),
            title: c.code.title.clone(),
            message: c.code.message.clone(),
            removed_in: c.removed_in.clone(),
            entries: (!c.entries.is_empty()).then_some((c.entries.start, c.entries.len())),
        });
    }
    let mut entry_rows = Vec::new();
    for (i, (ci, e)) in sym.entries.iter().enumerate() {
        let array = format!("oqs_contacts_{i}");
        entry_rows.push(entry_row(sym.codes[*ci].number, e, &sym, array)?);
    }
    let mut tombstones = Vec::new();
    for (i, t) in input.history.tombstones().iter().enumerate() {
        let number = sym.tombstone_code(t, "c")?.number;
        tombstones.push(TombstoneRow {
            entry: entry_row(number, t.entry, &sym, format!("oqs_tombstone_contacts_{i}"))?,
            last_seen: t.last_seen.to_string(),
            removed_in: t.removed_in.to_string(),
        });
    }
    if entry_rows.is_empty() || code_rows.is_empty() {
        return Err(RenderError::Target {
            target: "c",
            message: "a revision without codes or entries cannot make C tables".to_string(),
        });
    }

    let version = &newest.document.version;
    // At least 1, so that it can size an array also when no entry has an ID.
    let lookup_max = sym
        .probes()
        .into_iter()
        .map(|id| newest.lookup(id).len())
        .max()
        .unwrap_or(0)
        .max(1);
    let h = Header {
        header: &header,
        version,
        version_number: version_number(version)?,
        entry_count: entry_rows.len(),
        tombstone_count: tombstones.len(),
        code_count: code_rows.len(),
        lookup_max,
        codes: &codes,
        ids: &ids,
        contacts: &contacts,
        tags: &tags,
    }
    .render()
    .map_err(|e| template_error("oqs_messages.h", e))?;
    let names = |names: &[super::symbols::NameSym]| -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.c.clone(), n.name.clone()))
            .collect()
    };
    let c = Source {
        header: &header,
        codes: &code_rows,
        entries: &entry_rows,
        tombstones: &tombstones,
        contact_names: &names(&sym.contacts),
        tag_names: &names(&sym.tags),
    }
    .render()
    .map_err(|e| template_error("oqs_messages.c", e))?;

    let hash_header: Vec<String> = provenance(newest).iter().map(|l| c_str(l)).collect();
    let description = format!(
        "Display codes and message IDs of the OQS face-recognition card reader catalog, \
         revision {version}"
    );
    let cmake = CMakeLists {
        header: &hash_header,
        version,
        description: &description,
    }
    .render()
    .map_err(|e| template_error("CMakeLists.txt", e))?;
    let config = CMakeConfig {
        header: &hash_header,
        version,
    }
    .render()
    .map_err(|e| template_error("oqs_messagesConfig.cmake", e))?;
    let pc = PkgConfig {
        header: &hash_header,
    }
    .render()
    .map_err(|e| template_error("oqs_messages.pc.in", e))?;

    let mut files = Files::new();
    for (name, mut text) in [
        ("oqs_messages.h", h),
        ("oqs_messages.c", c),
        ("CMakeLists.txt", cmake),
        ("oqs_messagesConfig.cmake", config),
        ("oqs_messages.pc.in", pc),
    ] {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        files.insert(format!("{DIR}/{name}"), text.into_bytes());
    }
    Ok(files)
}
