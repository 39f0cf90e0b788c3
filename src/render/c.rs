//! C target: `generated/c/oqs_messages.h` (declarations, constants) and `oqs_messages.c` (the
//! tables and the lookup), from `templates/oqs_messages.h` and `templates/oqs_messages.c`.
//!
//! Both files are pure ASCII (strings as octal escapes of their UTF-8 bytes, by the `.h`/`.c`
//! escaper), because compilers on Japanese Windows read a BOM-less UTF-8 file as Shift-JIS.
//! Message IDs exceed `int` (0x81000005 > INT_MAX), so they are `#define`d as unsigned
//! literals, never enumerators. Data reaches comments only through [`c_comment`].

use askama::Template;

use super::escape::c_comment;
use super::symbols::Symbols;
use super::{provenance, template_error, Files, RenderError, RenderInput};
use crate::model::MessageId;

const DIR: &str = "generated/c";

struct Constant {
    name: String,
    value: String,
    comment: Option<String>,
}

struct CodeRow {
    number: u16,
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
}

#[derive(Template)]
#[template(path = "oqs_messages.h")]
struct Header<'a> {
    header: &'a [String],
    version: &'a str,
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
}

fn c_hex(v: u32) -> String {
    format!("0x{v:08X}u")
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

    let code_rows: Vec<CodeRow> = sym
        .codes
        .iter()
        .map(|c| CodeRow {
            number: c.number,
            text: c.code.code.clone(),
            title: c.code.title.clone(),
            message: c.code.message.clone(),
            removed_in: c.removed_in.clone(),
            entries: (!c.entries.is_empty()).then_some((c.entries.start, c.entries.len())),
        })
        .collect();
    let mut entry_rows = Vec::new();
    for (ci, e) in &sym.entries {
        let mut cs = Vec::new();
        for c in &e.contacts {
            cs.push((
                sym.contact(&c.name)?.c.clone(),
                c.name.clone(),
                c.note.clone(),
            ));
        }
        entry_rows.push(EntryRow {
            code: sym.codes[*ci].number,
            error_type: e.error_type.clone(),
            message_id: e.message_id.map(|m| (c_hex(m.first()), c_hex(m.last()))),
            cause: e.cause.clone(),
            action: e.action.clone(),
            contacts: cs,
        });
    }
    if entry_rows.is_empty() || code_rows.is_empty() {
        return Err(RenderError::Target {
            target: "c",
            message: "a revision without codes or entries cannot make C tables".to_string(),
        });
    }

    let h = Header {
        header: &header,
        version: &newest.document.version,
        codes: &codes,
        ids: &ids,
        contacts: &contacts,
        tags: &tags,
    }
    .render()
    .map_err(|e| template_error("oqs_messages.h", e))?;
    let c = Source {
        header: &header,
        codes: &code_rows,
        entries: &entry_rows,
    }
    .render()
    .map_err(|e| template_error("oqs_messages.c", e))?;
    let mut files = Files::new();
    for (name, mut text) in [("oqs_messages.h", h), ("oqs_messages.c", c)] {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        files.insert(format!("{DIR}/{name}"), text.into_bytes());
    }
    Ok(files)
}
