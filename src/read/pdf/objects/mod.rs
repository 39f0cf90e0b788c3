//! Object access (PDF 32000-1:2008 §7.3–§7.5) and what it may cost: loading the file's
//! objects, small accessors over lopdf objects (references resolved, wrong types read as
//! absent rather than as errors), the stream filters (`filters`), the file's work allowances
//! (`budget`), through which every stream is decoded, and the content-stream lexer (`lexer`,
//! §7.8.2). Nothing here leaves `read::pdf`; it does not interpret what it reads.

mod budget;
mod filters;
mod lexer;

pub(crate) use budget::{Allowance, Budget, Cost, Exceeded, Key, PageLog, Stop, Usage};
#[doc(hidden)]
pub use lexer::check_against_lopdf;
pub(crate) use lexer::Lexer;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

static NULL: Object = Object::Null;

/// Loads a document, each structure element (§14.7.2, `/Type /StructElem`) kept as an empty
/// dictionary. The reader links glyphs to structure elements by their object numbers only
/// (`structure`), and a tagged catalog is mostly such elements: the 631-page catalog of
/// `scripts/bench.sh` holds 45,747 objects, most of them elements, which took 150 MB as
/// lopdf's dictionaries. A file whose page tree does not load this way is loaded again
/// unfiltered: lopdf rebuilds a damaged page tree only for an unfiltered load.
pub(crate) fn load(bytes: &[u8], options: LoadOptions) -> lopdf::Result<Document> {
    let filtered = LoadOptions {
        filter: Some(structure_emptied),
        ..options.clone()
    };
    let doc = Document::load_mem_with_options(bytes, filtered)?;
    if page_tree_loaded(&doc) {
        return Ok(doc);
    }
    drop(doc);
    Document::load_mem_with_options(bytes, options)
}

fn structure_emptied(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if matches!(
        object,
        Object::Dictionary(d) if matches!(d.get(b"Type"), Ok(Object::Name(t)) if t == b"StructElem")
    ) {
        *object = Object::Dictionary(Dictionary::new());
    }
    // lopdf 0.47 keeps an object of the file's body as changed in place and a member of an
    // object stream as returned; members are never streams (§7.5.7), so a stream, which
    // would be costly to copy, needs no copy.
    let kept = match object {
        Object::Stream(_) => Object::Null,
        other => other.clone(),
    };
    Some((id, kept))
}

/// lopdf's own test for a loaded page tree (`Reader::page_tree_loaded`, lopdf 0.47): the
/// catalog's `/Pages` leads to a dictionary whose `/Kids` is an array.
fn page_tree_loaded(doc: &Document) -> bool {
    doc.catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|root| doc.get_dictionary(root))
        .and_then(|root| root.get_deref(b"Kids", doc))
        .and_then(Object::as_array)
        .is_ok()
}

/// The object a reference points to (chains followed, cycles and misses read as null).
pub(crate) fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(&NULL)
}

pub(crate) fn dict_of(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(crate) fn name_of(obj: &Object) -> Option<&[u8]> {
    match obj {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub(crate) fn num(obj: &Object) -> Option<f64> {
    let v = match obj {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// A dictionary entry, resolved.
pub(crate) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| deref(doc, o))
}

/// A rectangle array `[x0 y0 x1 y1]` (§7.9.5), normalised.
pub(crate) fn rect_of(doc: &Document, obj: &Object) -> Option<[f64; 4]> {
    let Object::Array(a) = obj else { return None };
    let v: Vec<f64> = a.iter().filter_map(|o| num(deref(doc, o))).collect();
    match v.as_slice() {
        [x0, y0, x1, y1] => Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use lopdf::{dictionary, Document, Object};

    use super::load;

    /// A one-page document with one structure element; `pages_type` is the page tree
    /// root's `/Type`.
    fn tagged(pages_type: &str) -> (Vec<u8>, (u32, u16), (u32, u16)) {
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages });
        let element = doc.add_object(dictionary! {
            "Type" => "StructElem", "S" => "P", "Pg" => page, "K" => 0,
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => pages_type, "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("saves");
        (out, page, element)
    }

    #[test]
    fn structure_elements_load_empty_and_the_rest_intact() {
        let (bytes, page, element) = tagged("Pages");
        let doc = load(&bytes, Default::default()).expect("loads");
        assert!(doc.get_dictionary(element).expect("kept").is_empty());
        let page = doc.get_dictionary(page).expect("page");
        assert_eq!(
            page.get(b"Type").and_then(Object::as_name).ok(),
            Some(&b"Page"[..])
        );
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn a_page_tree_the_filter_would_break_loads_unfiltered() {
        // The page tree's root typed as a structure element: emptied, the tree would be lost.
        let (bytes, _, element) = tagged("StructElem");
        let doc = load(&bytes, Default::default()).expect("loads");
        assert_eq!(doc.get_pages().len(), 1);
        assert!(!doc.get_dictionary(element).expect("kept").is_empty());
    }
}
