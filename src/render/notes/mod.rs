//! Change notes: a [`ChangeSet`] → Markdown (breaking changes first, then the sections of Keep
//! a Changelog), HTML (with character-level highlighting of changed Japanese text) and JSON (one
//! object per change, message IDs as data, [`FORMAT`], its schema [`schema`]); and the
//! cumulative [`changelog`] of a series, newest revision first.
//!
//! The templates are `templates/notes.md`, `templates/notes.html` and `templates/CHANGELOG.md`,
//! named after their output
//! so that askama picks the escaper from the extension (none for `.md`: Markdown is escaped
//! here, by [`md_text`]; HTML by askama). Templates hold layout only; every string is
//! computed here. JSON is serde's rendering of the change set, no template.
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
use crate::model::Catalog;
use crate::release::{Bump, CrateVersion, Release, Series};

mod html;
mod json;

pub use html::html;
pub use json::{json, schema, FORMAT, SCHEMA_FILE};

/// The generated HTML page of the catalog, as linked from `generated/changes/`.
pub const HTML_PAGE: &str = "../html/index.html";

/// The file name stem of the notes between two revisions: `1.20..1.21`.
pub fn stem(cs: &ChangeSet) -> String {
    format!("{}..{}", cs.old.version, cs.new.version)
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
/// `generated/changes/<old>..<new>.{md,html,json}`. They link into the page of the newest.
pub fn files(catalogs: &[Catalog], series: &Series) -> Result<Files, RenderError> {
    let mut out = Files::new();
    let Some(newest) = catalogs.last() else {
        return Ok(out);
    };
    for ((cs, release), new) in series.steps().zip(catalogs.iter().skip(1)) {
        let notes = Notes::new(cs, new, newest, release);
        let stem = format!("generated/changes/{}", stem(cs));
        out.insert(format!("{stem}.md"), markdown(&notes)?.into_bytes());
        out.insert(format!("{stem}.html"), html(&notes)?.into_bytes());
        out.insert(format!("{stem}.json"), json(&notes).into_bytes());
    }
    if !series.changes.is_empty() {
        out.insert(
            format!("generated/changes/{SCHEMA_FILE}"),
            schema().as_bytes().to_vec(),
        );
        out.insert(
            CHANGELOG.to_string(),
            changelog(catalogs, series)?.into_bytes(),
        );
    }
    Ok(out)
}

/// The cumulative changelog's path, relative to the project root.
pub const CHANGELOG: &str = "generated/changes/CHANGELOG.md";

#[derive(Template)]
#[template(path = "CHANGELOG.md")]
struct MdChangelog {
    provenance: Vec<String>,
    intro: String,
    revisions: Vec<MdRevision>,
}

struct MdRevision {
    title: String,
    sources: String,
    summary: String,
    impact: String,
    bump: String,
    sections: Vec<MdSection>,
}

/// The cumulative changelog (`generated/changes/CHANGELOG.md`): the notes of every pair of
/// consecutive revisions of `catalogs` (oldest first; `series` made from them), newest
/// revision first, each with the sections of its own notes and links into the newest page.
pub fn changelog(catalogs: &[Catalog], series: &Series) -> Result<String, RenderError> {
    let newest = catalogs.last();
    let mut revisions = Vec::new();
    for ((cs, release), new) in series.steps().zip(catalogs.iter().skip(1)) {
        let notes = Notes::new(cs, new, newest.unwrap_or(new), release);
        let crate_version = release
            .versions
            .map(|[_, v]| v.to_string())
            .unwrap_or_default();
        revisions.push(MdRevision {
            title: format!(
                "{} (from {}; crate {crate_version})",
                md_text(&cs.new.version),
                md_text(&cs.old.version),
            ),
            sources: md_sources(cs),
            summary: summary(cs),
            impact: md_text(&impact(cs)),
            bump: bump_sentence(release),
            sections: md_sections(&notes)?,
        });
    }
    revisions.reverse();
    let page = MdChangelog {
        provenance: vec![
            "Changes between consecutive revisions of the message-ID contact list, newest first, generated by oqs-catalog. Do not edit.".to_string(),
            "Regenerate: cargo run --release -- build".to_string(),
        ],
        intro: "Each revision of the catalog, newest first, with its changes in the sections of \
            [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), breaking changes first, and \
            the version of the generated `oqs-messages` crate."
            .to_string(),
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

/// What the notes were made from and how to make them again; no timestamps, no tool version.
pub fn provenance(cs: &ChangeSet) -> Vec<String> {
    vec![
        format!(
            "Change notes from revision {} to {} of the message-ID contact list, generated by oqs-catalog. Do not edit.",
            cs.old.version, cs.new.version
        ),
        format!("Old: {} (sha256 {})", cs.old.file, cs.old.sha256),
        format!("New: {} (sha256 {})", cs.new.file, cs.new.sha256),
        "Regenerate: cargo run --release -- build (or: oqs-catalog diff OLD NEW)".to_string(),
    ]
}

/// The sections of the notes: breaking changes first (as oasdiff and cargo-semver-checks list
/// them), then Keep a Changelog's sections. A move is a change of its entry (Keep a Changelog
/// has no "Moved"); a corrected printed form is a fix; Deprecated names the crate's items that
/// became tombstones ([`crate::diff::Gone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Breaking,
    Added,
    Changed,
    Deprecated,
    Removed,
    Fixed,
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
    fn name(self) -> &'static str {
        match self {
            Section::Breaking => "Breaking changes",
            Section::Added => "Added",
            Section::Changed => "Changed",
            Section::Deprecated => "Deprecated",
            Section::Removed => "Removed",
            Section::Fixed => "Fixed",
        }
    }

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
/// as Markdown (`` `DisplayCode::Code017`: code 017 … ``).
fn deprecated(cs: &ChangeSet) -> Result<Vec<String>, RenderError> {
    let mut out = Vec::new();
    for code in &cs.gone.codes {
        out.push(format!(
            "`oqs_messages::DisplayCode::{}`: code {} is no longer in the catalog; the variant stays, deprecated",
            rust_code_variant(code)?,
            md_text(code)
        ));
    }
    for &id in &cs.gone.message_ids {
        out.push(format!(
            "`oqs_messages::{}`: message ID `{id}` is no longer in the catalog; the constant stays, deprecated",
            rust_id_const(id)?
        ));
    }
    Ok(out)
}

/// The opening summary: counts by class and the version bump.
pub fn summary(cs: &ChangeSet) -> String {
    if cs.is_empty() {
        return "No changes: both revisions have the same content.".to_string();
    }
    let counts: Vec<String> = Class::ALL
        .iter()
        .filter(|c| cs.count(**c) > 0)
        .map(|c| format!("{} {}", cs.count(*c), c.label()))
        .collect();
    format!(
        "{} change{}: {}.",
        cs.changes.len(),
        if cs.changes.len() == 1 { "" } else { "s" },
        counts.join(", ")
    )
}

/// What the revision means for the catalog's users (help desks, vendors, support tools), in
/// plain text: the largest class of its changes, and for a breaking one what is gone. The
/// crate's version is another matter ([`bump_sentence`]): its tombstones keep code compiling.
pub fn impact(cs: &ChangeSet) -> String {
    let Some(class) = cs.impact() else {
        return "none: both revisions have the same content".to_string();
    };
    match class {
        Class::Breaking => {
            let mut gone: Vec<String> = cs.gone.codes.iter().map(|c| format!("code {c}")).collect();
            gone.extend(cs.gone.message_ids.iter().map(ToString::to_string));
            match gone.split_last() {
                None => "breaking for help-desk behaviour: a message ID or contact leads \
                    somewhere else (see the breaking changes)"
                    .to_string(),
                Some((one, [])) => {
                    format!("breaking for help-desk behaviour: {one} is no longer in the catalog")
                }
                Some((last, rest)) => format!(
                    "breaking for help-desk behaviour: {} and {last} are no longer in the catalog",
                    rest.join(", ")
                ),
            }
        }
        Class::Additive => {
            "additive: something is new (a code, entry, message ID, contact or column); nothing looked up before is gone"
                .to_string()
        }
        Class::Textual => "textual: wording only".to_string(),
        Class::SourceTextOnly => "none: only corrections of the printed form".to_string(),
    }
}

/// The version-bump sentence of the generated crate, from its public API.
pub fn bump_sentence(release: Release) -> String {
    let versions = match release.versions {
        Some([old, new]) => format!(": {old} → {new}"),
        None => String::new(),
    };
    match release.bump {
        Bump::None if versions.is_empty() => {
            "The generated `oqs-messages` crate needs no new version.".to_string()
        }
        Bump::None => {
            format!("The generated `oqs-messages` crate changes only its revision{versions}.")
        }
        b => {
            let why = match b {
                Bump::Major => "an item of its public API was removed or changed",
                Bump::Minor => {
                    "its public API gains items or deprecates some; code that compiled still compiles"
                }
                _ => "its public API is unchanged; the data changed",
            };
            format!(
                "The generated `oqs-messages` crate needs a **{b}** version bump{versions} ({why})."
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

#[derive(Template)]
#[template(path = "notes.md")]
struct MdNotes {
    provenance: Vec<String>,
    title: String,
    sources: String,
    summary: String,
    impact: String,
    bump: String,
    sections: Vec<MdSection>,
}

struct MdSection {
    name: &'static str,
    lines: Vec<String>,
}

/// The notes' sections as Markdown list items, empty ones left out.
fn md_sections(notes: &Notes<'_>) -> Result<Vec<MdSection>, RenderError> {
    let deprecated = deprecated(notes.changes)?;
    Ok(SECTIONS
        .iter()
        .map(|&section| MdSection {
            name: section.name(),
            lines: if section == Section::Deprecated {
                deprecated.clone()
            } else {
                notes
                    .each()
                    .filter(|(c, _)| Section::of(c) == section)
                    .map(|(c, link)| md_line(c, link))
                    .collect()
            },
        })
        .filter(|s| !s.lines.is_empty())
        .collect())
}

/// The notes as Markdown.
pub fn markdown(notes: &Notes<'_>) -> Result<String, RenderError> {
    let cs = notes.changes;
    let sections = md_sections(notes)?;
    let page = MdNotes {
        provenance: provenance(cs)
            .into_iter()
            .map(|l| l.replace("-->", "-- >"))
            .collect(),
        title: format!(
            "Changes from {} to {}",
            md_text(&cs.old.version),
            md_text(&cs.new.version)
        ),
        sources: md_sources(cs),
        summary: summary(cs),
        impact: md_text(&impact(cs)),
        bump: bump_sentence(Release {
            bump: notes.bump,
            versions: notes.versions,
        }),
        sections,
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

/// One change as a Markdown list item (without the leading `- `).
fn md_line(c: &Change, link: Option<&str>) -> String {
    let mut parts = Vec::new();
    let mut head = String::new();
    match &c.code {
        Some(code) => head.push_str(&format!("**{}**", md_text(code))),
        None => head.push_str("**catalog**"),
    }
    if let Some(id) = &c.message_id() {
        head.push_str(&format!(" `{id}`"));
    }
    head.push_str(&format!(" {}", md_text(&field_label(c))));
    parts.push(head);
    let (old, new) = c.texts();
    let body = match (c.kind, &old, &new) {
        (Kind::Moved, Some(o), Some(n)) => format!("from {} to {}", md_text(o), md_text(n)),
        // Message IDs read best as code; a printed form may hold spaces but no backtick.
        (Kind::Changed, o, n) if c.field == "message_id" => {
            let id = |s: &String| format!("`{}`", s.replace('`', "'"));
            direction(o.as_ref().map(id), n.as_ref().map(id))
        }
        (Kind::Changed, Some(o), Some(n)) if long(o) || long(n) => {
            let (o, n) = excerpt(o, n);
            format!("changed 「{o}」 → 「{n}」")
        }
        (Kind::Changed, o, n) => direction(
            o.as_deref().map(|o| format!("「{}」", md_quote(o))),
            n.as_deref().map(|n| format!("「{}」", md_quote(n))),
        ),
        (_, Some(o), Some(n)) => format!("「{}」 → 「{}」", md_quote(o), md_quote(n)),
        (_, None, Some(n)) => format!("「{}」", md_quote(n)),
        (_, Some(o), None) => format!("「{}」", md_quote(o)),
        (_, None, None) => String::new(),
    };
    if !body.is_empty() {
        parts.push(body);
    }
    let mut tail = c.class.label().to_string();
    if c.normalization_only {
        tail.push_str("; width or spacing only");
    }
    if let Some(note) = &c.note {
        if c.kind != Kind::Moved {
            tail.push_str(&format!("; {}", md_text(note)));
        }
    }
    let mut line = format!("{} ({tail})", parts.join(": "));
    if let Some(anchor) = link {
        line.push_str(&format!(" · [entry]({HTML_PAGE}#{anchor})"));
    }
    line
}

/// A field's value that came, went or changed, said in words: `added 「…」`, `removed 「…」`,
/// `changed 「…」 → 「…」`.
fn direction(old: Option<String>, new: Option<String>) -> String {
    match (old, new) {
        (Some(o), Some(n)) => format!("changed {o} → {n}"),
        (None, Some(n)) => format!("added {n}"),
        (Some(o), None) => format!("removed {o}"),
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

/// What a change is about, in words.
fn field_label(c: &Change) -> String {
    match (c.kind, c.field.as_str()) {
        (Kind::Added, "code") => "new code".to_string(),
        (Kind::Removed, "code") => "code removed".to_string(),
        (Kind::Added, "entry") => "new entry".to_string(),
        (Kind::Removed, "entry") => "entry removed".to_string(),
        (Kind::Moved, _) => "moved".to_string(),
        (Kind::Reordered, _) => "rows reordered".to_string(),
        (Kind::Added, f) if f.starts_with("extra.") => format!("new column {}", &f[6..]),
        (Kind::Removed, f) if f.starts_with("extra.") => format!("column {} removed", &f[6..]),
        (_, f) if f.starts_with("extra.") => format!("column {}", &f[6..]),
        (_, f) => f.to_string(),
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
