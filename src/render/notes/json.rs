//! The JSON change notes: serde's rendering of the change set, one object per change with
//! message IDs as data, the format version [`FORMAT`] and the schema [`schema`]; no template.

use serde::Serialize;

use super::*;
/// The version of the notes' JSON format; bump on an incompatible change.
pub const FORMAT: u32 = 1;
/// The JSON Schema of the notes' JSON, written beside them as [`SCHEMA_FILE`].
pub const SCHEMA_FILE: &str = "notes.schema.json";
const SCHEMA: &str = include_str!("../../../templates/notes.schema.json");

/// The JSON Schema (2020-12) of [`json`]'s output.
pub fn schema() -> &'static str {
    SCHEMA
}

#[derive(Serialize)]
struct JsonNotes<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    format: u32,
    provenance: Vec<String>,
    old: &'a Side,
    new: &'a Side,
    summary: JsonSummary,
    /// Codes and message IDs no longer in the catalog (the crate's new tombstones).
    gone: &'a Gone,
    changes: Vec<JsonChange<'a>>,
}

/// One change with its remarks in words and the fragment of the page it links to.
#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(flatten)]
    change: &'a Change,
    /// Why the class was chosen, or what else to know, in English (the JSON is language
    /// neutral: a program reads `kind`, `class` and the IDs; this is for a person reading it).
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    /// The fragment of the entry or code in the generated HTML page.
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    changes: usize,
    breaking: usize,
    additive: usize,
    textual: usize,
    source_text_only: usize,
    /// The catalog's impact: the largest class of its changes (null when there is none).
    impact: Option<Class>,
    /// The crate's bump, from its public API.
    bump: Bump,
    /// The generated crate's version before and after, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    crate_version: Option<JsonVersions>,
}

#[derive(Serialize)]
struct JsonVersions {
    old: CrateVersion,
    new: CrateVersion,
}

/// The notes as JSON: the two revisions, a summary, and one object per change.
pub fn json(notes: &Notes<'_>) -> String {
    let cs = notes.changes;
    crate::model::yaml::to_json(&JsonNotes {
        schema: SCHEMA_FILE,
        format: FORMAT,
        provenance: provenance(cs, Lang::En),
        old: &cs.old,
        new: &cs.new,
        summary: JsonSummary {
            changes: cs.changes.len(),
            breaking: cs.count(Class::Breaking),
            additive: cs.count(Class::Additive),
            textual: cs.count(Class::Textual),
            source_text_only: cs.count(Class::SourceTextOnly),
            impact: cs.impact(),
            bump: notes.bump,
            crate_version: notes.versions.map(|[old, new]| JsonVersions { old, new }),
        },
        gone: &cs.gone,
        changes: notes
            .each()
            .map(|(change, anchor)| JsonChange {
                change,
                note: note(change),
                anchor,
            })
            .collect(),
    })
}

/// A change's remarks in English, joined.
fn note(change: &Change) -> Option<String> {
    Lang::En.words().remarks(&change.remarks)
}
