//! Properties: the YAML model round-trips whatever text it holds; readers never panic on
//! mutated fixture bytes and finish in bounded time.

use crate::common;

use std::time::{Duration, Instant};

use oqs_catalog::model::{yaml, Catalog, SourceKind};
use oqs_catalog::normalize::{errata::Errata, normalize};
use oqs_catalog::read;
use proptest::prelude::*;

fn model() -> Catalog {
    let text = std::fs::read_to_string(common::root().join("generated/catalog/1.20.yaml")).unwrap();
    yaml::load("1.20.yaml", &text).unwrap()
}

/// Text with the characters that trouble serializers: quotes, colons, hashes, line breaks,
/// leading spaces, YAML indicators, control characters, bidi overrides, full-width forms.
fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just(": ".to_string()),
            Just("#".to_string()),
            Just("'\"".to_string()),
            Just("- ".to_string()),
            Just(" ".to_string()),
            Just("\t".to_string()),
            Just("\u{202E}".to_string()),
            Just("\u{7}".to_string()),
            Just("ー・【】".to_string()),
            Just("yes".to_string()),
            Just("0x10".to_string()),
            "[a-z0-9]{1,4}",
            "\\PC{1,3}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    #[test]
    fn yaml_round_trips_any_text(cause in nasty_text(), title in nasty_text(), note in nasty_text()) {
        let mut c = model();
        c.codes[0].entries[0].cause = Some(cause);
        c.codes[1].title = title;
        c.notes = vec![note];
        let text = yaml::to_yaml(&c, "# header\n");
        let back = yaml::load("m.yaml", &text).unwrap();
        prop_assert_eq!(&back, &c);
        prop_assert_eq!(yaml::to_yaml(&back, "# header\n"), text);
    }

    #[test]
    fn mutated_spreadsheets_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = std::fs::read(common::root().join(common::XLSX)).unwrap();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let start = Instant::now();
        if let Ok(src) = read::read_bytes("m.xlsx", SourceKind::Xlsx, &bytes) {
            let source = oqs_catalog::model::Source {
                file: "m.xlsx".into(), kind: SourceKind::Xlsx, sha256: src.sha256.clone(),
                pages: None, sheets: vec![],
            };
            let _ = normalize(&src.grid, source, &Errata::default());
        }
        prop_assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    }

    #[test]
    fn mutated_pdfs_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = std::fs::read(common::root().join(common::PDF)).unwrap();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let start = Instant::now();
        if let Ok(src) = read::read_bytes("m.pdf", SourceKind::Pdf, &bytes) {
            let _ = normalize(&src.grid, src.source(), &Errata::default());
        }
        prop_assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    }
}
