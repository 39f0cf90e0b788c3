//! `lookup ID`: the message ID as typed (strictly eight hex digits, see
//! [`message_id::parse_typed`]), the model to look in (a file, a revision, or the newest in
//! `generated/catalog/`), and the report: text for people, or JSON in the published JSON
//! target's forms for programs. A typo gets "did you mean" when an ID the catalog prints is
//! one edit away. Without `--in` and `--version` it knows the past: an ID the newest revision
//! lacks but an earlier one listed is reported as removed, with the revision that removed it
//! and its last entries ([`crate::history`]). Exit codes: 0 found, 1 nothing found in the
//! newest revision (as grep), 2 not a message ID or bad input. It does not read sources
//! itself: loading goes through [`Project`].

use std::path::Path;

use serde_json::{json, Value};

use crate::app::Project;
use crate::error::Error;
use crate::history::{About, History, Life};
use crate::model::message_id::{self, hex, MessageId};
use crate::model::{Catalog, Code, Entry};
use crate::terminal;

use super::history::{life_text, with_history};
use super::ReportFormat;

/// What a `lookup` asks for.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The message ID as typed.
    pub id: &'a str,
    /// A source file or model to look in instead of `generated/catalog/`.
    pub input: Option<&'a Path>,
    /// A revision in `generated/catalog/` (default: the newest).
    pub version: Option<&'a str>,
    pub format: ReportFormat,
}

/// Runs `lookup`; returns the exit code (0 found, 1 nothing found).
pub fn run(project: &Project, query: Query<'_>) -> Result<i32, Error> {
    let typed = query.id;
    let value = match message_id::parse_typed(typed) {
        Ok(value) => value,
        Err(why) => {
            // The suggestion needs the catalog; one that cannot be loaded leaves the error
            // about the ID itself, which is what the user has to fix first.
            let catalog = load(project, query).ok();
            let hint = catalog
                .as_ref()
                .map(|c| did_you_mean(&suggestions(typed, c)))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "`{}` is not a message ID: {why} (a message ID is eight hex digits, 0x \
                 optional, any case, e.g. 0x04000011){hint}",
                terminal::quote(typed)
            )));
        }
    };
    if query.input.is_none() && query.version.is_none() {
        // The newest generated model, with the history of every revision before it.
        return with_history(project, |history| {
            let newest = history.catalogs().last().ok_or_else(|| {
                Error::Usage("generated/catalog/ holds no model; run build first".to_string())
            })?;
            report(newest, Some(history), typed, value, query.format)
        });
    }
    let catalog = load(project, query)?;
    report(&catalog, None, typed, value, query.format)
}

/// Prints what `catalog` (the newest of `history`, when given) holds for `value`; returns the
/// exit code.
fn report(
    catalog: &Catalog,
    history: Option<&History<'_>>,
    typed: &str,
    value: u32,
    format: ReportFormat,
) -> Result<i32, Error> {
    let hits = catalog.lookup(value).len();
    if hits == 0 {
        // Eight decimal digits are also eight hex digits: read as hex they found nothing,
        // read as a decimal they name an ID, so the user most likely meant that.
        if let Some(dec) = decimal_hit(typed, catalog) {
            return Err(Error::Usage(format!(
                "`{}` reads as {} (hex), which is not in revision {}; as a decimal it is {}: \
                 did you mean {}?",
                terminal::quote(typed),
                hex(value),
                terminal::quote(&catalog.document.version),
                hex(dec),
                hex(dec)
            )));
        }
    }
    if let (0, Some(history)) = (hits, history) {
        return past(history, typed, value, format);
    }
    let report = match format {
        ReportFormat::Text => terminal::text(&text_report(catalog, value)).into_owned(),
        ReportFormat::Json => json_report(catalog, value, history)?,
    };
    print!("{report}");
    if hits > 0 {
        return Ok(0);
    }
    eprintln!(
        "{}",
        terminal::message(&format!(
            "no entry for {} in revision {}{}",
            hex(value),
            catalog.document.version,
            did_you_mean(&suggestions(typed, catalog))
        ))
    );
    Ok(1)
}

/// `lookup` of an ID the newest revision lacks: removed (the revision that removed it, the
/// last entries), or never listed. Exit 1 either way.
fn past(
    history: &History<'_>,
    typed: &str,
    value: u32,
    format: ReportFormat,
) -> Result<i32, Error> {
    let newest = history.catalogs().last().ok_or_else(|| {
        Error::Usage("generated/catalog/ holds no model; run build first".to_string())
    })?;
    let story = history.story(About::Id(value));
    let removed = story.removed();
    if format == ReportFormat::Json {
        print!("{}", json_report(newest, value, Some(history))?);
    } else if let Some((last, removed_in)) = removed {
        let under: Vec<String> = last
            .held
            .iter()
            .map(|h| {
                let what = h.entry.error_type.as_deref().unwrap_or(&h.code.title);
                format!("{} {}", h.code.code, what.replace('\n', " "))
            })
            .collect();
        let mut s = format!(
            "{}: removed in {removed_in}; last in {} under {}\n",
            hex(value),
            last.version,
            under.join(", ")
        );
        let held: Vec<(&Code, &Entry)> = last.held.iter().map(|h| (h.code, h.entry)).collect();
        s.push_str(&entries_text(&held));
        for h in &last.held {
            s.push_str(&format!(
                "\n{} {}: {}",
                h.code.code,
                h.entry
                    .message_id
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                life_text(history, h.life)
            ));
        }
        s.push('\n');
        print!("{}", terminal::text(&s));
    } else {
        print!("{}", terminal::text(&text_report(newest, value)));
    }
    if removed.is_none() {
        let versions: Vec<&str> = history
            .catalogs()
            .iter()
            .map(|c| c.document.version.as_str())
            .collect();
        eprintln!(
            "{}",
            terminal::message(&format!(
                "no entry for {} in revision {}: not in any revision ({}){}",
                hex(value),
                newest.document.version,
                versions.join(", "),
                did_you_mean(&suggestions(typed, newest))
            ))
        );
    }
    Ok(1)
}

/// The model `query` names.
fn load(project: &Project, query: Query<'_>) -> Result<Catalog, Error> {
    match query.input {
        Some(path) => project.load_any(path),
        None => project.generated_model(query.version),
    }
}

/// `; did you mean 0x… or 0x…?` (the first [`MAX_SUGGESTIONS`], and how many more), or nothing
/// without candidates.
fn did_you_mean(ids: &[u32]) -> String {
    if ids.len() > MAX_SUGGESTIONS {
        let shown: Vec<String> = ids[..MAX_SUGGESTIONS].iter().map(|&v| hex(v)).collect();
        return format!(
            "; did you mean {} (or {} more)?",
            shown.join(", "),
            ids.len() - MAX_SUGGESTIONS
        );
    }
    match ids {
        [] => String::new(),
        [one] => format!("; did you mean {}?", hex(*one)),
        [init @ .., last] => format!(
            "; did you mean {} or {}?",
            init.iter().map(|&v| hex(v)).collect::<Vec<_>>().join(", "),
            hex(*last)
        ),
    }
}

/// At most this many suggestions: more would not help anyone choose.
const MAX_SUGGESTIONS: usize = 5;

/// The IDs the catalog prints (single IDs and both ends of each range) that `typed` is one edit
/// away from (one digit inserted, removed or changed; `0x` and case ignored), and the ID that
/// `typed` names when read as a decimal number; sorted.
pub fn suggestions(typed: &str, catalog: &Catalog) -> Vec<u32> {
    let t = typed.trim();
    let digits: Vec<char> = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t)
        .chars()
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut printed: Vec<u32> = catalog
        .entries()
        .filter_map(|(_, e)| e.message_id)
        .flat_map(|m| match m {
            MessageId::Single(v) => vec![v],
            MessageId::Range { first, last } => vec![first, last],
        })
        .filter(|&v| {
            let candidate: Vec<char> = format!("{v:08X}").chars().collect();
            within_one_edit(&digits, &candidate)
        })
        .collect();
    printed.extend(decimal_hit(typed, catalog));
    printed.sort_unstable();
    printed.dedup();
    printed
}

/// The ID that `typed`, digits only without `0x`, names as a decimal number, when the catalog
/// has an entry for it.
fn decimal_hit(typed: &str, catalog: &Catalog) -> Option<u32> {
    let t = typed.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u32 = t.parse().ok()?;
    (!catalog.lookup(value).is_empty()).then_some(value)
}

/// Whether `a` becomes `b` by at most one insertion, removal or change of one character.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() <= 1,
        1 => {
            // The first difference is where the extra character sits; the rest must agree.
            let i = short
                .iter()
                .zip(long)
                .position(|(x, y)| x != y)
                .unwrap_or(short.len());
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

/// The text `lookup` prints for one message ID.
pub fn text_report(catalog: &Catalog, id: u32) -> String {
    use std::fmt::Write as _;
    let hits = catalog.lookup(id);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} entr{} in revision {}",
        hex(id),
        hits.len(),
        if hits.len() == 1 { "y" } else { "ies" },
        catalog.document.version
    );
    s.push_str(&entries_text(&hits));
    s
}

/// Each entry under its code's heading, as `lookup` prints them.
fn entries_text(hits: &[(&Code, &Entry)]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for (code, e) in hits {
        let tags: String = code.tags.iter().map(|t| format!("【{t}】")).collect();
        let _ = writeln!(s, "\n{} {tags}{}  ({})", code.code, code.title, e.at);
        let one = |v: &Option<String>| v.as_deref().unwrap_or("").replace('\n', "\n              ");
        let _ = writeln!(
            s,
            "  message ID  {}",
            e.message_id.map(|m| m.to_string()).unwrap_or_default()
        );
        let _ = writeln!(s, "  error type  {}", one(&e.error_type));
        let _ = writeln!(s, "  cause       {}", one(&e.cause));
        let _ = writeln!(s, "  action      {}", one(&e.action));
        let _ = writeln!(s, "  contact     {}", one(&e.contacts_text()));
    }
    s
}

/// The JSON `lookup --format json` prints: `{"id", "version", "status", "entries": [{"ref",
/// "code", "entry"}]}`, where `ref` is the published index's form (`{"code": "003", "entry":
/// 0}`, the schema's `entry_ref`), `code` the published code without its `entries`, and
/// `entry` the published entry: the same serializer as `generated/json/oqs-messages.json`, so
/// a program reads both alike. `status` is `found`, `removed` (with `removed`: `last_seen`,
/// `removed_in` and the last `entries`, in the same form) or `not_found` (in no revision,
/// when `history` is given; else in this one).
pub fn json_report(
    catalog: &Catalog,
    id: u32,
    history: Option<&History<'_>>,
) -> Result<String, Error> {
    let mut entries = Vec::new();
    for (code, entry) in catalog.lookup(id) {
        // `entry` is one of `code.entries` of `catalog` (Catalog::lookup returns references
        // into them).
        let ci = catalog
            .codes
            .iter()
            .position(|c| std::ptr::eq(c, code))
            .unwrap_or_default();
        let index = code
            .entries
            .iter()
            .position(|e| std::ptr::eq(e, entry))
            .unwrap_or_default();
        let life = history.and_then(|h| Some((h, h.newest_life(ci, index)?)));
        entries.push(entry_json(code, index, entry, life)?);
    }
    let story = history.map(|h| h.story(crate::history::About::Id(id)));
    let removed = match story.as_ref().and_then(|s| s.removed()) {
        Some((last, removed_in)) => {
            let mut last_entries = Vec::new();
            for held in &last.held {
                let life = history.map(|h| (h, held.life));
                last_entries.push(entry_json(held.code, held.index, held.entry, life)?);
            }
            Some(json!({
                "last_seen": last.version,
                "removed_in": removed_in,
                "entries": last_entries,
            }))
        }
        None => None,
    };
    let status = match (&removed, entries.is_empty()) {
        (_, false) => "found",
        (Some(_), true) => "removed",
        (None, true) => "not_found",
    };
    let mut doc = json!({
        "id": hex(id),
        "version": catalog.document.version,
        "status": status,
        "entries": entries,
    });
    if let (Some(removed), Value::Object(map)) = (removed, &mut doc) {
        map.insert("removed".to_string(), removed);
    }
    json_text(&doc)
}

/// One hit as `lookup` and `history` print it in JSON: `{"ref", "code", "entry"}`, the entry
/// with its `since` and `changed_in` when its life is known (as the JSON target has them).
pub(super) fn entry_json(
    code: &Code,
    index: usize,
    entry: &Entry,
    life: Option<(&History<'_>, &Life)>,
) -> Result<Value, Error> {
    let mut code_value = serde_json::to_value(code).map_err(json_fail)?;
    if let Value::Object(map) = &mut code_value {
        map.remove("entries");
    }
    let mut entry_value = serde_json::to_value(entry).map_err(json_fail)?;
    if let (Value::Object(map), Some((h, life))) = (&mut entry_value, life) {
        map.insert("since".to_string(), json!(h.version(life.since)));
        let changed: Vec<&str> = life.changed_in.iter().map(|&r| h.version(r)).collect();
        map.insert("changed_in".to_string(), json!(changed));
    }
    Ok(json!({
        "ref": { "code": code.code, "entry": index },
        "code": code_value,
        "entry": entry_value,
    }))
}

fn json_fail(e: serde_json::Error) -> Error {
    Error::Usage(format!("cannot write JSON: {e}"))
}

/// A JSON document, pretty, with a final line break.
pub(super) fn json_text(doc: &Value) -> Result<String, Error> {
    let mut text = serde_json::to_string_pretty(doc).map_err(json_fail)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn one_edit_is_one_insertion_removal_or_change() {
        let id = chars("04000011");
        for near in [
            "0400011",
            "4000011",
            "0400001",
            "040000110",
            "104000011",
            "04000012",
        ] {
            assert!(within_one_edit(&chars(near), &id), "{near}");
        }
        for far in ["040001", "0400001100", "14000012", "40000110", ""] {
            assert!(!within_one_edit(&chars(far), &id), "{far}");
        }
        assert!(within_one_edit(&id, &id));
    }

    #[test]
    fn suggestions_come_only_from_the_catalog() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/generated/catalog/1.20.yaml"
        ))
        .expect("the 1.20 model");
        let catalog = crate::model::yaml::load("1.20.yaml", &text).expect("model loads");
        assert_eq!(suggestions("0x0400011", &catalog), vec![0x0400_0011]);
        assert_eq!(suggestions("0x+4000011", &catalog), vec![0x0400_0011]);
        // 67108881 is 0x04000011.
        assert_eq!(suggestions("67108881", &catalog), vec![0x0400_0011]);
        // Both ends of 901's range are candidates, values inside it are not.
        assert_eq!(suggestions("0xF7FFFFF", &catalog), vec![0xF7FF_FFFF]);
        assert!(suggestions("0x1234567", &catalog).is_empty());
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(
            did_you_mean(&[1, 2, 3, 4, 5, 6, 7]),
            "; did you mean 0x00000001, 0x00000002, 0x00000003, 0x00000004, 0x00000005 (or 2 \
             more)?"
        );
        assert_eq!(
            did_you_mean(&[1, 2, 3]),
            "; did you mean 0x00000001, 0x00000002 or 0x00000003?"
        );
    }
}
