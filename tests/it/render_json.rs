//! Model → JSON: the data file validates against the generated JSON Schema (2020-12, checked
//! by the `jsonschema` crate), names that schema in `"$schema"`, carries the model and an
//! index by message ID, and the schema rejects what it must.

use crate::common;

use oqs_catalog::history::History;
use oqs_catalog::render::rust_api::series;
use oqs_catalog::render::{json, RenderInput};
use serde_json::Value;

fn rendered() -> (Value, Value, String) {
    let (catalogs, identifiers) = common::models();
    let series = series(&catalogs, &identifiers).expect("series");
    let files = json::render(RenderInput {
        catalogs: &catalogs,
        identifiers: &identifiers,
        series: &series,
        history: &History::new(&catalogs, &series.changes),
    })
    .expect("render JSON");
    let text = String::from_utf8(files["generated/json/oqs-messages.json"].clone()).expect("UTF-8");
    let data: Value = serde_json::from_str(&text).expect("data is JSON");
    let schema: Value = serde_json::from_slice(&files["generated/json/oqs-messages.schema.json"])
        .expect("schema is JSON");
    (data, schema, text)
}

#[test]
fn json_validates_against_its_schema() {
    let (data, schema, text) = rendered();
    let validator = common::validated(&schema, &data);
    assert!(
        text.starts_with("{\n  \"generated\": ["),
        "provenance first"
    );
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );

    // The schema must be able to fail.
    let mut bad = data.clone();
    bad["codes"][0]["entries"][0]["message_id"] = Value::from("0x123");
    assert!(
        !validator.is_valid(&bad),
        "a short message ID must be rejected"
    );
    let mut bad = data.clone();
    bad["codes"][0]["unknown"] = Value::from(1);
    assert!(
        !validator.is_valid(&bad),
        "an unknown field must be rejected"
    );
    let mut bad = data;
    bad.as_object_mut().expect("object").remove("generated");
    assert!(!validator.is_valid(&bad), "the provenance is required");
}

/// The data names its schema, as a file name beside it; the schema allows that key (any URI
/// reference, or none) and nothing but a string there.
#[test]
fn json_names_its_schema_and_the_schema_accepts_it() {
    let (data, schema, _) = rendered();
    assert_eq!(data["$schema"], "oqs-messages.schema.json");
    assert!(common::root()
        .join("generated/json")
        .join(data["$schema"].as_str().expect("string"))
        .is_file());
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    assert!(validator.is_valid(&data));
    let mut other = data.clone();
    other["$schema"] = Value::from("https://example.org/schemas/oqs-messages.schema.json");
    assert!(validator.is_valid(&other), "an absolute URL");
    other.as_object_mut().expect("object").remove("$schema");
    assert!(validator.is_valid(&other), "no $schema at all");
    other["$schema"] = Value::from(1);
    assert!(!validator.is_valid(&other), "a number is no URI reference");
}

/// An index entry names its code as printed: three digits, like `codes[].code`.
#[test]
fn entry_refs_name_codes_by_three_digits() {
    let (data, schema, _) = rendered();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let first = data["index"]
        .as_object()
        .expect("index")
        .keys()
        .next()
        .expect("an ID")
        .clone();
    for (code, ok) in [
        ("015", true),
        ("15", false),
        ("0015", false),
        ("01a", false),
        ("", false),
    ] {
        let mut d = data.clone();
        d["index"][&first][0]["code"] = Value::from(code);
        assert_eq!(validator.is_valid(&d), ok, "index code {code:?}");
        let mut d = data.clone();
        d["ranges"][0]["entries"][0]["code"] = Value::from(code);
        assert_eq!(validator.is_valid(&d), ok, "range code {code:?}");
    }
}

#[test]
fn json_holds_the_model_and_the_index() {
    let (data, _, _) = rendered();
    let (catalogs, _) = common::models();
    let newest = catalogs.last().expect("a revision");
    // Exactly the model's structure, apart from the added fields: one revision has no past,
    // so every entry is there since it and nothing was removed.
    let mut model = data.clone();
    assert_eq!(model["removed"], serde_json::json!([]));
    for k in [
        "generated",
        "$schema",
        "index",
        "ranges",
        "removed",
        "identifiers",
    ] {
        model.as_object_mut().expect("object").remove(k);
    }
    for code in model["codes"].as_array_mut().expect("codes") {
        for entry in code["entries"].as_array_mut().expect("entries") {
            let entry = entry.as_object_mut().expect("entry");
            assert_eq!(entry.remove("since"), Some(Value::from("1.20")));
            assert_eq!(entry.remove("changed_in"), Some(serde_json::json!([])));
        }
    }
    assert_eq!(model, serde_json::to_value(newest).expect("model as JSON"));

    let refs = |v: &Value| -> Vec<(String, u64)> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|r| {
                (
                    r["code"].as_str().expect("code").to_string(),
                    r["entry"].as_u64().expect("entry"),
                )
            })
            .collect()
    };
    let codes: Vec<String> = refs(&data["index"]["0x04000001"])
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(codes, ["004", "004", "005", "902"]);
    let r901: Vec<&Value> = data["ranges"]
        .as_array()
        .expect("ranges")
        .iter()
        .filter(|r| r["first"] == "0xF0000000" && r["last"] == "0xF7FFFFFF")
        .collect();
    assert_eq!(r901.len(), 1);
    assert!(refs(&r901[0]["entries"]).iter().all(|(c, _)| c == "901"));
    assert_eq!(
        refs(&r901[0]["entries"]).len(),
        newest.lookup(0xF030_1D00).len()
    );

    // Every single message ID of the model is in the index with every entry that carries it
    // (ranges that contain it are listed under `ranges`).
    for (code, e) in newest.entries() {
        if let Some(oqs_catalog::model::MessageId::Single(v)) = e.message_id {
            let hits = refs(&data["index"][oqs_catalog::model::message_id::hex(v)]);
            let exact = newest
                .entries()
                .filter(|(_, x)| x.message_id == e.message_id)
                .count();
            assert_eq!(hits.len(), exact, "{v:08X}");
            assert!(hits.iter().any(|(c, _)| *c == code.code));
        }
    }
}

/// The identifiers the Rust and C code use are in the JSON, with the C constants' values, so
/// that tools in other languages name contacts and tags the same way.
#[test]
fn json_lists_the_published_identifiers() {
    let (data, _, _) = rendered();
    let (catalogs, identifiers) = common::models();
    assert_eq!(
        data["identifiers"],
        serde_json::to_value(&identifiers).expect("identifiers as JSON")
    );
    let header =
        std::fs::read_to_string(common::root().join("generated/c/oqs_messages.h")).expect("header");
    for (section, prefix) in [("contacts", "OQS_CONTACT_"), ("tags", "OQS_TAG_")] {
        let items = data["identifiers"][section].as_array().expect(section);
        assert!(!items.is_empty(), "{section}");
        for item in items {
            let ident = item["ident"].as_str().expect("ident");
            let number = item["number"].as_u64().expect("number");
            let constant = format!("{prefix}{} {number}\n", common::screaming_snake(ident));
            assert!(
                header.contains(&constant),
                "{constant:?} not in the C header"
            );
        }
    }
    // Every contact the newest revision names is listed.
    for (_, e) in catalogs.last().expect("a revision").entries() {
        for c in &e.contacts {
            assert!(
                data["identifiers"]["contacts"]
                    .as_array()
                    .expect("contacts")
                    .iter()
                    .any(|i| i["name"] == c.name.as_str()),
                "{}",
                c.name
            );
        }
    }
}
