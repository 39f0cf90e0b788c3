//! Model → Rust: the generated crate `oqs-messages` (a workspace member and dev-dependency, so
//! `cargo test` builds it and runs its doctests) answers like the model: codes, texts, entries
//! and `lookup` of every message ID, both ends of each range and the values just outside.
//! Also: `build`'s output for every code target is what is committed, byte for byte.

use crate::common;

use oqs_catalog::model::Catalog;
use oqs_catalog::render::{self, RenderInput};
use oqs_messages::{lookup, DisplayCode, Entry};

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
    let input = RenderInput {
        catalogs: &catalogs,
        identifiers: &identifiers,
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

#[test]
fn serde_feature_serializes_what_lookup_returns() {
    let (mut models, identifiers) = common::models();
    let model = models.pop().expect("a revision");
    for id in [0x0400_0011, 0xF030_1D00] {
        let got = serde_json::to_value(lookup(id).collect::<Vec<_>>()).expect("serializes");
        let got = got.as_array().expect("array");
        let want = model.lookup(id);
        assert_eq!(got.len(), want.len(), "{id:#010X}");
        for (g, (code, e)) in got.iter().zip(&want) {
            assert_eq!(g["code"], format!("Code{}", code.code));
            assert_eq!(g["error_type"].as_str(), e.error_type.as_deref());
            assert_eq!(g["cause"].as_str(), e.cause.as_deref());
            assert_eq!(g["action"].as_str(), e.action.as_deref());
            // Contacts serialize as their identifiers from names.yaml.
            let idents: Vec<&str> = g["contacts"]
                .as_array()
                .expect("contacts")
                .iter()
                .filter_map(|c| c["contact"].as_str())
                .collect();
            let want_idents: Vec<&str> = e
                .contacts
                .iter()
                .map(|c| {
                    let item = identifiers.contacts.iter().find(|i| i.name == c.name);
                    item.expect("published").ident.as_str()
                })
                .collect();
            assert_eq!(idents, want_idents);
        }
    }
}

/// With the `serde` feature the value types read back what they wrote: every display code,
/// every message ID, every contact and tag of the crate.
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
            for c in e.contacts {
                assert_eq!(round_trip(c.contact), c.contact);
            }
        }
        for t in code.tags() {
            assert_eq!(round_trip(*t), *t);
        }
    }
    assert_eq!(
        serde_json::to_string(&DisplayCode::Code001).expect("serializes"),
        "\"Code001\""
    );
    assert!(serde_json::from_str::<DisplayCode>("\"Code000\"").is_err());
}
