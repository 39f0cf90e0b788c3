//! `history ID` / `history --code CODE`: the story of a message ID (a value inside a range
//! counts) or a display code over every revision in `generated/catalog/`: each revision with
//! the entries that held it, and the events between revisions ([`crate::history::Story`]).
//! Text for people (escaped through [`crate::terminal`]), or JSON for programs (`"format": 1`,
//! entries in the published JSON target's forms, each event with the change notes' change).
//! Exit codes: 0 the newest revision holds it; 1 only an earlier one did, or none (as
//! `lookup`); 2 not a message ID or code, bad input.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::lookup::{entry_json, json_text};
use super::ReportFormat;
use crate::app::Project;
use crate::diff::{consecutive, Change, Kind};
use crate::error::Error;
use crate::history::{About, History, Life, Stage, Story};
use crate::model::message_id::{self, hex};
use crate::model::Catalog;
use crate::render::notes::Lang;
use crate::terminal;

/// The versions of a life: `since 1.21; changed in 1.22, 1.23`.
pub(super) fn life_text(history: &History<'_>, life: &Life) -> String {
    let mut s = format!("since {}", history.version(life.since));
    if !life.changed_in.is_empty() {
        let v: Vec<&str> = life
            .changed_in
            .iter()
            .map(|&r| history.version(r))
            .collect();
        let _ = write!(s, "; changed in {}", v.join(", "));
    }
    s
}

/// The catalogs of the project's generated models and the history over them.
pub(super) fn with_history<T>(
    project: &Project,
    f: impl FnOnce(&History<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let catalogs: Vec<Catalog> = project.generated_models()?;
    let changes = consecutive(&catalogs);
    let history = History::new(&catalogs, &changes);
    f(&history)
}

/// Runs `history`; `id` or `code` names the subject.
pub fn run(
    project: &Project,
    id: Option<&str>,
    code: Option<&str>,
    format: ReportFormat,
) -> Result<i32, Error> {
    let about = match (id, code) {
        (Some(typed), None) => About::Id(message_id::parse_typed(typed).map_err(|why| {
            Error::Usage(format!(
                "`{}` is not a message ID: {why} (a message ID is eight hex digits, 0x \
                 optional, any case, e.g. 0x04000011)",
                terminal::quote(typed)
            ))
        })?),
        (None, Some(code)) => {
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::Usage(format!(
                    "`{}` is not a display code (digits, as printed: 001, 905)",
                    terminal::quote(code)
                )));
            }
            About::Code(code)
        }
        _ => {
            return Err(Error::Usage(
                "history needs a message ID or --code CODE".to_string(),
            ))
        }
    };
    with_history(project, |history| {
        let story = history.story(about);
        let report = match format {
            ReportFormat::Text => terminal::text(&text_report(history, &story, about)).into_owned(),
            ReportFormat::Json => json_report(history, &story, about)?,
        };
        print!("{report}");
        Ok(if story.is_current() { 0 } else { 1 })
    })
}

/// `0x8100000C` or `code 905`.
fn name(about: About<'_>) -> String {
    match about {
        About::Id(v) => hex(v),
        About::Code(c) => format!("code {c}"),
    }
}

/// The text `history` prints.
pub fn text_report(history: &History<'_>, story: &Story<'_>, about: About<'_>) -> String {
    let mut s = String::new();
    let versions: Vec<&str> = story.stages.iter().map(|s| s.version).collect();
    let seen: Vec<&str> = story.seen().map(|i| versions[i]).collect();
    let span = match (versions.first(), versions.last()) {
        (Some(a), Some(b)) if a != b => format!("{} revisions, {a} to {b}", versions.len()),
        (Some(a), _) => format!("1 revision, {a}"),
        _ => "no revision".to_string(),
    };
    let _ = write!(s, "{} over {span}: ", name(about));
    if seen.is_empty() {
        let _ = writeln!(s, "not in any revision");
        return s;
    }
    let _ = write!(s, "listed in {}", seen.join(", "));
    if let Some((last, removed_in)) = story.removed() {
        let _ = write!(s, "; removed in {removed_in} (last in {})", last.version);
    }
    let _ = writeln!(s);
    for (i, stage) in story.stages.iter().enumerate() {
        let _ = writeln!(s, "\n{}", stage.version);
        if let Some(step) = i.checked_sub(1).and_then(|p| story.steps.get(p)) {
            for e in &step.events {
                let _ = writeln!(s, "  {:<10} {}", e.kind.label(), event_text(e.change));
            }
        }
        stage_text(&mut s, history, stage);
    }
    s
}

/// The entries of one stage, grouped under their code's heading.
fn stage_text(s: &mut String, history: &History<'_>, stage: &Stage<'_>) {
    if stage.held.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            if stage.code.is_some() {
                "(the code has no entries)"
            } else {
                "(not listed)"
            }
        );
        return;
    }
    let mut last_code: Option<&str> = None;
    for h in &stage.held {
        if last_code != Some(h.code.code.as_str()) {
            let tags: String = h.code.tags.iter().map(|t| format!("【{t}】")).collect();
            let _ = writeln!(s, "  {} {tags}{}", h.code.code, h.code.title);
            last_code = Some(&h.code.code);
        }
        let id = h.entry.message_id.map(|m| m.to_string());
        let _ = writeln!(
            s,
            "    {}  {}  ({}; {})",
            id.as_deref().unwrap_or("-"),
            one_line(h.entry.error_type.as_deref().unwrap_or("")),
            h.entry.at,
            life_text(history, h.life)
        );
    }
}

/// One line for a change: code, IDs, field and what happened to it.
fn event_text(c: &Change) -> String {
    let mut s = String::new();
    if let Some(code) = &c.code {
        let _ = write!(s, "{code} ");
    }
    if let Some(ids) = c.message_id() {
        let _ = write!(s, "{ids} ");
    }
    let quote = |t: &str| format!("「{}」", cut(&one_line(t)));
    let (old, new) = c.texts();
    let _ = match (c.field.as_str(), old, new) {
        ("code", Some(o), Some(n)) => write!(s, "code: from {o} to {n}"),
        (f, Some(o), Some(n)) => write!(s, "{f}: {} → {}", quote(&o), quote(&n)),
        (f, None, Some(n)) => write!(s, "{f}: {}", quote(&n)),
        (f, Some(o), None) => write!(s, "{f}: {}", quote(&o)),
        (f, None, None) => write!(s, "{f}"),
    };
    // A move's remarks say again what the line says (the notes leave them out too).
    if c.kind != Kind::Moved {
        if let Some(remarks) = Lang::En.words().remarks(&c.remarks) {
            let _ = write!(s, " ({remarks})");
        }
    }
    s
}

fn one_line(t: &str) -> String {
    t.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most 60 characters, an ellipsis after a cut.
fn cut(t: &str) -> String {
    const MAX: usize = 60;
    match t.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// The JSON `history --format json` prints.
pub fn json_report(
    history: &History<'_>,
    story: &Story<'_>,
    about: About<'_>,
) -> Result<String, Error> {
    let fail = |e: serde_json::Error| Error::Usage(format!("history: cannot write JSON: {e}"));
    let mut revisions = Vec::new();
    for stage in &story.stages {
        let mut entries = Vec::new();
        for h in &stage.held {
            entries.push(entry_json(
                h.code,
                h.index,
                h.entry,
                Some((history, h.life)),
            )?);
        }
        revisions.push(json!({ "version": stage.version, "entries": entries }));
    }
    let mut steps = Vec::new();
    for step in &story.steps {
        let mut events = Vec::new();
        for e in &step.events {
            events.push(json!({
                "kind": e.kind,
                "change": serde_json::to_value(e.change).map_err(fail)?,
            }));
        }
        steps.push(json!({ "from": step.from, "to": step.to, "events": events }));
    }
    let (key, value) = match about {
        About::Id(v) => ("id", hex(v)),
        About::Code(c) => ("code", c.to_string()),
    };
    let removed = story
        .removed()
        .map(|(last, removed_in)| json!({ "last_seen": last.version, "removed_in": removed_in }));
    let mut doc = serde_json::Map::new();
    doc.insert("format".into(), json!(1));
    doc.insert(key.into(), json!(value));
    let rest = json!({
        "current": story.is_current(),
        "seen_in": story.seen().map(|i| story.stages[i].version).collect::<Vec<_>>(),
        "removed": removed,
        "revisions": revisions,
        "steps": steps,
    });
    if let Value::Object(rest) = rest {
        doc.extend(rest);
    }
    json_text(&Value::Object(doc))
}
