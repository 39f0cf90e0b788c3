//! Properties: the YAML model round-trips whatever text it holds; readers never panic on
//! mutated fixture bytes and finish in bounded time. The spreadsheet cases mutate the bytes of
//! the package (mostly caught by the CRC now) and, to reach the XML readers, the sheet XML
//! itself, re-packed with a valid CRC. Every case is drawn from a fixed seed
//! (`common::proptest_config`).

use crate::common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use oqs_catalog::model::{yaml, Catalog, SourceKind};
use oqs_catalog::normalize::{errata::Errata, normalize};
use oqs_catalog::read;
use proptest::prelude::*;

/// Every entry of a ZIP package: (name, bytes), in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, data) in entries {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

/// Edits of an XML part: byte flips, and pieces that reach the readers' limits inserted.
fn xml_edits() -> impl Strategy<Value = Vec<(prop::sample::Index, Option<u8>, usize)>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            prop::option::of(any::<u8>()),
            0..INSERTS.len(),
        ),
        1..6,
    )
}

const INSERTS: &[&str] = &[
    "9999999999",
    "ZZZZZZZZZZ",
    "<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c>",
    "<c r=\"XFE1\"><v>1</v></c>",
    "<mergeCell ref=\"A1:XFD1048576\"/>",
    "<mergeCell ref=\"B2:A1\"/>",
    "<row r=\"1048577\">",
    " table:number-rows-repeated=\"1000000000\"",
    " table:number-columns-repeated=\"1000000000\"",
    " table:number-rows-spanned=\"4000000000\"",
    "<text:s text:c=\"100000000\"/>",
    "<table:table-row table:number-rows-repeated=\"2000000\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
    "&#0;",
    "_xD800_",
];

/// Applies `edits` to `xml`: a flip replaces a byte, otherwise a piece is inserted there.
fn edit(xml: &mut Vec<u8>, edits: &[(prop::sample::Index, Option<u8>, usize)]) {
    for (at, flip, insert) in edits {
        let i = at.index(xml.len());
        match flip {
            Some(b) => xml[i] = *b,
            None => {
                xml.splice(i..i, INSERTS[*insert].bytes());
            }
        }
    }
}

/// Reads a mutated workbook through reader and normalizer; false when it took too long.
fn read_quickly(name: &str, kind: SourceKind, bytes: &[u8]) -> bool {
    let start = Instant::now();
    if let Ok(src) = read::read_bytes(name, kind, bytes) {
        let _ = normalize(&src.grid, src.source(), &Errata::default());
    }
    start.elapsed() < Duration::from_secs(5)
}

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
        let text = yaml::to_yaml(&c, "# header\n").unwrap();
        let back = yaml::load("m.yaml", &text).unwrap();
        prop_assert_eq!(&back, &c);
        prop_assert_eq!(yaml::to_yaml(&back, "# header\n").unwrap(), text);
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
    fn mutated_sheet_xml_never_panics(edits in xml_edits()) {
        let bytes = std::fs::read(common::root().join(common::XLSX)).unwrap();
        let mut entries = unzip(&bytes);
        let sheet = entries.iter_mut().find(|(n, _)| n == "xl/worksheets/sheet1.xml").unwrap();
        edit(&mut sheet.1, &edits);
        prop_assert!(read_quickly("m.xlsx", SourceKind::Xlsx, &rezip(&entries)));
    }

    #[test]
    fn mutated_ods_content_never_panics(edits in xml_edits()) {
        let src = read::read_source(&common::root().join(common::XLSX), common::XLSX).unwrap();
        let page = &src.grid.pages[0];
        let bytes = common::sheets::ods_of_table(page.sheet.as_deref().unwrap(), &page.tables[0]);
        let mut entries = unzip(&bytes);
        let content = entries.iter_mut().find(|(n, _)| n == "content.xml").unwrap();
        edit(&mut content.1, &edits);
        prop_assert!(read_quickly("m.ods", SourceKind::Ods, &rezip(&entries)));
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
