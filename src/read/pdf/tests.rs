//! White-box tests of the reader: each work allowance set small through the private
//! [`Budget`] (the black-box tests are in tests/it/pdf_reader/).

use lopdf::{dictionary, Document, Stream};

use super::objects::{Allowance, Budget};
use super::{read_within, PdfError, PdfRead};

#[path = "../../../tests/it/pdf_reader/build.rs"]
mod build;
use build::{document, pdf, save, type0, with_sans};

/// Reads `bytes` with `set` applied to a fresh budget.
fn read_with(bytes: &[u8], set: impl FnOnce(&mut Budget)) -> Result<PdfRead, PdfError> {
    let mut budget = Budget::new(1 << 20);
    set(&mut budget);
    read_within("t.pdf", bytes.into(), budget)
}

#[test]
fn each_allowance_stops_the_file_with_one_error_naming_it() {
    let ops = pdf("q Q q Q q Q");
    assert!(read_with(&ops, |b| b.operators = Allowance::new(6, "operators")).is_ok());
    let err = read_with(&ops, |b| b.operators = Allowance::new(5, "operators")).expect_err("over");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: the file exceeds the limit of 5 operators"
    );
    let text = pdf("BT /F1 10 Tf 10 50 Td (ABCD) Tj ET");
    let err = read_with(&text, |b| b.glyphs = Allowance::new(3, "glyphs")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 3 glyphs"),
        "{err}"
    );
    let path = pdf("0 0 10 10 re S");
    let err = read_with(&path, |b| b.path_parts = Allowance::new(3, "parts")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 3 parts"),
        "{err}"
    );
    let table = pdf("10 10 50 50 re S 30 10 m 30 60 l S");
    let err = read_with(&table, |b| b.table_slots = Allowance::new(1, "slots")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 1 slots"),
        "{err}"
    );
    let err = read_with(&table, |b| b.layout_steps = Allowance::new(1, "steps")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 1 steps"),
        "{err}"
    );
    let cmap = b"1 beginbfrange <0000> <00FF> <0041> endbfrange";
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        type0(Some(cmap)),
    );
    let err = read_with(&save(doc), |b| {
        b.mapped_codes = Allowance::new(255, "codes")
    })
    .expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 255 codes"),
        "{err}"
    );
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        type0(Some(cmap)),
    );
    let err = read_with(&save(doc), |b| b.widths = Allowance::new(0, "widths")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 0 widths"),
        "{err}"
    );
}

#[test]
fn forms_count_each_use_and_decode_once() {
    let form = |doc: &mut Document| {
        let fonts = with_sans(doc);
        let id = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => fonts,
            "BBox" => vec![0.into(), 0.into(), 200.into(), 100.into()] },
            b"BT /F1 10 Tf 10 50 Td (A) Tj ET".to_vec(),
        ));
        dictionary! { "XObject" => dictionary! { "Fm1" => id } }
    };
    let bytes = save(document("/Fm1 Do /Fm1 Do /Fm1 Do", dictionary! {}, form));
    let err = read_with(&bytes, |b| b.form_uses = Allowance::new(2, "uses")).expect_err("3 uses");
    assert!(
        err.to_string().ends_with("exceeds the limit of 2 uses"),
        "{err}"
    );
    // The form's 31 bytes and the page's 23 are decoded once each: 54 bytes suffice.
    let read = read_within("t.pdf", (&bytes).into(), Budget::new(54)).expect("decoded once");
    assert_eq!(read.coverage.glyphs, 3);
    assert!(read_within("t.pdf", (&bytes).into(), Budget::new(53)).is_err());
}
