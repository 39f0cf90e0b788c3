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
    let Value::Object(model) = model else {
        return Err(fail("the model is not a JSON object".to_string()));
    };
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
