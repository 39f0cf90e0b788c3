//! HTML target: the newest model → `generated/html/index.html`, one self-contained page (CSS
//! and JS inline, no network) that shows the table the way the source lays it out and lets a
//! reader search it and link to an entry.
//!
//! Input: [`RenderInput`] (only the newest revision is shown). Output: the page's bytes.
//! This module computes everything the template shows (row anchors from [`super::anchor`],
//! merged-cell spans, search keys, links from a footnote mark in the text to its footnote);
//! `templates/index.html` holds layout only and escapes every value with askama's HTML
//! escaper. Of the older revisions it shows what the [`History`] says: on each entry the
//! revision it was added in and the ones that changed it (after the first revision), a folded
//! history of its message ID, and a section of the removed message IDs (tombstones) with their
//! last text, each under the anchor its row had ([`PageAnchors::removed`]), so links in older
//! notes still resolve. The notes themselves are the notes' job; it embeds no data for
//! scripts except in `data-*` attributes.

use std::collections::BTreeMap;

use askama::Template;

use super::anchor::{PageAnchors, RowAnchor};
use super::notes::lang::{Lang, What};
use super::{provenance, Files, RenderError, RenderInput};
use crate::diff::Change;
use crate::history::{About, EventKind, History};
use crate::model::message_id::hex;
use crate::model::{Catalog, Code, Entry, Field, MessageId};

/// Where the page is written, relative to the project root.
pub const PATH: &str = "generated/html/index.html";

/// Adds the page to `files`; renders nothing when there is no revision yet.
pub fn render(input: RenderInput<'_>, files: &mut Files) -> Result<(), RenderError> {
    let Some(catalog) = input.newest() else {
        return Ok(());
    };
    files.insert(
        PATH.to_string(),
        page_with(catalog, Some(input.history))?.into_bytes(),
    );
    Ok(())
}

/// The page for one revision, without history.
pub fn page(catalog: &Catalog) -> Result<String, RenderError> {
    page_with(catalog, None)
}

/// The page for the newest revision of `history` (or for `catalog` alone).
fn page_with(catalog: &Catalog, history: Option<&History<'_>>) -> Result<String, RenderError> {
    let mut out = Page::new(catalog, history)
        .render()
        .map_err(|e| RenderError::Target {
            target: PATH,
            message: e.to_string(),
        })?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "index.html")]
struct Page {
    /// Lines of the provenance comment. The HTML escaper makes them safe there too: a comment
    /// ends only at `-->` or `--!>` and may not hold `<!--` (HTML §13.1.6), and every `<`, `>`
    /// becomes an entity; each line is indented, so none starts with `>` or `->`.
    provenance: Vec<String>,
    title: String,
    version: String,
    /// Shown folded at the end ("about"), not at the top: the help desk needs the table first.
    source_file: String,
    source_kind: String,
    source_sha256: String,
    cross_checked: Vec<String>,
    /// Captions of columns the tool does not know (`Entry::extra`), in name order.
    extra_columns: Vec<String>,
    groups: Vec<Group>,
    entry_count: usize,
    footnotes: Vec<Footnote>,
    notes: Vec<Vec<Span>>,
    /// The message IDs the revision no longer lists, with their last entries.
    removed: Vec<RemovedRow>,
    /// The codes the revision no longer has: number, title, last and removing revision.
    removed_codes: Vec<(String, String, String, String)>,
}

/// What the history says of one row (only when there is more than one revision).
struct RowHistory {
    /// The revision that added the entry, when it is not the first one.
    since: Option<String>,
    changed_in: Vec<String>,
    /// The events of its message ID, oldest first.
    events: Vec<EventView>,
}

struct EventView {
    /// The revision the event led to.
    version: String,
    kind: &'static str,
    text: String,
}

/// A tombstone: a removed message ID with the entry that last held it.
struct RemovedRow {
    anchor: String,
    alias: Option<String>,
    message_id: String,
    id_first: String,
    id_last: String,
    code: String,
    title: String,
    error_type: String,
    cause: String,
    action: String,
    contacts: String,
    last_seen: String,
    removed_in: String,
    events: Vec<EventView>,
}

/// A piece of text; a footnote's mark (`※1`) links to the footnote.
struct Span {
    text: String,
    /// The footnote's element id, when this piece is its mark.
    footnote: Option<String>,
}

/// One code with its rows: the code, heading and message cells span all of them.
struct Group {
    code: String,
    tags: Vec<String>,
    title: String,
    /// The printed heading when it is not `【tags】` + title.
    heading_text: Option<String>,
    message: Vec<Span>,
    rows: Vec<Row>,
}

struct Row {
    /// Unique in the page: `004-0x04000001`, `004-0x04000001-2`, `101-1` (no ID).
    anchor: String,
    /// `0x04000001` on the first entry of the page with that single ID.
    alias: Option<String>,
    error_type: Vec<Span>,
    /// Canonical text: `0x04000001` or `0xF0000000~0xF7FFFFFF`.
    message_id: Option<String>,
    /// The same as one ID or the two ends of a range, so a range can wrap after its `~`.
    id_parts: Vec<String>,
    /// What the source printed when it differs from the canonical text.
    printed_id: Option<String>,
    /// What the source printed where there is no ID (`-`), shown as is.
    no_id_text: String,
    /// Eight upper-case hex digits of the first and last ID, for the range search.
    id_first: String,
    id_last: String,
    cause: Vec<Span>,
    action: Vec<Span>,
    contacts: Vec<ContactView>,
    /// Printed contact text that the parsed contacts do not give back (e.g. `-`).
    contacts_text: Option<String>,
    /// Rows the contact cell spans: 0 on a row merged into the one above.
    contact_span: usize,
    /// Index of the run of equal contact cells within the group.
    contact_run: usize,
    /// Values of `extra_columns`, each with its caption.
    extras: Vec<(String, String)>,
    /// Corrections applied by errata: `field: printed → corrected (reason)`.
    errata: Vec<String>,
    history: Option<RowHistory>,
}

struct ContactView {
    name: String,
    note: Vec<Span>,
}

struct Footnote {
    /// `footnote-1` for the first footnote: the target of its mark's links.
    id: String,
    mark: Option<String>,
    text: String,
}

/// The footnotes' marks with the ids of their elements, longest mark first (so that `※10`
/// is tried before `※1`).
#[derive(Default)]
struct Marks(Vec<(String, String)>);

impl Marks {
    fn new(footnotes: &[Footnote]) -> Marks {
        let mut marks: Vec<(String, String)> = footnotes
            .iter()
            .filter_map(|f| Some((f.mark.clone()?, f.id.clone())))
            .filter(|(m, _)| !m.is_empty())
            .collect();
        marks.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Marks(marks)
    }

    /// `text` cut where a mark stands. A mark followed by a digit is a longer mark (`※1` in
    /// `※12`), not this one.
    fn spans(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut plain = String::new();
        let mut rest = text;
        'scan: while let Some(c) = rest.chars().next() {
            for (mark, id) in &self.0 {
                if let Some(after) = rest.strip_prefix(mark.as_str()) {
                    if !after.chars().next().is_some_and(|d| d.is_numeric()) {
                        if !plain.is_empty() {
                            out.push(Span {
                                text: std::mem::take(&mut plain),
                                footnote: None,
                            });
                        }
                        out.push(Span {
                            text: mark.clone(),
                            footnote: Some(id.clone()),
                        });
                        rest = after;
                        continue 'scan;
                    }
                }
            }
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if !plain.is_empty() {
            out.push(Span {
                text: plain,
                footnote: None,
            });
        }
        out
    }

    fn opt(&self, text: Option<&str>) -> Vec<Span> {
        text.map(|t| self.spans(t)).unwrap_or_default()
    }
}

impl Page {
    fn new(catalog: &Catalog, history: Option<&History<'_>>) -> Page {
        let doc = &catalog.document;
        let mut extra: Vec<String> = catalog
            .entries()
            .flat_map(|(_, e)| e.extra.keys().cloned())
            .collect();
        extra.sort();
        extra.dedup();
        let footnotes: Vec<Footnote> = catalog
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, f)| Footnote {
                id: format!("footnote-{}", i + 1),
                mark: f.mark.clone(),
                text: f.text.clone(),
            })
            .collect();
        let marks = Marks::new(&footnotes);
        let anchors = PageAnchors::new(catalog);
        let history = history.filter(|h| h.has_past());
        let mut groups: Vec<Group> = catalog
            .codes
            .iter()
            .enumerate()
            .map(|(ci, code)| group(code, &extra, anchors.rows(ci), &marks))
            .collect();
        if let Some(h) = history {
            for (ci, g) in groups.iter_mut().enumerate() {
                let code = &catalog.codes[ci];
                for (ei, row) in g.rows.iter_mut().enumerate() {
                    let (Some(e), Some(life)) = (code.entries.get(ei), h.newest_life(ci, ei))
                    else {
                        continue;
                    };
                    row.history = Some(RowHistory {
                        since: (life.since > 0).then(|| h.version(life.since).to_string()),
                        changed_in: life
                            .changed_in
                            .iter()
                            .map(|&r| h.version(r).to_string())
                            .collect(),
                        events: e.message_id.map(|m| events(h, m)).unwrap_or_default(),
                    });
                }
            }
        }
        let removed = history.map(removed_rows).unwrap_or_default();
        let removed_codes = history
            .map(|h| {
                h.removed_codes()
                    .iter()
                    .map(|r| {
                        (
                            r.code.code.clone(),
                            r.code.title.clone(),
                            r.last_seen.to_string(),
                            r.removed_in.to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Page {
            provenance: provenance(catalog),
            title: doc.title.clone(),
            version: doc.version.clone(),
            source_file: doc.source.file.clone(),
            source_kind: doc.source.kind.to_string(),
            source_sha256: doc.source.sha256.clone(),
            cross_checked: doc.cross_checked.iter().map(|s| s.file.clone()).collect(),
            extra_columns: extra,
            groups,
            entry_count: catalog.entries().count(),
            notes: catalog.notes.iter().map(|n| marks.spans(n)).collect(),
            footnotes,
            removed,
            removed_codes,
        }
    }
}

/// The rows of the removed section: each tombstone under the anchor its row had.
fn removed_rows(h: &History<'_>) -> Vec<RemovedRow> {
    let tombstones = h.tombstones();
    let anchors = PageAnchors::removed(tombstones.iter().map(|t| (t.code.code.as_str(), t.id)));
    tombstones
        .iter()
        .zip(anchors)
        .map(|(t, a)| {
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            RemovedRow {
                anchor: a.id,
                alias: a.alias,
                message_id: t.id.to_string(),
                id_first: format!("{:08X}", t.id.first()),
                id_last: format!("{:08X}", t.id.last()),
                code: t.code.code.clone(),
                title: t.code.title.clone(),
                error_type: text(&t.entry.error_type),
                cause: text(&t.entry.cause),
                action: text(&t.entry.action),
                contacts: t.entry.contacts_text().unwrap_or_default(),
                last_seen: t.last_seen.to_string(),
                removed_in: t.removed_in.to_string(),
                events: events(h, t.id),
            }
        })
        .collect()
}

/// The events of a message ID (its first value) over the revisions, oldest first.
fn events(h: &History<'_>, id: MessageId) -> Vec<EventView> {
    let story = h.story(About::Id(id.first()));
    story
        .steps
        .iter()
        .flat_map(|step| {
            step.events.iter().map(|e| EventView {
                version: step.to.to_string(),
                kind: kind_ja(e.kind),
                text: event_ja(e.change),
            })
        })
        .collect()
}

fn kind_ja(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Added => "追加",
        EventKind::ReAdded => "再追加",
        EventKind::Changed => "変更",
        EventKind::Moved => "移動",
        EventKind::Reordered => "並び替え",
        EventKind::Removed => "削除",
        EventKind::Corrected => "表記の訂正",
    }
}

/// One event for the page: the code, the column (by its caption) and the texts, cut short.
fn event_ja(c: &Change) -> String {
    let cut = |t: &str| {
        let line: String = t.split('\n').map(str::trim).collect::<Vec<_>>().join(" ");
        match line.char_indices().nth(40) {
            Some((i, _)) => format!("「{}…」", &line[..i]),
            None => format!("「{line}」"),
        }
    };
    let field = Field::ALL
        .iter()
        .find(|f| f.name() == c.field)
        .map_or(c.field.clone(), |f| f.caption().to_string());
    let code = c.code.clone().unwrap_or_default();
    let (old, new) = c.texts();
    match (c.field.as_str(), old, new) {
        ("code", Some(o), Some(n)) => (Lang::Ja.words().moved)(&o, &n),
        ("entry" | "code", o, n) => format!("{code} {}", cut(&n.or(o).unwrap_or_default())),
        ("order", _, _) => format!("{code} {}", (Lang::Ja.words().what)(What::RowsReordered)),
        (_, Some(o), Some(n)) => format!("{code} {field}: {} → {}", cut(&o), cut(&n)),
        (_, o, n) => format!("{code} {field}: {}", cut(&n.or(o).unwrap_or_default())),
    }
}

fn group(code: &Code, extra: &[String], anchors: &[RowAnchor], marks: &Marks) -> Group {
    let heading = code.heading();
    let canonical = crate::model::canonical_heading(&code.tags, &code.title);
    let mut rows: Vec<Row> = Vec::with_capacity(code.entries.len().max(1));
    // Consecutive equal contact cells are one merged cell in the source (fill-down, DESIGN §3).
    let (mut run, mut start) = (0, 0);
    for (i, e) in code.entries.iter().enumerate() {
        let mut row = row(e, extra, anchors.get(i), marks);
        if i > 0 && code.entries[i - 1].contacts_text() == e.contacts_text() {
            rows[start].contact_span += 1;
            row.contact_span = 0;
        } else {
            run += usize::from(i > 0);
            start = i;
        }
        row.contact_run = run;
        rows.push(row);
    }
    if rows.is_empty() {
        // A code without rows still shows its code, heading and message.
        let blank = Entry {
            error_type: None,
            message_id: None,
            cause: None,
            action: None,
            contacts: Vec::new(),
            extra: BTreeMap::new(),
            source_text: Default::default(),
            errata: Vec::new(),
            at: crate::model::At {
                page: None,
                sheet: None,
                row: None,
            },
        };
        rows.push(row(&blank, extra, anchors.first(), marks));
    }
    Group {
        code: code.code.clone(),
        tags: code.tags.clone(),
        title: code.title.clone(),
        heading_text: (heading != canonical).then_some(heading),
        message: marks.opt(code.message.as_deref()),
        rows,
    }
}

fn row(e: &Entry, extra: &[String], anchor: Option<&RowAnchor>, marks: &Marks) -> Row {
    let message_id = e.message_id.map(|m| m.to_string());
    let printed_id = e
        .source_text
        .message_id
        .clone()
        .filter(|p| message_id.as_ref().is_some_and(|id| id != p));
    let no_id_text = match &message_id {
        Some(_) => String::new(),
        None => e.source_text.message_id.clone().unwrap_or_default(),
    };
    let contacts_text = e.source_text.contacts.clone();
    let extras = extra
        .iter()
        .map(|k| (k.clone(), e.extra.get(k).cloned().unwrap_or_default()))
        .collect();
    let errata = e
        .errata
        .iter()
        .map(|a| {
            format!(
                "{}: {} → {} ({})",
                a.field, a.printed, a.corrected, a.reason
            )
        })
        .collect();
    Row {
        anchor: anchor.map(|a| a.id.clone()).unwrap_or_default(),
        alias: anchor.and_then(|a| a.alias.clone()),
        error_type: marks.opt(e.error_type.as_deref()),
        message_id,
        id_parts: match e.message_id {
            Some(MessageId::Single(v)) => vec![hex(v)],
            Some(MessageId::Range { first, last }) => vec![hex(first), hex(last)],
            None => Vec::new(),
        },
        printed_id,
        no_id_text,
        id_first: e
            .message_id
            .map(|m| format!("{:08X}", m.first()))
            .unwrap_or_default(),
        id_last: e
            .message_id
            .map(|m| format!("{:08X}", m.last()))
            .unwrap_or_default(),
        cause: marks.opt(e.cause.as_deref()),
        action: marks.opt(e.action.as_deref()),
        contacts: e
            .contacts
            .iter()
            .map(|c| ContactView {
                name: c.name.clone(),
                note: marks.opt(c.note.as_deref()),
            })
            .collect(),
        contacts_text,
        contact_span: 1,
        contact_run: 0,
        extras,
        errata,
        history: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::model::committed_1_20()
    }

    /// A removed code keeps its `code-…` anchor and a removed ID its row anchors, so links in
    /// older notes still name an element; the page of one revision has neither section.
    #[test]
    fn removed_codes_and_ids_keep_their_anchors() {
        let old = catalog();
        let mut new = old.clone();
        new.document.version = "1.21".to_string();
        new.codes.retain(|c| c.code != "017");
        let catalogs = [old, new];
        let changes = crate::diff::consecutive(&catalogs);
        let history = History::new(&catalogs, &changes);
        let html = page_with(&catalogs[1], Some(&history)).expect("page");
        for id in ["code-017", "017-0x8100000D", "0x8100000D", "017-0x8100000E"] {
            assert!(html.contains(&format!(" id=\"{id}\"")), "#{id}");
        }
        assert!(html.contains("(1.20版まで掲載、1.21版で削除)"));
        let one = page_with(&catalogs[0], None).expect("page");
        assert!(!one.contains("class=\"removed\""));
    }

    #[test]
    fn anchors_are_unique_and_first_ids_get_an_alias() {
        let page = Page::new(&catalog(), None);
        let mut seen = std::collections::BTreeSet::new();
        for r in page.groups.iter().flat_map(|g| &g.rows) {
            assert!(seen.insert(r.anchor.clone()), "duplicate {}", r.anchor);
            if let Some(a) = &r.alias {
                assert!(seen.insert(a.clone()), "duplicate {a}");
            }
        }
        let rows: Vec<&Row> = page.groups.iter().flat_map(|g| &g.rows).collect();
        let with = |id: &str| -> Vec<(&str, Option<&str>)> {
            rows.iter()
                .filter(|r| r.message_id.as_deref() == Some(id))
                .map(|r| (r.anchor.as_str(), r.alias.as_deref()))
                .collect()
        };
        assert_eq!(
            with("0x04000001"),
            [
                ("004-0x04000001", Some("0x04000001")),
                ("004-0x04000001-2", None),
                ("005-0x04000001", None),
                ("902-0x04000001", None),
            ]
        );
    }

    #[test]
    fn equal_consecutive_contacts_are_merged_within_a_code() {
        let page = Page::new(&catalog(), None);
        for g in &page.groups {
            let spans: usize = g.rows.iter().map(|r| r.contact_span).sum();
            assert_eq!(spans, g.rows.len(), "code {}", g.code);
            assert_eq!(g.rows.first().map(|r| r.contact_span > 0), Some(true));
        }
        let g001 = page.groups.iter().find(|g| g.code == "001").expect("001");
        assert_eq!(
            g001.rows.iter().map(|r| r.contact_span).collect::<Vec<_>>(),
            [2, 0]
        );
    }

    #[test]
    fn text_cannot_end_the_comment_or_the_script() {
        let mut c = catalog();
        c.document.source.file = "input/a-->b--!><!--<script>.xlsx".to_string();
        c.codes[0].title = "</script><b>x</b>".to_string();
        let html = page(&c).expect("page");
        assert_eq!(html.matches("-->").count(), 1, "only the comment's own end");
        assert_eq!(html.matches("<!--").count(), 1);
        assert_eq!(html.matches("</script>").count(), 1);
        assert!(!html.contains("<b>"));
        assert!(html.contains("&#60;/script&#62;&#60;b&#62;x&#60;/b&#62;"));
    }

    #[test]
    fn footnote_marks_become_links_and_keep_the_text() {
        let footnotes = [
            Footnote {
                id: "footnote-1".into(),
                mark: Some("※1".into()),
                text: String::new(),
            },
            Footnote {
                id: "footnote-2".into(),
                mark: Some("※12".into()),
                text: String::new(),
            },
        ];
        let marks = Marks::new(&footnotes);
        let spans = marks.spans("・※1\n※12と※13、※");
        let pieces: Vec<(&str, Option<&str>)> = spans
            .iter()
            .map(|s| (s.text.as_str(), s.footnote.as_deref()))
            .collect();
        assert_eq!(
            pieces,
            [
                ("・", None),
                ("※1", Some("footnote-1")),
                ("\n", None),
                ("※12", Some("footnote-2")),
                ("と※13、※", None),
            ]
        );
        assert!(Marks::default().spans("").is_empty());
    }

    #[test]
    fn rendering_twice_gives_the_same_bytes() {
        let c = catalog();
        assert_eq!(page(&c).expect("page"), page(&c).expect("page"));
    }
}
