//! Damaged, encrypted and corrupt files, and text in a font that is not there (issue 10).

use lopdf::{dictionary, Document, Object, Stream};
use oqs_catalog::read::pdf::{read_pdf, read_pdf_with, PdfError};
use oqs_catalog::read::OnDamage;

use super::build::{document, pdf, sans, save, type0, with_sans};

#[test]
fn corrupt_and_truncated_files_are_errors_not_panics() {
    let err = read_pdf("junk.pdf", b"this is not a PDF").expect_err("junk");
    assert!(err.to_string().starts_with("junk.pdf: "), "{err}");
    let good = pdf("BT /F1 10 Tf 10 50 Td (Hello) Tj ET");
    for cut in (0..good.len()).step_by(7) {
        let _ = read_pdf("cut.pdf", &good[..cut]);
    }
    let mut flipped = good.clone();
    for i in (0..flipped.len()).step_by(13) {
        flipped[i] ^= 0x5A;
        let _ = read_pdf("flipped.pdf", &flipped);
    }
}

fn encrypted(user_password: &str) -> Vec<u8> {
    use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
    let mut doc = document(
        "BT /F1 10 Tf 10 50 Td (Secret) Tj ET",
        dictionary! {},
        with_sans,
    );
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(b"0123456789abcdef".to_vec()),
            Object::string_literal(b"0123456789abcdef".to_vec()),
        ],
    );
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypts");
    save(doc)
}

#[test]
fn encrypted_with_empty_user_password_reads() {
    let (grid, _) = read_pdf("e.pdf", &encrypted("")).expect("reads with the empty password");
    assert_eq!(grid.pages[0].outside[0].text, "Secret");
}

#[test]
fn encrypted_with_a_user_password_needs_it() {
    let err = read_pdf("e.pdf", &encrypted("secret")).expect_err("needs a password");
    assert_eq!(err.to_string(), "e.pdf: the PDF needs a password");
}

// Issue 10: damaged content, work allowances, and text in a font that is not there.

fn zlib(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// The page's content stream replaced by `stream`, raw (not round-tripped through lopdf's
/// content parser, which would repair what these tests break).
fn with_raw_content(mut doc: Document, stream: Stream) -> Vec<u8> {
    let page = *doc.get_pages().get(&1).expect("a page");
    let id = doc
        .get_dictionary(page)
        .and_then(|p| p.get(b"Contents"))
        .and_then(Object::as_reference)
        .expect("a content stream");
    doc.objects.insert(id, Object::Stream(stream));
    save(doc)
}

/// Forty lines of text ("Line 0" at the top), compressed, then cut to `keep` of its
/// compressed bytes.
fn cut_content(keep: f64) -> Vec<u8> {
    let text: String = (0..40)
        .map(|k| format!("BT /F1 1 Tf 10 {} Td (Line {k}) Tj ET\n", 95 - 2 * k))
        .collect();
    let mut data = zlib(text.as_bytes());
    data.truncate((data.len() as f64 * keep) as usize);
    let doc = document("", dictionary! {}, with_sans);
    with_raw_content(
        doc,
        Stream::new(dictionary! { "Filter" => "FlateDecode" }, data),
    )
}

#[test]
fn a_content_stream_cut_short_is_an_error_naming_page_and_stream() {
    let bytes = cut_content(0.5);
    let err = read_pdf("t.pdf", &bytes).expect_err("damage is refused");
    assert!(matches!(err, PdfError::Damaged { page: 1, .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("t.pdf: page 1: content stream ")
            && text.ends_with(
                " 0 R cannot be decoded (its compressed data ends before the end of the stream)"
            ),
        "{text}"
    );
}

#[test]
fn under_warn_damage_is_read_as_far_as_it_goes_and_counted_as_lost() {
    let bytes = cut_content(0.5);
    let read = read_pdf_with("t.pdf", &bytes, OnDamage::Warn).expect("reads on");
    assert_eq!(read.damage.len(), 1, "{:?}", read.damage);
    assert_eq!(read.damage[0].page, 1);
    assert!(read.damage[0].what.contains("cannot be decoded"));
    let warning = read.damage[0].diagnostic("t.pdf");
    assert_eq!(warning.severity, oqs_catalog::diagnostic::Severity::Warning);
    assert_eq!(warning.at.to_string(), "t.pdf: page 1");
    assert!(warning.message.ends_with("; read as far as it goes"));
    assert_eq!(read.coverage.undecoded, 1);
    assert!(!read.coverage.is_complete());
    // What was decoded before the cut is there, and not more.
    let lines = &read.grid.pages[0].outside;
    assert_eq!(lines[0].text, "Line 0");
    assert!(lines.len() < 40, "{}", lines.len());
    // A whole file is complete.
    let whole = read_pdf_with(
        "t.pdf",
        pdf("BT /F1 10 Tf 10 50 Td (A) Tj ET"),
        OnDamage::Warn,
    )
    .expect("reads");
    assert!(whole.damage.is_empty() && whole.coverage.is_complete());
}

#[test]
fn content_that_breaks_off_is_damage() {
    let garbage = with_raw_content(
        document("", dictionary! {}, with_sans),
        Stream::new(
            dictionary! {},
            b"BT /F1 10 Tf 10 80 Td (A) Tj ET ) BT /F1 10 Tf 10 50 Td (B) Tj ET".to_vec(),
        ),
    );
    let err = read_pdf("t.pdf", &garbage).expect_err("the rest would be lost");
    assert!(
        err.to_string().ends_with(
            " 0 R cannot be read to its end (it holds bytes that are not content-stream syntax)"
        ),
        "{err}"
    );
    let cut = with_raw_content(
        document("", dictionary! {}, with_sans),
        Stream::new(dictionary! {}, b"BT /F1 10 Tf 10 80".to_vec()),
    );
    let err = read_pdf("t.pdf", &cut).expect_err("cut inside an operation");
    assert!(
        err.to_string().ends_with("(it ends inside an operation)"),
        "{err}"
    );
    // The end mark cannot be faked by content that names it.
    let named = with_raw_content(
        document("", dictionary! {}, with_sans),
        Stream::new(dictionary! {}, b"OQSend0 ) OQSend0".to_vec()),
    );
    assert!(read_pdf("t.pdf", &named).is_err());
}

#[test]
fn missing_objects_are_damage() {
    let mut doc = document("", dictionary! {}, with_sans);
    let page = *doc.get_pages().get(&1).expect("page");
    let missing = doc.new_object_id();
    doc.get_dictionary_mut(page)
        .expect("page")
        .set("Contents", missing);
    let err = read_pdf("t.pdf", &save(doc)).expect_err("content missing");
    assert_eq!(
        err.to_string(),
        format!("t.pdf: page 1: content stream {} 0 R is missing", missing.0)
    );

    let err = read_pdf("t.pdf", &pdf("/Fm9 Do")).expect_err("no such XObject");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: XObject /Fm9 is drawn, but the resources have no XObject of that name"
    );
    let doc = document("/Fm1 Do", dictionary! {}, |doc| {
        let missing = doc.new_object_id();
        dictionary! { "XObject" => dictionary! { "Fm1" => missing } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("XObject missing");
    assert!(err.to_string().ends_with(" 0 R) is missing"), "{err}");
}

#[test]
fn damaged_form_and_font_streams_are_damage() {
    let form = |content: Vec<u8>| {
        move |doc: &mut Document| {
            let id = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "Filter" => "FlateDecode",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 50.into()] },
                content,
            ));
            dictionary! { "XObject" => dictionary! { "Fm1" => id } }
        }
    };
    let mut data = zlib(&b"0 0 m 10 10 l S ".repeat(100));
    data.truncate(data.len() / 2);
    let err = read_pdf(
        "t.pdf",
        &save(document("/Fm1 Do", dictionary! {}, form(data))),
    )
    .expect_err("form cut");
    assert!(
        err.to_string().contains("form XObject /Fm1 (")
            && err.to_string().contains("cannot be decoded"),
        "{err}"
    );

    let mut cmap = zlib(&b"1 beginbfchar <0004> <3042> endbfchar ".repeat(50));
    cmap.truncate(cmap.len() / 2);
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        |doc| {
            let resources = type0(None)(doc);
            let font = resources
                .get(b"Font")
                .and_then(Object::as_dict)
                .and_then(|f| f.get(b"F1"))
                .and_then(Object::as_reference)
                .expect("font");
            let id = doc.add_object(Stream::new(dictionary! { "Filter" => "FlateDecode" }, cmap));
            doc.get_dictionary_mut(font)
                .expect("font")
                .set("ToUnicode", id);
            resources
        },
    );
    let err = read_pdf("t.pdf", &save(doc)).expect_err("ToUnicode cut");
    assert!(
        err.to_string().contains("ToUnicode CMap ")
            && err
                .to_string()
                .contains(" of font TestGothic cannot be decoded"),
        "{err}"
    );

    let mut program = zlib(&[7u8; 5000]);
    program.truncate(program.len() / 2);
    let doc = document("BT /F1 10 Tf 10 50 Td (A) Tj ET", dictionary! {}, |doc| {
        let file = doc.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            program,
        ));
        let descriptor = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "TestSans", "FontFile2" => file,
        });
        let mut font = sans();
        font.set("FontDescriptor", descriptor);
        let font = doc.add_object(font);
        dictionary! { "Font" => dictionary! { "F1" => font } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("font program cut");
    assert!(
        err.to_string().contains("font program ")
            && err
                .to_string()
                .contains(" of font TestSans cannot be decoded"),
        "{err}"
    );
}

#[test]
fn text_in_a_font_that_is_not_there_says_which_and_why() {
    let err = read_pdf("t.pdf", &pdf("BT /F9 10 Tf 10 50 Td (A) Tj ET")).expect_err("no F9");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: font F9: text is shown in it, but the resources have no font of that name"
    );
    let doc = document("BT /F1 10 Tf 10 50 Td (A) Tj ET", dictionary! {}, |doc| {
        let missing = doc.new_object_id();
        dictionary! { "Font" => dictionary! { "F1" => missing } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("F1 missing");
    assert!(
        err.to_string()
            .starts_with("t.pdf: page 1: font F1: text is shown in it, but its object ")
            && err
                .to_string()
                .ends_with(" 0 R is missing or cannot be read"),
        "{err}"
    );
    let doc = document("BT /F1 10 Tf 10 50 Td (A) Tj ET", dictionary! {}, |doc| {
        let number = doc.add_object(Object::Integer(7));
        dictionary! { "Font" => dictionary! { "F1" => number } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("F1 not a font");
    assert!(
        err.to_string().ends_with(" 0 R is not a font dictionary"),
        "{err}"
    );
    // A font named but never used for text is no error; text with no `Tf` at all is the
    // old message.
    assert!(read_pdf("t.pdf", &pdf("BT /F9 10 Tf ET")).is_ok());
    let err = read_pdf("t.pdf", &pdf("BT 10 50 Td (A) Tj ET")).expect_err("no Tf");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: text is shown before a font is set"
    );
}

#[test]
fn q_nested_beyond_the_limit_is_an_error_not_a_wrong_state() {
    let err = read_pdf("t.pdf", &pdf(&"q ".repeat(257))).expect_err("too deep");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: the page exceeds the limit of 256 graphics states open at once (q without Q)"
    );
    assert!(read_pdf("t.pdf", &pdf(&"q ".repeat(256))).is_ok());
}
