//! The HTML change notes: the Markdown lines of [`super`] as rows with character-level
//! highlighting of changed text (`templates/notes.html`; askama escapes).

use askama::Template;

use super::*;
#[derive(Template)]
#[template(path = "notes.html")]
struct HtmlNotes {
    provenance: Vec<String>,
    old: Side,
    new: Side,
    summary: String,
    impact: String,
    bump: String,
    sections: Vec<HtmlSection>,
}

struct HtmlSection {
    name: &'static str,
    rows: Vec<HtmlRow>,
    /// Items of a list instead of rows (Deprecated): code spans and text.
    items: Vec<Vec<HtmlSegment>>,
}

/// A Markdown line of [`deprecated`] as runs of code (`tag` "code") and text, unescaped.
fn html_item(line: &str) -> Vec<HtmlSegment> {
    line.split('`')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| HtmlSegment {
            tag: if i % 2 == 1 { "code" } else { "same" },
            text: unescape_md(t),
        })
        .collect()
}

/// The text of [`md_text`] back (HTML escapes by itself).
fn unescape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

struct HtmlRow {
    code: String,
    message_id: String,
    /// `../html/index.html#…`, or empty.
    href: String,
    field: String,
    class: &'static str,
    class_label: &'static str,
    normalization_only: bool,
    note: String,
    old: Vec<HtmlSegment>,
    new: Vec<HtmlSegment>,
    old_at: String,
    new_at: String,
}

struct HtmlSegment {
    /// `same`, `del` or `ins`.
    tag: &'static str,
    text: String,
}

/// The notes as one self-contained HTML page.
pub fn html(notes: &Notes<'_>) -> Result<String, RenderError> {
    let cs = notes.changes;
    let deprecated = deprecated(cs)?;
    let sections = SECTIONS
        .iter()
        .map(|&section| HtmlSection {
            name: section.name(),
            rows: notes
                .each()
                .filter(|(c, _)| section != Section::Deprecated && Section::of(c) == section)
                .map(|(c, link)| html_row(c, link))
                .collect(),
            items: if section == Section::Deprecated {
                deprecated.iter().map(|l| html_item(l)).collect()
            } else {
                Vec::new()
            },
        })
        .filter(|s| !s.rows.is_empty() || !s.items.is_empty())
        .collect();
    let page = HtmlNotes {
        provenance: provenance(cs)
            .into_iter()
            .map(|l| l.replace("-->", "-- >"))
            .collect(),
        old: cs.old.clone(),
        new: cs.new.clone(),
        summary: summary(cs),
        impact: super::impact(cs),
        bump: match notes.versions {
            Some([old, new]) => format!("{} ({old} → {new})", notes.bump),
            None => notes.bump.to_string(),
        },
        sections,
    };
    let mut s = page.render().map_err(|e| template_error("notes.html", e))?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

fn html_row(c: &Change, link: Option<&str>) -> HtmlRow {
    let highlight = c.kind == Kind::Changed;
    let (old, new) = match c.texts() {
        (Some(o), Some(n)) if highlight => text::inline(&o, &n),
        (o, n) => (plain(o.as_deref()), plain(n.as_deref())),
    };
    HtmlRow {
        code: c.code.clone().unwrap_or_default(),
        message_id: c.message_id().unwrap_or_default(),
        href: link.map(|a| format!("{HTML_PAGE}#{a}")).unwrap_or_default(),
        field: field_label(c),
        class: match c.class {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Textual => "textual",
            Class::SourceTextOnly => "source-text-only",
        },
        class_label: c.class.label(),
        normalization_only: c.normalization_only,
        note: c.note.clone().unwrap_or_default(),
        old: old.into_iter().map(html_segment).collect(),
        new: new.into_iter().map(html_segment).collect(),
        old_at: c
            .old_at
            .as_ref()
            .map(|o| o.at.to_string())
            .unwrap_or_default(),
        new_at: c
            .new_at
            .as_ref()
            .map(|o| o.at.to_string())
            .unwrap_or_default(),
    }
}

fn plain(text: Option<&str>) -> Vec<Segment> {
    text.map(|t| {
        vec![Segment {
            tag: SegmentTag::Same,
            text: t.to_string(),
        }]
    })
    .unwrap_or_default()
}

fn html_segment(s: Segment) -> HtmlSegment {
    HtmlSegment {
        tag: match s.tag {
            SegmentTag::Same => "same",
            SegmentTag::Deleted => "del",
            SegmentTag::Inserted => "ins",
        },
        text: s.text,
    }
}
