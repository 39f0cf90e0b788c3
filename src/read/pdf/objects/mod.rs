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

/// Loads a document without its structure elements (§14.7.2, `/Type /StructElem`). The reader
/// links glyphs to structure elements by the object numbers the parent tree lists
/// (`structure`), never by the elements themselves, and a tagged catalog is mostly such
/// elements: the 631-page catalog of `scripts/bench.sh` holds 45,747 objects, 43,750 of them
/// elements, which took 150 MB as lopdf's dictionaries (8 MB even emptied). A file whose
/// pages do not all load this way is loaded again unfiltered, so that what the filter
/// dropped cannot change which pages are read: lopdf rebuilds a damaged page tree only for an
/// unfiltered load, and an object typed as an element where a page or a node of the page
/// tree belongs would otherwise go missing.
pub(crate) fn load(bytes: &[u8], options: LoadOptions) -> lopdf::Result<Document> {
    let filtered = LoadOptions {
        filter: Some(without_structure_elements),
        ..options.clone()
    };
    let doc = Document::load_mem_with_options(bytes, filtered)?;
    if page_tree_loaded(&doc) && pages_present(&doc) {
        return Ok(doc);
    }
    drop(doc);
    Document::load_mem_with_options(bytes, options)
}

/// lopdf's load filter: `None` drops an object (a member of an object stream as well as an
/// object of the file's body, lopdf 0.47 `Reader::load_objects_raw`).
fn without_structure_elements(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if matches!(
        object,
        Object::Dictionary(d) if matches!(d.get(b"Type"), Ok(Object::Name(t)) if t == b"StructElem")
    ) {
        return None;
    }
    // lopdf 0.47 keeps an object of the file's body as it is in place and a member of an
    // object stream as returned; members are never streams (§7.5.7), so a stream, which
    // would be costly to copy, needs no copy.
    let kept = match object {
        Object::Stream(_) => Object::Null,
        other => other.clone(),
    };
    Some((id, kept))
}

/// Whether the page tree lists each of its pages once, and every one is there. lopdf lists a
/// kid that does not load as a dictionary as a page of its own, which the filter may have
/// dropped; and it stops a walk that loops after as many kids as the file has objects
/// (`PageTreeIter`, lopdf 0.47), a count the filter lowers.
fn pages_present(doc: &Document) -> bool {
    let mut seen = std::collections::HashSet::new();
    doc.page_iter()
        .all(|id| doc.objects.contains_key(&id) && seen.insert(id))
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
    use lopdf::{dictionary, Document, Object, ObjectId};

    use super::load;

    /// A document with two pages and one structure element; `kid_type` is the second page's
    /// `/Type`, `pages_type` the page tree root's. Saved with its objects in object streams
    /// (§7.5.7) when `modern`, else each in the file's body.
    fn tagged(pages_type: &str, kid_type: &str, modern: bool) -> (Vec<u8>, [ObjectId; 3]) {
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages });
        let second = doc.add_object(dictionary! { "Type" => kid_type, "Parent" => pages });
        let element = doc.add_object(dictionary! {
            "Type" => "StructElem", "S" => "P", "Pg" => page, "K" => 0,
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => pages_type, "Kids" => vec![page.into(), second.into()], "Count" => 2,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        if modern {
            doc.save_modern(&mut out).expect("saves");
        } else {
            doc.save_to(&mut out).expect("saves");
        }
        (out, [page, second, element])
    }

    #[test]
    fn structure_elements_are_dropped_and_the_rest_kept_whole() {
        for modern in [false, true] {
            let (bytes, [page, _, element]) = tagged("Pages", "Page", modern);
            assert_eq!(bytes.windows(6).any(|w| w == b"ObjStm"), modern);
            let unfiltered = Document::load_mem(&bytes).expect("loads");
            assert!(
                unfiltered.get_dictionary(element).is_ok(),
                "the element is there"
            );
            let doc = load(&bytes, Default::default()).expect("loads");
            assert!(doc.get_object(element).is_err(), "object streams: {modern}");
            // Everything else as an unfiltered load gives it, in the body or in object streams.
            assert_eq!(doc.objects.len(), unfiltered.objects.len() - 1);
            for (id, object) in &doc.objects {
                assert_eq!(Some(object), unfiltered.objects.get(id), "{id:?}");
            }
            let page = doc.get_dictionary(page).expect("page");
            assert_eq!(
                page.get(b"Type").and_then(Object::as_name).ok(),
                Some(&b"Page"[..])
            );
            assert_eq!(doc.get_pages().len(), 2);
        }
    }

    #[test]
    fn a_page_tree_the_filter_would_break_loads_unfiltered() {
        // The page tree's root typed as a structure element: dropped, the tree would be lost.
        let (bytes, [_, _, element]) = tagged("StructElem", "Page", false);
        let doc = load(&bytes, Default::default()).expect("loads");
        assert_eq!(doc.get_pages().len(), 2);
        assert!(doc.get_dictionary(element).is_ok());
        // A page typed as one: dropped, it would be listed as a page that is missing, where
        // lopdf skips it in the unfiltered file.
        let (bytes, [page, second, element]) = tagged("Pages", "StructElem", false);
        let doc = load(&bytes, Default::default()).expect("loads");
        assert!(doc.get_dictionary(element).is_ok());
        assert!(doc.get_dictionary(second).is_ok());
        let unfiltered = Document::load_mem(&bytes).expect("loads");
        assert_eq!(doc.get_pages(), unfiltered.get_pages());
        assert_eq!(doc.page_iter().collect::<Vec<_>>(), [page]);
    }
}
