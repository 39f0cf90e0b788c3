//! Model → Rust: the generated crate `oqs-messages` (a workspace member and dev-dependency, so
//! `cargo test` builds it and runs its doctests) answers like the model: codes, texts, entries
//! and `lookup` of every message ID, both ends of each range and the values just outside.
//! Also: `build`'s output for every code target is what is committed, byte for byte.

use crate::common;

use oqs_catalog::history::History;
use oqs_catalog::model::Catalog;
use oqs_catalog::render::rust_api::series;
use oqs_catalog::render::{self, RenderInput};
use oqs_messages::{lookup, Contact, DisplayCode, Entry, MessageId, Tag};
use serde::Deserialize;
use serde_json::{json, Value};

fn newest() -> Catalog {
    common::models().0.pop().expect("a revision")
}

fn index_of(e: &Entry) -> usize {
    oqs_messages::entries()
        .iter()
        .position(|x| std::ptr::eq(x, e))
        .expect("entry from the table")
}

#[test]
fn codes_and_entries_match_the_model() {
    let model = newest();
    assert_eq!(oqs_messages::VERSION, model.document.version);
    assert_eq!(DisplayCode::ALL.len(), model.codes.len());
    let all = oqs_messages::entries();
    assert_eq!(all.len(), model.entries().count());
    for (code, c) in DisplayCode::ALL.iter().zip(&model.codes) {
        assert_eq!(code.as_str(), c.code);
        assert_eq!(code.to_string(), c.code);
        assert_eq!(code.code(), c.code.parse::<u16>().expect("numeric"));
        assert_eq!(DisplayCode::from_code(code.code()), Some(*code));
        assert_eq!(c.code.parse::<DisplayCode>(), Ok(*code));
        assert_eq!(code.title(), c.title);
        assert_eq!(code.message(), c.message.as_deref());
        let tags: Vec<&str> = code.tags().iter().map(|t| t.name()).collect();
        assert_eq!(tags, c.tags);
        assert_eq!(code.removed_in(), None);
        assert_eq!(code.entries().len(), c.entries.len());
        for (got, want) in code.entries().iter().zip(&c.entries) {
            assert_eq!(got.code, *code);
            assert_eq!(got.error_type, want.error_type.as_deref());
            assert_eq!(got.cause, want.cause.as_deref());
            assert_eq!(got.action, want.action.as_deref());
            let id = got.message_id.map(|m| (m.first(), m.last()));
            assert_eq!(id, want.message_id.map(|m| (m.first(), m.last())));
            let contacts: Vec<(&str, Option<&str>)> = got
                .contacts
                .iter()
                .map(|c| (c.contact.name(), c.note))
                .collect();
            let expected: Vec<(&str, Option<&str>)> = want
                .contacts
                .iter()
                .map(|c| (c.name.as_str(), c.note.as_deref()))
                .collect();
            assert_eq!(contacts, expected);
        }
    }
    assert!("abc".parse::<DisplayCode>().is_err());
    assert!("".parse::<DisplayCode>().is_err());
}

#[test]
fn lookup_matches_the_model() {
    let model = newest();
    let entries: Vec<_> = model.entries().collect();
    let probes = common::probes(&model);
    let mut matches = 0;
    for &id in &probes {
        let want: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, (_, e))| e.message_id.is_some_and(|m| m.contains(id)))
            .map(|(i, _)| i)
            .collect();
        let got: Vec<usize> = lookup(id).map(index_of).collect();
        assert_eq!(got, want, "lookup(0x{id:08X})");
        matches += got.len();
    }
    eprintln!("{} probes, {matches} matches checked", probes.len());
    let codes: Vec<&str> = lookup(0x0400_0001).map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["004", "004", "005", "902"]);
    let codes: Vec<&str> = lookup(0xF030_1D00).map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["901", "901", "901"]);
    assert_eq!(lookup(0x0000_0000).count(), 0);
}

/// Like prost-build's check: regenerating gives the committed files, and twice the same bytes.
#[test]
fn generated_code_is_current_and_deterministic() {
    let (catalogs, identifiers) = common::models();
    let series = series(&catalogs, &identifiers).expect("series");
    let input = RenderInput {
        catalogs: &catalogs,
        identifiers: &identifiers,
        series: &series,
        history: &History::new(&catalogs, &series.changes),
    };
    let once = render::render_all(input).expect("render");
    let twice = render::render_all(input).expect("render");
    assert_eq!(once, twice);
    for dir in ["generated/rust", "generated/c", "generated/json"] {
        assert!(once.keys().any(|k| k.starts_with(dir)), "{dir} rendered");
    }
    for (path, bytes) in &once {
        let on_disk = std::fs::read(common::root().join(path)).unwrap_or_default();
        assert!(
            &on_disk == bytes,
            "{path} is stale; run `cargo run --release -- build`"
        );
    }
}

/// With the `serde` feature every entry serializes as the JSON target writes it: the entry of
/// `generated/json/oqs-messages.json` with its code, without what the crate does not carry
/// (where it was read, the printed text, errata, unknown columns, its history).
#[test]
fn serde_form_is_the_json_targets_form_for_every_entry() {
    let text = std::fs::read_to_string(common::root().join("generated/json/oqs-messages.json"))
        .expect("generated/json/oqs-messages.json");
    let data: Value = serde_json::from_str(&text).expect("JSON");
    let mut want = Vec::new();
    for code in data["codes"].as_array().expect("codes") {
        for e in code["entries"].as_array().expect("entries") {
            let mut e = e.as_object().expect("entry").clone();
            for key in [
                "at",
                "source_text",
                "errata",
                "extra",
                "since",
                "changed_in",
            ] {
                e.remove(key);
            }
            e.insert("code".to_string(), code["code"].clone());
            want.push(Value::Object(e));
        }
    }
    let got: Vec<Value> = oqs_messages::entries()
        .iter()
        .map(|e| serde_json::to_value(e).expect("serializes"))
        .collect();
    assert_eq!(got.len(), want.len());
    assert!(!got.is_empty());
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "entry {i}");
    }
    // The forms the JSON uses for each value read back into the crate's values.
    let mut ranges = 0;
    for (e, w) in oqs_messages::entries().iter().zip(&want) {
        assert_eq!(DisplayCode::deserialize(&w["code"]).ok(), Some(e.code));
        if let Some(id) = e.message_id {
            assert_eq!(MessageId::deserialize(&w["message_id"]).ok(), Some(id));
            ranges += usize::from(w["message_id"].is_object());
        }
        for (c, wc) in e
            .contacts
            .iter()
            .zip(w["contacts"].as_array().into_iter().flatten())
        {
            assert_eq!(Contact::deserialize(&wc["name"]).ok(), Some(c.contact));
        }
    }
    assert!(ranges > 0, "a range was read back from its object form");
}

/// With the `serde` feature the value types read back what they wrote: every display code,
/// every message ID, every contact and tag of the crate; contacts and tags also from their
/// identifiers.
#[test]
fn serde_feature_round_trips_the_value_types() {
    fn round_trip<T>(v: T) -> T
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        let text = serde_json::to_string(&v).expect("serializes");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }
    for code in DisplayCode::ALL {
        assert_eq!(round_trip(*code), *code);
        for e in code.entries() {
            if let Some(id) = e.message_id {
                assert_eq!(round_trip(id), id);
            }
        }
    }
    for c in Contact::ALL {
        assert_eq!(round_trip(*c), *c);
        assert_eq!(
            serde_json::to_value(c).expect("serializes"),
            json!(c.name())
        );
        assert_eq!(Contact::deserialize(&json!(c.ident())).ok(), Some(*c));
    }
    for t in Tag::ALL {
        assert_eq!(round_trip(*t), *t);
        assert_eq!(
            serde_json::to_value(t).expect("serializes"),
            json!(t.name())
        );
        assert_eq!(Tag::deserialize(&json!(t.ident())).ok(), Some(*t));
    }
    assert_eq!(
        serde_json::to_string(&DisplayCode::Code001).expect("serializes"),
        "\"001\""
    );
    assert_eq!(
        serde_json::from_str::<DisplayCode>("\"001\"").ok(),
        Some(DisplayCode::Code001)
    );
    for bad in ["\"000\"", "\"Code001\"", "1", "null"] {
        assert!(serde_json::from_str::<DisplayCode>(bad).is_err(), "{bad}");
    }
    assert!(serde_json::from_str::<Contact>("\"nobody\"").is_err());
    assert!(serde_json::from_str::<Tag>("\"\"").is_err());
}

/// A message ID reads back only from a well-formed string or `{first, last}` object.
#[test]
fn serde_message_id_rejects_what_is_not_an_id() {
    let id = |v: Value| MessageId::deserialize(&v);
    assert_eq!(
        id(json!("0x04000011")).ok(),
        Some(MessageId::Single(0x0400_0011))
    );
    assert_eq!(
        id(json!({"first": "0xF0000000", "last": "0xF7FFFFFF"})).ok(),
        Some(MessageId::Range {
            first: 0xF000_0000,
            last: 0xF7FF_FFFF
        })
    );
    for bad in [
        json!("0x0400001"),
        json!(67_108_881),
        json!({"first": "0xF0000000"}),
        json!({"first": "0xF0000000", "last": "0xF7FFFFF"}),
        json!({"first": "0xF7FFFFFF", "last": "0xF0000000"}),
        json!({"first": "0xF0000000", "last": "0xF7FFFFFF", "step": 1}),
    ] {
        assert!(id(bad.clone()).is_err(), "{bad}");
    }
    let dup = r#"{"first": "0xF0000000", "first": "0xF0000001", "last": "0xF7FFFFFF"}"#;
    assert!(serde_json::from_str::<MessageId>(dup).is_err(), "{dup}");
}

/// `MessageId` prints and parses hexadecimal: `Display` and `FromStr` round-trip for every ID
/// of the crate, `Debug` shows hex, and a malformed ID (seven or nine digits, a decimal, a
/// range that ends below its start) is refused.
#[test]
fn message_ids_print_and_parse_in_hex() {
    let model = newest();
    let mut seen = 0;
    for (_, e) in model.entries() {
        let Some(m) = e.message_id else { continue };
        let id: MessageId = m.to_string().parse().expect("the model's form parses");
        assert_eq!((id.first(), id.last()), (m.first(), m.last()));
        assert_eq!(id.to_string(), m.to_string(), "Display is the model's form");
        assert_eq!(id.to_string().to_lowercase().parse::<MessageId>(), Ok(id));
        let debug = format!("{id:?}");
        assert!(debug.contains(&format!("0x{:08X}", m.first())), "{debug}");
        seen += 1;
    }
    assert!(seen > 0);
    assert_eq!(
        "04000011".parse::<MessageId>(),
        Ok(MessageId::Single(0x0400_0011))
    );
    assert_eq!(
        "0X0400001a".parse::<MessageId>(),
        Ok(MessageId::Single(0x0400_001A))
    );
    assert_eq!(
        "0xF0000000 ~ 0xF7FFFFFF".parse::<MessageId>(),
        Ok(MessageId::Range {
            first: 0xF000_0000,
            last: 0xF7FF_FFFF
        })
    );
    assert_eq!(
        format!("{:?}", MessageId::Single(0x11)),
        "Single(0x00000011)"
    );
    for bad in [
        "",
        "0x",
        "0x0400001",
        "0x040000111",
        "0x0400001G",
        "+x04000011",
        "0xF7FFFFFF~0xF0000000",
        "0xF0000000~",
        "~0xF0000000",
    ] {
        let err = bad.parse::<MessageId>().expect_err(bad);
        assert!(!err.to_string().is_empty());
    }
    assert_ne!(
        "0xF7FFFFFF~0xF0000000"
            .parse::<MessageId>()
            .expect_err("backwards")
            .to_string(),
        "0x0400001"
            .parse::<MessageId>()
            .expect_err("short")
            .to_string(),
        "a backwards range says so"
    );
}

/// `Contact::ALL` and `Tag::ALL` are the published identifiers (generated/identifiers.yaml),
/// with their names; each finds itself by name.
#[test]
fn contacts_and_tags_list_the_published_identifiers() {
    let (_, identifiers) = common::models();
    let pairs = |items: &[oqs_catalog::model::identifiers::Item]| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = items
            .iter()
            .map(|i| (i.ident.clone(), i.name.clone()))
            .collect();
        v.sort();
        v
    };
    let contacts: Vec<(String, String)> = Contact::ALL
        .iter()
        .map(|c| (c.ident().to_string(), c.name().to_string()))
        .collect();
    assert_eq!(contacts, pairs(&identifiers.contacts));
    let tags: Vec<(String, String)> = Tag::ALL
        .iter()
        .map(|t| (t.ident().to_string(), t.name().to_string()))
        .collect();
    assert_eq!(tags, pairs(&identifiers.tags));
    for c in Contact::ALL {
        assert_eq!(Contact::from_name(c.name()), Some(*c));
        assert_eq!(format!("{c:?}"), c.ident());
    }
    for t in Tag::ALL {
        assert_eq!(Tag::from_name(t.name()), Some(*t));
    }
    assert_eq!(Contact::from_name(""), None);
    assert_eq!(Tag::from_name("手順誤り ").map(|t| t.name()), None);
}
