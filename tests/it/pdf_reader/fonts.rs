//! Composite fonts, predefined CMaps and ToUnicode.

use lopdf::{dictionary, Dictionary, Document, Object};
use oqs_catalog::read::pdf::read_pdf;

use super::build::{document, save, type0};

#[test]
fn type0_identity_font_with_to_unicode() {
    let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
        1 beginbfrange <0004> <0005> <3042> endbfrange";
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <00040005> Tj ET",
        dictionary! {},
        type0(Some(cmap)),
    );
    let (grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "あぃ");
    // Widths from /DW (1000) and /W (500 for CID 5).
    let b = block.bbox.expect("bbox");
    assert!((b[2] - b[0] - 15.0).abs() < 0.01, "{b:?}");
    assert_eq!(coverage.glyphs, 2);
}

#[test]
fn unmapped_glyph_is_an_error_naming_page_and_font() {
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        type0(None),
    );
    let err = read_pdf("t.pdf", &save(doc)).expect_err("no mapping");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: font TestGothic: character code <0004> has no Unicode mapping"
    );
}

/// A non-embedded Adobe-Japan1 CID font with the CMap `encoding` and no ToUnicode.
fn japan1(encoding: &str) -> impl FnOnce(&mut Document) -> Dictionary + '_ {
    move |doc: &mut Document| {
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "KozMinPr6N-Regular",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Japan1"), "Supplement" => 6 },
            "DW" => 1000,
            // Half-width Latin 'A' of 90ms-RKSJ-H is CID 264.
            "W" => vec![264.into(), vec![Object::Integer(500)].into()],
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "KozMinPr6N-Regular",
            "Encoding" => encoding, "DescendantFonts" => vec![descendant.into()],
        });
        dictionary! { "Font" => dictionary! { "F1" => font } }
    }
}

#[test]
fn shift_jis_cmap_without_to_unicode_decodes_through_adobe_japan1() {
    // 「コード」 (two-byte codes), 'A' and ¥ (one-byte 0x41 and 0x5C, which 90ms-RKSJ-H maps to
    // the yen sign).
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <8352815B8368415C> Tj ET",
        dictionary! {},
        japan1("90ms-RKSJ-H"),
    );
    let (grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "コードA¥");
    // /DW 1000 for the kana, /W 500 for CID 264 ('A'), /DW for ¥ (no /W entry).
    let b = block.bbox.expect("bbox");
    assert!((b[2] - b[0] - 45.0).abs() < 0.01, "{b:?}");
    assert_eq!(coverage.glyphs, 5);
}

#[test]
fn ucs2_cmap_codes_are_unicode() {
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <30B330FC30C9> Tj ET",
        dictionary! {},
        japan1("UniJIS-UCS2-H"),
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    assert_eq!(grid.pages[0].outside[0].text, "コード");
}

#[test]
fn identity_cids_of_adobe_japan1_need_no_to_unicode() {
    // CID 943 is コ in Adobe-Japan1.
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <03AF> Tj ET",
        dictionary! {},
        japan1("Identity-H"),
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    assert_eq!(grid.pages[0].outside[0].text, "コ");
}

#[test]
fn unknown_predefined_cmap_is_an_error_naming_it() {
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0041> Tj ET",
        dictionary! {},
        japan1("No-Such-H"),
    );
    let err = read_pdf("t.pdf", &save(doc)).expect_err("unknown CMap");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: font F1: predefined CMap No-Such-H is not supported"
    );
}
