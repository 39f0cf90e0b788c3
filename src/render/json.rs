//! JSON target: `generated/json/oqs-messages.json` (the newest revision's model, exactly the
//! YAML's structure, plus an index by message ID and the identifiers of contacts and tags that
//! the Rust and C code use) and `oqs-messages.schema.json` (JSON Schema
//! 2020-12, from `templates/oqs-messages.schema.json` through the `.json` escaper).
//!
//! The data file is serialized by serde_json rather than a template: its structure is the
//! model's, and a serializer cannot produce an unbalanced or unescaped document. Keys keep the
//! model's field order (serde_json's `preserve_order`), index keys are sorted, so the bytes
//! are stable. The provenance header is the top-level `"generated"` field of both files; the
//! data's `"$schema"` names the schema file beside it, so editors and validators find it.
//!
//! The history of the revisions under `input/` ([`crate::history`]): each entry ends with
//! `since` (the first revision of its lineage) and `changed_in` (the revisions that changed
//! it), and `removed` lists the tombstones of the message IDs the newest revision no longer
//! lists (ID, code, the last entry as it stood, `last_seen`, `removed_in`). One revision gives
//! `since` its version, empty `changed_in` and an empty `removed`.

use std::collections::BTreeMap;

use askama::Template;
use serde_json::{json, Map, Value};

use super::{provenance, template_error, Files, RenderError, RenderInput};
use crate::model::message_id::hex;
use crate::model::MessageId;

const DIR: &str = "generated/json";
/// The schema's file name, also the data's `"$schema"` (a URI reference relative to the data).
const SCHEMA: &str = "oqs-messages.schema.json";

#[derive(Template)]
#[template(path = "oqs-messages.schema.json")]
struct Schema<'a> {
    header: &'a [String],
}

fn fail(message: String) -> RenderError {
    RenderError::Target {
        target: "json",
        message,
    }
}

/// The data file and its schema.
pub fn render(input: RenderInput<'_>) -> Result<Files, RenderError> {
    let newest = input.newest().ok_or(RenderError::NoRevision)?;
    let header = provenance(newest);

    let mut singles: BTreeMap<u32, Vec<Value>> = BTreeMap::new();
    let mut ranges: BTreeMap<(u32, u32), Vec<Value>> = BTreeMap::new();
    for code in &newest.codes {
        for (i, e) in code.entries.iter().enumerate() {
            let r = json!({ "code": code.code, "entry": i });
            match e.message_id {
                Some(MessageId::Single(v)) => singles.entry(v).or_default().push(r),
                Some(MessageId::Range { first, last }) => {
                    ranges.entry((first, last)).or_default().push(r)
                }
                None => {}
            }
        }
    }

    let model = serde_json::to_value(newest).map_err(|e| fail(e.to_string()))?;
    let Value::Object(mut model) = model else {
        return Err(fail("the model is not a JSON object".to_string()));
    };
    add_lives(&mut model, input)?;
    let mut doc = Map::new();
    doc.insert("generated".to_string(), json!(header));
    doc.insert("$schema".to_string(), json!(SCHEMA));
    doc.extend(model);
    doc.insert(
        "index".to_string(),
        Value::Object(
            singles
                .into_iter()
                .map(|(id, refs)| (hex(id), Value::Array(refs)))
                .collect(),
        ),
    );
    doc.insert(
        "ranges".to_string(),
        Value::Array(
            ranges
                .into_iter()
                .map(|((first, last), refs)| {
                    json!({ "first": hex(first), "last": hex(last), "entries": refs })
                })
                .collect(),
        ),
    );
    doc.insert("removed".to_string(), tombstones(input)?);
    doc.insert(
        "identifiers".to_string(),
        serde_json::to_value(input.identifiers).map_err(|e| fail(e.to_string()))?,
    );
    let mut data =
        serde_json::to_string_pretty(&Value::Object(doc)).map_err(|e| fail(e.to_string()))?;
    data.push('\n');

    let mut schema = Schema { header: &header }
        .render()
        .map_err(|e| template_error(SCHEMA, e))?;
    if !schema.ends_with('\n') {
        schema.push('\n');
    }
    // The template is layout only; a slip in it must not ship as broken JSON.
    serde_json::from_str::<Value>(&schema)
        .map_err(|e| fail(format!("{SCHEMA} is not JSON: {e}")))?;

    let mut files = Files::new();
    files.insert(format!("{DIR}/oqs-messages.json"), data.into_bytes());
    files.insert(format!("{DIR}/{SCHEMA}"), schema.into_bytes());
    Ok(files)
}

/// `since` and `changed_in` at the end of every entry of the serialized newest model.
fn add_lives(model: &mut Map<String, Value>, input: RenderInput<'_>) -> Result<(), RenderError> {
    let history = input.history;
    let Some(Value::Array(codes)) = model.get_mut("codes") else {
        return Err(fail("the model has no codes".to_string()));
    };
    for (ci, code) in codes.iter_mut().enumerate() {
        let Some(Value::Array(entries)) = code.get_mut("entries") else {
            continue;
        };
        for (ei, entry) in entries.iter_mut().enumerate() {
            let (Value::Object(entry), Some(life)) = (entry, history.newest_life(ci, ei)) else {
                return Err(fail(format!("entry {ei} of code {ci} has no history")));
            };
            entry.insert("since".to_string(), json!(history.version(life.since)));
            let changed: Vec<&str> = life
                .changed_in
                .iter()
                .map(|&r| history.version(r))
                .collect();
            entry.insert("changed_in".to_string(), json!(changed));
        }
    }
    Ok(())
}

/// The `removed` list: one object per tombstone.
fn tombstones(input: RenderInput<'_>) -> Result<Value, RenderError> {
    let mut out = Vec::new();
    for t in input.history.tombstones() {
        out.push(json!({
            "message_id": serde_json::to_value(t.id).map_err(|e| fail(e.to_string()))?,
            "code": t.code.code,
            "title": t.code.title,
            "entry": serde_json::to_value(t.entry).map_err(|e| fail(e.to_string()))?,
            "last_seen": t.last_seen,
            "removed_in": t.removed_in,
        }));
    }
    Ok(Value::Array(out))
}
