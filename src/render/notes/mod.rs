//! Change notes: a [`ChangeSet`] → Markdown (breaking changes first, then the sections of Keep
//! a Changelog), HTML (with character-level highlighting of changed Japanese text), each in
//! Japanese and in English ([`Lang`]: one structure, the words from one table per language
//! in [`lang`]), and JSON (language-neutral: one object per change, message IDs as data,
//! [`FORMAT`], its schema [`schema`]); and the cumulative [`changelog`] of a series, newest
//! revision first, in each language.
//!
//! The templates are `templates/notes.md`, `templates/notes.html` and `templates/CHANGELOG.md`,
//! named after their output
//! so that askama picks the escaper from the extension (none for `.md`: Markdown is escaped
//! here, by [`md_text`]; HTML by askama). Templates hold layout only; every string is
//! computed here, every phrase taken from [`lang::Words`]. JSON is serde's rendering of the
//! change set, no template.
//!
//! Input: a [`ChangeSet`] with the crate versions before and after it ([`crate::release`])
//! and the catalogs its links are made from ([`Notes`]). Every link to the HTML page takes
//! its fragment from [`super::anchor`], the rule the page itself uses, and is kept only when
//! the page that `generated/changes/` links to has that element. Nothing here touches the
//! disk; it does not compute the changes or the versions.

use std::collections::BTreeSet;

use askama::Template;

use super::anchor::PageAnchors;
use super::symbols::{rust_code_variant, rust_id_const};
use super::{template_error, Files, RenderError};
use crate::diff::text::{self, Segment, SegmentTag};
use crate::diff::{Change, ChangeSet, Class, Gone, Kind, Side};
use crate::model::{Catalog, Field};
use crate::release::{Bump, CrateVersion, Release, Series};

mod html;
mod json;
pub mod lang;

pub use html::html;
pub use json::{json, schema, FORMAT, SCHEMA_FILE};
pub use lang::Lang;
use lang::{Section, What, Words};

/// The generated HTML page of the catalog, as linked from `generated/changes/`.
pub const HTML_PAGE: &str = "../html/index.html";

/// The file name stem of the notes between two revisions: `1.20..1.21`.
pub fn stem(cs: &ChangeSet) -> String {
    format!("{}..{}", cs.old.version, cs.new.version)
}

/// The file name of the notes between two revisions in a format (`md`, `html`: in `lang`;
/// `json`: in no language): `1.20..1.21.ja.md`, `1.20..1.21.json`.
pub fn file_name(cs: &ChangeSet, ext: &str, lang: Option<Lang>) -> String {
    match lang {
        Some(lang) => format!("{}.{}.{ext}", stem(cs), lang.code()),
        None => format!("{}.{ext}", stem(cs)),
    }
}

/// What one set of notes is made from.
#[derive(Debug, Clone)]
pub struct Notes<'a> {
    pub changes: &'a ChangeSet,
    /// The generated crate's version before and after, when the revisions are consecutive
    /// ones of the project (`build`), not two arbitrary files (`diff OLD NEW`).
    pub versions: Option<[CrateVersion; 2]>,
    /// The bump the crate's public API asks for ([`crate::release`]), apart from the
    /// catalog's impact (the classes of the changes).
    pub bump: Bump,
    /// The fragment of the page each change links to (parallel to `changes.changes`).
    links: Vec<Option<String>>,
}

impl<'a> Notes<'a> {
    /// Notes for `changes`, whose new revision is `new`, linking into the page of `page`.
    pub fn new(
        changes: &'a ChangeSet,
        new: &Catalog,
        page: &Catalog,
        release: Release,
    ) -> Notes<'a> {
        let anchors = PageAnchors::new(new);
        let page_anchors = PageAnchors::new(page);
        let on_page: BTreeSet<&str> = page_anchors.ids().collect();
        let links = changes
            .changes
            .iter()
            .map(|c| {
                let link = anchors.link(c.subject?)?;
                on_page.contains(link).then(|| link.to_string())
            })
            .collect();
        Notes {
            changes,
            versions: release.versions,
            bump: release.bump,
            links,
        }
    }

    /// The crate's bump and versions, as [`Notes::new`] was given them.
    pub fn release(&self) -> Release {
        Release {
            bump: self.bump,
            versions: self.versions,
        }
    }

    /// The changes with their links.
    fn each(&self) -> impl Iterator<Item = (&'a Change, Option<&str>)> + '_ {
        self.changes
            .changes
            .iter()
            .zip(self.links.iter().map(Option::as_deref))
    }
}

/// Notes for every pair of consecutive revisions of `catalogs` (oldest first; `series` made
/// from them), by path relative to the project root:
/// `generated/changes/<old>..<new>.{ja,en}.{md,html}` and `<old>..<new>.json`, the
/// cumulative `CHANGELOG.{ja,en}.md` and the JSON's schema. They link into the page of the
/// newest.
pub fn files(catalogs: &[Catalog], series: &Series) -> Result<Files, RenderError> {
    let mut out = Files::new();
    let Some(newest) = catalogs.last() else {
        return Ok(out);
    };
    for ((cs, release), new) in series.steps().zip(catalogs.iter().skip(1)) {
        let notes = Notes::new(cs, new, newest, release);
        let path = |ext: &str, lang: Option<Lang>| {
            format!("generated/changes/{}", file_name(cs, ext, lang))
        };
        for lang in Lang::ALL {
            out.insert(path("md", Some(lang)), markdown(&notes, lang)?.into_bytes());
            out.insert(path("html", Some(lang)), html(&notes, lang)?.into_bytes());
        }
        out.insert(path("json", None), json(&notes).into_bytes());
    }
    if !series.changes.is_empty() {
        out.insert(
            format!("generated/changes/{SCHEMA_FILE}"),
            schema().as_bytes().to_vec(),
        );
        for lang in Lang::ALL {
            out.insert(
                changelog_path(lang),
                changelog(catalogs, series, lang)?.into_bytes(),
            );
        }
    }
    Ok(out)
}

/// The cumulative changelog's path in `lang`, relative to the project root:
/// `generated/changes/CHANGELOG.ja.md`. Both languages carry their tag, as the notes of each
/// pair do: no language is the unmarked one.
pub fn changelog_path(lang: Lang) -> String {
    format!("generated/changes/CHANGELOG.{}.md", lang.code())
}

#[derive(Template)]
#[template(path = "CHANGELOG.md")]
struct MdChangelog {
    t: &'static Words,
    provenance: Vec<String>,
    revisions: Vec<MdRevision>,
}

/// One pair's notes in Markdown: the whole of `notes.md`, a section of `CHANGELOG.md`.
struct MdRevision {
    title: String,
    sources: String,
    summary: String,
    impact: String,
    bump: String,
    sections: Vec<MdSection>,
}

impl MdRevision {
    fn of(notes: &Notes<'_>, title: String, lang: Lang) -> Result<MdRevision, RenderError> {
        let cs = notes.changes;
        Ok(MdRevision {
            title,
            sources: md_sources(cs),
            summary: summary(cs, lang),
            impact: md_text(&impact(cs, lang)),
            bump: bump_sentence(notes.release(), lang),
            sections: md_sections(notes, lang.words())?,
        })
    }
}

/// The cumulative changelog (`generated/changes/CHANGELOG.<lang>.md`): the notes of every pair
/// of consecutive revisions of `catalogs` (oldest first; `series` made from them), newest
/// revision first, each with the sections of its own notes and links into the newest page.
pub fn changelog(catalogs: &[Catalog], series: &Series, lang: Lang) -> Result<String, RenderError> {
    let t = lang.words();
    let newest = catalogs.last();
    let mut revisions = Vec::new();
    for ((cs, release), new) in series.steps().zip(catalogs.iter().skip(1)) {
        let notes = Notes::new(cs, new, newest.unwrap_or(new), release);
        let crate_version = release
            .versions
            .map(|[_, v]| v.to_string())
            .unwrap_or_default();
        let title = (t.changelog_revision)(
            &md_text(&cs.new.version),
            &md_text(&cs.old.version),
            &crate_version,
        );
        revisions.push(MdRevision::of(&notes, title, lang)?);
    }
    revisions.reverse();
    let page = MdChangelog {
        t,
        provenance: vec![t.provenance_log.to_string(), t.regenerate_log.to_string()],
        revisions,
    };
    let mut s = page
        .render()
        .map_err(|e| template_error("CHANGELOG.md", e))?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// What the notes were made from and how to make them again, in `lang`; no timestamps, no
/// tool version.
pub fn provenance(cs: &ChangeSet, lang: Lang) -> Vec<String> {
    let t = lang.words();
    vec![
        (t.provenance)(&cs.old.version, &cs.new.version),
        format!(
            "{}: {} (sha256 {})",
            t.old_source, cs.old.file, cs.old.sha256
        ),
        format!(
            "{}: {} (sha256 {})",
            t.new_source, cs.new.file, cs.new.sha256
        ),
        t.regenerate.to_string(),
    ]
}

/// The provenance as the lines of an HTML or Markdown comment (which `-->` would close).
fn comment_lines(cs: &ChangeSet, lang: Lang) -> Vec<String> {
    provenance(cs, lang)
        .into_iter()
        .map(|l| l.replace("-->", "-- >"))
        .collect()
}

const SECTIONS: [Section; 6] = [
    Section::Breaking,
    Section::Added,
    Section::Changed,
    Section::Deprecated,
    Section::Removed,
    Section::Fixed,
];

impl Section {
    /// The section a change is listed in (never Deprecated: that lists crate items).
    fn of(c: &Change) -> Section {
        match (c.class, c.kind) {
            (Class::Breaking, _) => Section::Breaking,
            (Class::SourceTextOnly, _) => Section::Fixed,
            (_, Kind::Added) => Section::Added,
            (_, Kind::Removed) => Section::Removed,
            (_, Kind::Changed | Kind::Moved | Kind::Reordered) => Section::Changed,
        }
    }
}

/// The items of the generated crate that this change set makes `#[deprecated]` tombstones,
/// as Markdown (`` `oqs_messages::DisplayCode::Code017`: code 017 … ``).
fn deprecated(cs: &ChangeSet, t: &Words) -> Result<Vec<String>, RenderError> {
    let mut out = Vec::new();
    for code in &cs.gone.codes {
        let path = format!("oqs_messages::DisplayCode::{}", rust_code_variant(code)?);
        out.push((t.deprecated_code)(&path, &md_text(code)));
    }
    for &id in &cs.gone.message_ids {
        let path = format!("oqs_messages::{}", rust_id_const(id)?);
        out.push((t.deprecated_id)(&path, &id.to_string()));
    }
    Ok(out)
}

/// The opening summary in `lang`: counts by class.
pub fn summary(cs: &ChangeSet, lang: Lang) -> String {
    let t = lang.words();
    if cs.is_empty() {
        return t.no_changes.to_string();
    }
    let counts: Vec<(Class, usize)> = Class::ALL
        .iter()
        .map(|&c| (c, cs.count(c)))
        .filter(|(_, n)| *n > 0)
        .collect();
    (t.summary)(cs.changes.len(), &counts)
}

/// What the revision means for the catalog's users (help desks, vendors, support tools), in
/// `lang`, plain text: the largest class of its changes, and for a breaking one what is gone.
/// The crate's version is another matter ([`bump_sentence`]): its tombstones keep code compiling.
pub fn impact(cs: &ChangeSet, lang: Lang) -> String {
    (lang.words().impact)(cs.impact(), &cs.gone)
}

/// The version-bump sentence of the generated crate, from its public API, in `lang`
/// (Markdown).
pub fn bump_sentence(release: Release, lang: Lang) -> String {
    (lang.words().bump)(release.bump, release.versions)
}

// ---------------------------------------------------------------------------------------------
// Markdown

#[derive(Template)]
#[template(path = "notes.md")]
struct MdNotes {
    t: &'static Words,
    provenance: Vec<String>,
    r: MdRevision,
}

struct MdSection {
    name: &'static str,
    lines: Vec<String>,
}

/// The notes' sections as Markdown list items, empty ones left out.
fn md_sections(notes: &Notes<'_>, t: &'static Words) -> Result<Vec<MdSection>, RenderError> {
    let deprecated = deprecated(notes.changes, t)?;
    Ok(SECTIONS
        .iter()
        .map(|&section| MdSection {
            name: (t.section)(section),
            lines: if section == Section::Deprecated {
                deprecated.clone()
            } else {
                notes
                    .each()
                    .filter(|(c, _)| Section::of(c) == section)
                    .map(|(c, link)| md_line(c, link, t))
                    .collect()
            },
        })
        .filter(|s| !s.lines.is_empty())
        .collect())
}

/// The notes as Markdown in `lang`.
pub fn markdown(notes: &Notes<'_>, lang: Lang) -> Result<String, RenderError> {
    let cs = notes.changes;
    let t = lang.words();
    let title = (t.title)(&md_text(&cs.old.version), &md_text(&cs.new.version));
    let page = MdNotes {
        t,
        provenance: comment_lines(cs, lang),
        r: MdRevision::of(notes, title, lang)?,
    };
    let mut s = page.render().map_err(|e| template_error("notes.md", e))?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// `` `old file` → `new file` ``.
fn md_sources(cs: &ChangeSet) -> String {
    format!(
        "`{}` → `{}`",
        cs.old.file.replace('`', "'"),
        cs.new.file.replace('`', "'")
    )
}

/// One change as a Markdown list item (without the leading `- `): what, the value in words,
/// the class and remarks, where it is in the sources, and the link to the page.
fn md_line(c: &Change, link: Option<&str>, t: &Words) -> String {
    let mut parts = Vec::new();
    let mut head = String::new();
    match &c.code {
        Some(code) => head.push_str(&format!("**{}**", md_text(code))),
        None => head.push_str(&format!("**{}**", t.catalog)),
    }
    if let Some(id) = &c.message_id() {
        head.push_str(&format!(" `{id}`"));
    }
    head.push_str(&format!(" {}", md_text(&(t.what)(what(c)))));
    parts.push(head);
    let (old, new) = c.texts();
    let quote = |s: &str| format!("「{}」", md_quote(s));
    let body = match (c.kind, &old, &new) {
        (Kind::Moved, Some(o), Some(n)) => (t.moved)(&md_text(o), &md_text(n)),
        // Message IDs read best as code; a printed form may hold spaces but no backtick.
        (Kind::Changed, o, n) if c.field == Field::MessageId.name() => {
            let id = |s: &String| format!("`{}`", s.replace('`', "'"));
            direction(o.as_ref().map(id), n.as_ref().map(id), t)
        }
        (Kind::Changed, Some(o), Some(n)) if long(o) || long(n) => {
            let (o, n) = excerpt(o, n);
            (t.changed)(&format!("「{o}」"), &format!("「{n}」"))
        }
        (Kind::Changed, o, n) => direction(o.as_deref().map(quote), n.as_deref().map(quote), t),
        (_, Some(o), Some(n)) => format!("{} → {}", quote(o), quote(n)),
        (_, None, Some(n)) => quote(n),
        (_, Some(o), None) => quote(o),
        (_, None, None) => String::new(),
    };
    if !body.is_empty() {
        parts.push(body);
    }
    let mut line = parts.join(": ");
    line.push_str(&(t.tail)(&tail(c, t).join(t.separator)));
    if let Some(place) = place(c, t) {
        line.push_str(&format!(" · {}", md_text(&place)));
    }
    if let Some(anchor) = link {
        line.push_str(&format!(" · [{}]({HTML_PAGE}#{anchor})", t.link));
    }
    line
}

/// What follows a change in parentheses: its class, whether only width or spacing differ,
/// and its remarks (a move's is its body already), Markdown-escaped.
fn tail(c: &Change, t: &Words) -> Vec<String> {
    let mut out = vec![(t.class)(c.class).to_string()];
    if c.normalization_only {
        out.push(t.normalization_only.to_string());
    }
    if c.kind != Kind::Moved {
        out.extend(c.remarks.iter().map(|r| md_text(&(t.remark)(r))));
    }
    out
}

/// Where the change is in the sources: the entry's (or code's first entry's) page or sheet
/// row, on the new side, the old side for what went, both when they differ.
fn place(c: &Change, t: &Words) -> Option<String> {
    let at = |o: &Option<crate::diff::Origin>| o.as_ref().map(|o| (t.at)(&o.at));
    match (at(&c.old_at), at(&c.new_at)) {
        (Some(o), Some(n)) if o != n => Some(format!("{o} → {n}")),
        (_, Some(n)) => Some(n),
        (o, None) => o,
    }
}

/// A field's value that came, went or changed, said in words: `added 「…」`, `removed 「…」`,
/// `changed 「…」 → 「…」`.
fn direction(old: Option<String>, new: Option<String>, t: &Words) -> String {
    match (old, new) {
        (Some(o), Some(n)) => (t.changed)(&o, &n),
        (None, Some(n)) => (t.added)(&n),
        (Some(o), None) => (t.removed)(&o),
        (None, None) => String::new(),
    }
}

/// Cells longer than this many characters, or of several lines, are shown in the Markdown
/// notes by their changed part with a little context, not whole.
const LONG_CELL: usize = 120;
/// Characters of unchanged text kept on each side of a changed part of a long cell.
const CONTEXT: usize = 12;

fn long(text: &str) -> bool {
    text.contains('\n') || text.chars().count() > LONG_CELL
}

/// The changed parts of a long cell, old and new, in bold with [`CONTEXT`] characters of
/// unchanged text around them (the HTML's character diff, [`text::inline`]); unchanged text
/// between them that is longer is cut to `…`.
fn excerpt(old: &str, new: &str) -> (String, String) {
    let (o, n) = text::inline(old, new);
    // A side with nothing deleted (or inserted) is cut where the other side changed: its
    // text is the other side's kept runs, joined at empty marks.
    let marks = |other: &[Segment]| -> Vec<Segment> {
        other
            .iter()
            .map(|s| match s.tag {
                SegmentTag::Same => s.clone(),
                tag => Segment {
                    tag,
                    text: String::new(),
                },
            })
            .collect()
    };
    let unchanged = |side: &[Segment]| side.iter().all(|s| s.tag == SegmentTag::Same);
    let o = if unchanged(&o) { marks(&n) } else { o };
    let n = if unchanged(&n) { marks(&o) } else { n };
    (excerpt_side(&o), excerpt_side(&n))
}

fn excerpt_side(segments: &[Segment]) -> String {
    let mut out = String::new();
    let last = segments.len().saturating_sub(1);
    for (i, s) in segments.iter().enumerate() {
        if s.tag != SegmentTag::Same {
            if !s.text.is_empty() {
                out.push_str(&format!("**{}**", md_quote(&s.text)));
            }
            continue;
        }
        let clusters = text::clusters(&s.text);
        let n = clusters.len();
        let head = |k: usize| clusters[..k.min(n)].concat();
        let tail = |k: usize| clusters[n.saturating_sub(k)..].concat();
        let kept = match (i == 0, i == last) {
            (true, true) => s.text.clone(),
            (true, false) if n > CONTEXT => format!("…{}", tail(CONTEXT)),
            (false, true) if n > CONTEXT => format!("{}…", head(CONTEXT)),
            (false, false) if n > 2 * CONTEXT => {
                format!("{}…{}", head(CONTEXT), tail(CONTEXT))
            }
            _ => s.text.clone(),
        };
        out.push_str(&md_quote(&kept));
    }
    out
}

/// What a change is about.
fn what(c: &Change) -> What<'_> {
    let extra = c.field.strip_prefix("extra.");
    match (c.kind, c.field.as_str(), extra) {
        (Kind::Added, "code", _) => What::NewCode,
        (Kind::Removed, "code", _) => What::CodeRemoved,
        (Kind::Added, "entry", _) => What::NewEntry,
        (Kind::Removed, "entry", _) => What::EntryRemoved,
        (Kind::Moved, _, _) => What::Moved,
        (Kind::Reordered, _, _) if c.code.is_none() => What::CodesReordered,
        (Kind::Reordered, _, _) => What::RowsReordered,
        // A column that came or went is the catalog's; its values are their entries'.
        (Kind::Added, _, Some(col)) if c.code.is_none() => What::NewColumn(col),
        (Kind::Removed, _, Some(col)) if c.code.is_none() => What::ColumnRemoved(col),
        (_, _, Some(col)) => What::Column(col),
        (_, "title", _) => What::Title,
        (_, "notes", _) => What::Notes,
        (_, f, _) => match f.strip_prefix("footnote ") {
            Some(mark) => What::Footnote(mark),
            None => Field::ALL
                .into_iter()
                .find(|x| x.name() == f)
                .map_or(What::Other(f), What::Field),
        },
    }
}

/// Markdown body text: the characters that could start markup are escaped.
pub fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A cell's text inside one list item: line breaks shown as ` ↵ `.
fn md_quote(text: &str) -> String {
    md_text(text).replace('\n', " ↵ ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md_text("a*b_[c]"), "a\\*b\\_\\[c\\]");
        assert_eq!(md_quote("・一\n・二"), "・一 ↵ ・二");
    }

    #[test]
    fn long_cells_show_the_changed_part_with_context() {
        let before = "あ".repeat(40);
        let after = "い".repeat(40);
        let (o, n) = excerpt(
            &format!("{before}2回{after}"),
            &format!("{before}3回{after}"),
        );
        let ctx = |s: &str| s.repeat(CONTEXT);
        let after_ctx = format!("回{}", "い".repeat(CONTEXT - 1));
        assert_eq!(o, format!("…{}**2**{after_ctx}…", ctx("あ")));
        assert_eq!(n, format!("…{}**3**{after_ctx}…", ctx("あ")));
        // A deleted long-vowel mark stays visible, in bold.
        let (o, n) = excerpt("カードリーダー\n・確認", "カードリーダ\n・確認");
        assert_eq!(
            (o.as_str(), n.as_str()),
            ("カードリーダ**ー** ↵ ・確認", "カードリーダ ↵ ・確認")
        );
        // Nothing deleted: the old side is cut where the new one inserted.
        let (o, n) = excerpt(&format!("{before}{after}"), &format!("{before}★{after}"));
        assert_eq!(o, format!("…{}{}…", ctx("あ"), ctx("い")));
        assert_eq!(n, format!("…{}**★**{}…", ctx("あ"), ctx("い")));
        // Changes far apart keep their own context; what lies between is cut.
        let (o, _) = excerpt(&format!("甲{before}乙"), &format!("丙{before}丁"));
        assert_eq!(o, format!("**甲**{}…{}**乙**", ctx("あ"), ctx("あ")));
    }
}
