//! White-box tests of the reader: each work allowance set small through the private
//! [`Budget`] (the black-box tests are in tests/it/pdf_reader/).

use lopdf::{dictionary, Document, Object, Stream};

use super::objects::{Allowance, Budget};
use super::{read_within, PdfError, PdfRead};

#[path = "../../../tests/it/pdf_reader/build.rs"]
mod build;
use build::{document, pdf, save, type0, with_sans};

/// Reads `bytes` with `set` applied to a fresh budget.
fn read_with(bytes: &[u8], set: impl FnOnce(&mut Budget)) -> Result<PdfRead, PdfError> {
    let mut budget = Budget::new(1 << 20);
    set(&mut budget);
    read_within("t.pdf", bytes.into(), budget, 1)
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
    let read = read_within("t.pdf", (&bytes).into(), Budget::new(54), 1).expect("decoded once");
    assert_eq!(read.coverage.glyphs, 3);
    assert!(read_within("t.pdf", (&bytes).into(), Budget::new(53), 1).is_err());
}

/// `n` pages sharing a composite font (with a ToUnicode CMap) and a form XObject; page `k`
/// shows a ruled table and `k` glyphs, and from page 4 on the form: every allowance counts on
/// every page, and the font and the form are decoded once per file, the form first for page 4.
fn shared_pages(n: usize) -> Vec<u8> {
    let content = |k: usize| {
        format!(
            "10 10 50 50 re S 30 10 m 30 60 l S BT /F1 10 Tf 12 50 Td <{}> Tj ET {}",
            "0004".repeat(k),
            if k >= 4 { "/Fm1 Do" } else { "" }
        )
    };
    let cmap = b"1 beginbfrange <0000> <00FF> <0041> endbfrange";
    let mut doc = document(&content(1), dictionary! {}, |doc: &mut Document| {
        let mut resources = type0(Some(cmap))(doc);
        let form = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => resources.clone(),
            "BBox" => vec![0.into(), 0.into(), 200.into(), 100.into()] },
            b"BT /F1 10 Tf 120 80 Td <0005> Tj ET".to_vec(),
        ));
        resources.set("XObject", dictionary! { "Fm1" => form });
        resources
    });
    let first = doc.get_pages()[&1];
    let page = doc.get_dictionary(first).expect("page 1").clone();
    let mut kids = vec![first.into()];
    for k in 2..=n {
        let stream = doc.add_object(Stream::new(dictionary! {}, content(k).into_bytes()));
        let mut next = page.clone();
        next.set("Contents", stream);
        kids.push(doc.add_object(next).into());
    }
    let parent = page
        .get(b"Parent")
        .and_then(Object::as_reference)
        .expect("parent");
    let tree = doc.get_dictionary_mut(parent).expect("pages");
    tree.set("Count", kids.len() as i64);
    tree.set("Kids", kids);
    save(doc)
}

/// Pages read on several threads count against the file's allowances as one thread does
/// (`pages`): for each allowance and a range of maximums, the read or its error is the same.
#[test]
fn each_allowance_runs_out_on_the_same_page_on_any_number_of_threads() {
    let bytes = shared_pages(9);
    type Set = fn(&mut Budget, usize);
    let allowances: [(Set, usize); 10] = [
        (|b, n| *b = Budget::new(n), 1200),
        (|b, n| b.operators = Allowance::new(n, "operators"), 140),
        (|b, n| b.glyphs = Allowance::new(n, "glyphs"), 60),
        (|b, n| b.path_parts = Allowance::new(n, "parts"), 60),
        (|b, n| b.form_uses = Allowance::new(n, "uses"), 11),
        (|b, n| b.widths = Allowance::new(n, "widths"), 4),
        (|b, n| b.mapped_codes = Allowance::new(n, "codes"), 600),
        (|b, n| b.mapped_bytes = Allowance::new(n, "bytes"), 1200),
        (|b, n| b.layout_steps = Allowance::new(n, "steps"), 400),
        (|b, n| b.table_slots = Allowance::new(n, "slots"), 60),
    ];
    let mut late_errors = 0;
    for (set, top) in allowances {
        let step = (top / 60).max(1);
        for n in (0..=top).step_by(step) {
            let read = |threads| {
                let mut budget = Budget::new(1 << 20);
                set(&mut budget, n);
                format!(
                    "{:?}",
                    read_within("t.pdf", (&bytes).into(), budget, threads)
                )
            };
            let one = read(1);
            for threads in [2, 3, 8] {
                assert_eq!(read(threads), one, "{threads} threads, limit {n}");
            }
            if one.starts_with("Err") && !one.contains("page: 1,") {
                late_errors += 1;
            }
        }
    }
    // The sweep reached allowances that run out late in the file, not only on page 1.
    assert!(late_errors >= 10, "{late_errors}");
}
