//! Page objects: rotation, crop box, form XObjects, image-only pages.

use lopdf::{dictionary, Object, Stream};
use oqs_catalog::read::pdf::{read_pdf, PdfError};

use super::build::{document, helvetica, save, with_helvetica};

#[test]
fn rotated_page_gives_display_coordinates() {
    // /Rotate 90: text drawn along user-space y reads left to right on screen.
    let doc = document(
        "BT /F1 10 Tf 0 1 -1 0 50 20 Tm (Up) Tj ET",
        dictionary! { "Rotate" => 90 },
        with_helvetica,
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "Up");
    let b = block.bbox.expect("bbox");
    assert!(
        (b[0] - 20.0).abs() < 0.01 && (b[2] - 30.0).abs() < 0.01,
        "{b:?}"
    );
    assert!(b[1] > 40.0 && b[3] < 52.0, "{b:?}");
}

#[test]
fn crop_box_moves_the_origin() {
    let doc = document(
        "BT /F1 10 Tf 60 50 Td (X) Tj ET",
        dictionary! { "CropBox" => vec![50.into(), 0.into(), 150.into(), 80.into()] },
        with_helvetica,
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let b = grid.pages[0].outside[0].bbox.expect("bbox");
    assert!(
        (b[0] - 10.0).abs() < 0.01 && b[3] > 28.0 && b[3] < 32.0,
        "{b:?}"
    );
}

#[test]
fn form_xobjects_use_their_matrix_and_resources() {
    let doc = document("q /Fm1 Do Q", dictionary! {}, |doc| {
        let font = doc.add_object(helvetica());
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 50.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 30.into(), 40.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F9" => font } },
            },
            b"BT /F9 10 Tf 0 0 Td (Form) Tj ET".to_vec(),
        );
        let form = doc.add_object(form);
        dictionary! { "XObject" => dictionary! { "Fm1" => form } }
    });
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "Form");
    let b = block.bbox.expect("bbox");
    assert!((b[0] - 30.0).abs() < 0.01, "{b:?}");
}

#[test]
fn self_referencing_form_is_an_error_not_a_stack_overflow() {
    let doc = document("/Fm1 Do", dictionary! {}, |doc| {
        let id = doc.new_object_id();
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 50.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "Fm1" => id } },
            },
            b"/Fm1 Do".to_vec(),
        );
        doc.objects.insert(id, Object::Stream(form));
        dictionary! { "XObject" => dictionary! { "Fm1" => id } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("recursion is refused");
    assert!(matches!(err, PdfError::TooDeep { .. }));
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: form XObjects are nested more than 16 deep"
    );
}

#[test]
fn image_only_page_has_no_text_layer() {
    let doc = document("q 100 0 0 100 0 0 cm /Im1 Do Q", dictionary! {}, |doc| {
        let image = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0],
        );
        let image = doc.add_object(image);
        dictionary! { "XObject" => dictionary! { "Im1" => image } }
    });
    let err = read_pdf("scan.pdf", &save(doc)).expect_err("no text");
    assert_eq!(err.to_string(), "scan.pdf: page 1 has no text layer");
}
