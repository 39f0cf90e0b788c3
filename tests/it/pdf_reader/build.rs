//! One-page PDFs built in memory for the reader's tests, on lopdf alone: the black-box tests
//! beside this file use it, and so do the reader's white-box tests (`src/read/pdf/tests.rs`,
//! through `#[path]`), so both build their files the same way.

use lopdf::content::Content;
use lopdf::{dictionary, Dictionary, Document, Object, Stream};

const PAGE_W: i64 = 200;
pub const PAGE_H: i64 = 100;

pub fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

/// A one-page document; `setup` adds objects and returns the page's resources.
pub fn document(
    content: &str,
    page_extra: Dictionary,
    setup: impl FnOnce(&mut Document) -> Dictionary,
) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let resources = setup(&mut doc);
    // Round-trip through lopdf's parser so that the test content is well-formed.
    let ops = Content::decode(content.as_bytes()).expect("test content parses");
    let content_id = doc.add_object(Stream::new(dictionary! {}, ops.encode().expect("encodes")));
    let mut page = dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
    };
    for (k, v) in page_extra.into_iter() {
        page.set(k, v);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

pub fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

pub fn with_helvetica(doc: &mut Document) -> Dictionary {
    let font = doc.add_object(helvetica());
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

pub fn pdf(content: &str) -> Vec<u8> {
    save(document(content, dictionary! {}, with_helvetica))
}

/// Resources with a composite font /F1 (Identity-H, Adobe-Identity) and, when given, its
/// ToUnicode CMap.
pub fn type0(to_unicode: Option<&[u8]>) -> impl FnOnce(&mut Document) -> Dictionary + '_ {
    move |doc: &mut Document| {
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "TestGothic",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
            "DW" => 1000,
            "W" => vec![5.into(), vec![Object::Integer(500)].into()],
        });
        let mut font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "TestGothic",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()],
        };
        if let Some(cmap) = to_unicode {
            font.set(
                "ToUnicode",
                doc.add_object(Stream::new(dictionary! {}, cmap.to_vec())),
            );
        }
        let font = doc.add_object(font);
        dictionary! { "Font" => dictionary! { "F1" => font } }
    }
}
