//! The HTML change notes: the Markdown lines of [`super`] as rows with character-level
//! highlighting of changed text (`templates/notes.html`; askama escapes), in one language.

use askama::Template;

use super::*;
#[derive(Template)]
#[template(path = "notes.html")]
struct HtmlNotes {
    t: &'static Words,
    lang: &'static str,
    provenance: Vec<String>,
    html_title: String,
    title: String,
    old: Side,
    new: Side,
    summary: String,
    /// The catalog's impact on its users (plain text).
    impact: String,
    /// The version-bump sentence: runs of code, strong and text.
    bump: Vec<HtmlSegment>,
    sections: Vec<HtmlSection>,
}

struct HtmlSection {
    name: &'static str,
    rows: Vec<HtmlRow>,
    /// Items of a list instead of rows (Deprecated): code spans and text.
    items: Vec<Vec<HtmlSegment>>,
}

/// A Markdown line of [`deprecated`] or [`bump_sentence`] as runs of code (`tag` "code"),
/// strong text ("strong") and text ("same"), unescaped: the only markup those lines hold.
fn html_item(line: &str) -> Vec<HtmlSegment> {
    let mut out = Vec::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 1 {
            out.push(HtmlSegment {
                tag: "code",
                text: part.to_string(),
            });
            continue;
        }
        for (j, run) in part.split("**").enumerate() {
            out.push(HtmlSegment {
                tag: if j % 2 == 1 { "strong" } else { "same" },
                text: unescape_md(run),
            });
        }
    }
    out.retain(|s| !s.text.is_empty());
    out
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
    /// `same`, `del` or `ins` in a value; `same`, `code` or `strong` in a sentence.
    tag: &'static str,
    text: String,
}

/// The notes as one self-contained HTML page in `lang`.
pub fn html(notes: &Notes<'_>, lang: Lang) -> Result<String, RenderError> {
    let cs = notes.changes;
    let t = lang.words();
    let deprecated = deprecated(cs, t)?;
    let sections = SECTIONS
        .iter()
        .map(|&section| HtmlSection {
            name: (t.section)(section),
            rows: notes
                .each()
                .filter(|(c, _)| section != Section::Deprecated && Section::of(c) == section)
                .map(|(c, link)| html_row(c, link, t))
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
        t,
        lang: lang.code(),
        provenance: comment_lines(cs, lang),
        html_title: (t.html_title)(&cs.old.version, &cs.new.version),
        title: (t.title)(&cs.old.version, &cs.new.version),
        old: cs.old.clone(),
        new: cs.new.clone(),
        summary: summary(cs, lang),
        impact: impact(cs, lang),
        bump: html_item(&bump_sentence(notes.release(), lang)),
        sections,
    };
    let mut s = page.render().map_err(|e| template_error("notes.html", e))?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

fn html_row(c: &Change, link: Option<&str>, t: &Words) -> HtmlRow {
    let highlight = c.kind == Kind::Changed;
    let (old, new) = match c.texts() {
        (Some(o), Some(n)) if highlight => text::inline(&o, &n),
        (o, n) => (plain(o.as_deref()), plain(n.as_deref())),
    };
    let at =
        |o: &Option<crate::diff::Origin>| o.as_ref().map(|o| (t.at)(&o.at)).unwrap_or_default();
    HtmlRow {
        code: c.code.clone().unwrap_or_default(),
        message_id: c.message_id().unwrap_or_default(),
        href: link.map(|a| format!("{HTML_PAGE}#{a}")).unwrap_or_default(),
        field: (t.what)(what(c)),
        class: match c.class {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Textual => "textual",
            Class::SourceTextOnly => "source-text-only",
        },
        class_label: (t.class)(c.class),
        normalization_only: c.normalization_only,
        note: t.remarks(&c.remarks).unwrap_or_default(),
        old: old.into_iter().map(html_segment).collect(),
        new: new.into_iter().map(html_segment).collect(),
        old_at: at(&c.old_at),
        new_at: at(&c.new_at),
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
