//! Tagged PDF (PDF 32000-1:2008 §14.7 logical structure, §14.8 tagged PDF): which structure
//! element each marked-content sequence of a page belongs to.
//!
//! A tagged PDF keeps the logical text runs its producer laid out: a browser makes one
//! structure element per text node, so the lines of one element are wraps, and a `<br>`
//! starts a new element. The geometry of a line that fills its cell cannot tell a wrap from
//! a break (`layout::text::cell_text`); the structure can. Only the link from content to
//! element is read here (whether a file's links are worth following is layout's call,
//! `layout::tagged`) — through the structure tree root's `/ParentTree`, a number tree
//! keyed by the page's (or form's) `/StructParents` whose values are arrays indexed by MCID.
//! A file without it, or with a malformed one, simply gives no links. The links are copied
//! out of the document, and the arrays that held them are removed from it when nothing else
//! refers to them (issue 16: 6.3 MB of lopdf objects in the 631-page catalog of
//! `scripts/bench.sh`, 36,219 links).

use std::collections::{HashMap, HashSet};

use lopdf::{Document, Object, ObjectId};

use super::objects::{deref, dict_of, get};

/// Number-tree nodes nested deeper than this are not followed.
const MAX_DEPTH: usize = 32;
/// At most this many links are read (each is one marked-content sequence of the file).
const MAX_LINKS: usize = 4_000_000;

/// The structure element of each marked-content sequence, by `/StructParents` key and MCID.
#[derive(Debug, Default)]
pub(crate) struct ParentTree {
    entries: HashMap<i64, Vec<Option<ObjectId>>>,
    /// The indirect nodes of the number tree.
    nodes: HashSet<ObjectId>,
}

impl ParentTree {
    /// The parent tree of a tagged document (empty for an untagged one), taken out of `doc`:
    /// each array of links that is an indirect object no other object of `doc` refers to is
    /// removed from it, as only this tree reads it.
    pub fn take(doc: &mut Document) -> ParentTree {
        let mut arrays = Vec::new();
        let tree = ParentTree::load(doc, &mut arrays);
        if arrays.is_empty() {
            return tree;
        }
        let mut arrays: HashSet<ObjectId> = arrays.into_iter().collect();
        let nodes = &tree.nodes;
        let mut todo: Vec<&Object> = doc
            .objects
            .iter()
            .filter(|(id, _)| !arrays.contains(id) && !nodes.contains(id))
            .map(|(_, o)| o)
            .chain(doc.trailer.iter().map(|(_, o)| o))
            .collect();
        while let Some(object) = todo.pop() {
            match object {
                Object::Reference(id) => {
                    arrays.remove(id);
                }
                Object::Array(items) => todo.extend(items),
                Object::Dictionary(d) => todo.extend(d.iter().map(|(_, o)| o)),
                Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, o)| o)),
                _ => {}
            }
        }
        for id in arrays {
            doc.objects.remove(&id);
        }
        tree
    }

    /// The parent tree of `doc`; `arrays` gets the ids of the indirect arrays of links.
    fn load(doc: &Document, arrays: &mut Vec<ObjectId>) -> ParentTree {
        let mut tree = ParentTree::default();
        let root = doc
            .trailer
            .get(b"Root")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(dict_of);
        let Some(node) = root
            .and_then(|r| get(doc, r, b"StructTreeRoot"))
            .and_then(dict_of)
            .and_then(|s| s.get(b"ParentTree").ok())
        else {
            return tree;
        };
        let mut links = 0;
        let mut seen = HashSet::new();
        let mut todo = vec![(node, 0)];
        while let Some((node, depth)) = todo.pop() {
            if let Object::Reference(id) = node {
                if !seen.insert(*id) {
                    continue;
                }
                tree.nodes.insert(*id);
            }
            let Some(dict) = dict_of(deref(doc, node)) else {
                continue;
            };
            if let Some(Object::Array(nums)) = get(doc, dict, b"Nums") {
                for pair in nums.chunks_exact(2) {
                    let (Object::Integer(key), Object::Array(elements)) =
                        (deref(doc, &pair[0]), deref(doc, &pair[1]))
                    else {
                        continue;
                    };
                    links += elements.len();
                    if links > MAX_LINKS {
                        return tree;
                    }
                    if let Object::Reference(id) = &pair[1] {
                        arrays.push(*id);
                    }
                    let elements = elements.iter().map(|e| e.as_reference().ok()).collect();
                    tree.entries.insert(*key, elements);
                }
            }
            if depth < MAX_DEPTH {
                if let Some(Object::Array(kids)) = get(doc, dict, b"Kids") {
                    todo.extend(kids.iter().map(|k| (k, depth + 1)));
                }
            }
        }
        tree
    }

    /// The element that marked-content sequence `mcid` of the content stream with
    /// `/StructParents` `key` belongs to.
    pub fn element(&self, key: i64, mcid: i64) -> Option<ObjectId> {
        let index = usize::try_from(mcid).ok()?;
        *self.entries.get(&key)?.get(index)?
    }
}

#[cfg(test)]
mod tests {
    use lopdf::{dictionary, Document, Object};

    use super::ParentTree;

    #[test]
    fn link_arrays_leave_the_document_unless_something_else_refers_to_them() {
        let mut doc = Document::with_version("1.7");
        let (a, b) = ((90, 0), (91, 0));
        let only_links = doc.add_object(vec![Object::Reference(a), Object::Null]);
        let shared = doc.add_object(vec![Object::Reference(b)]);
        let leaf = doc.add_object(dictionary! {
            "Nums" => vec![0.into(), only_links.into(), 1.into(), shared.into()],
        });
        let root_node = doc.add_object(dictionary! { "Kids" => vec![leaf.into()] });
        let tree_root = doc.add_object(dictionary! { "ParentTree" => root_node });
        // Another object refers to the second array: it must stay.
        let page = doc.add_object(dictionary! { "Type" => "Page", "Annots" => shared });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "StructTreeRoot" => tree_root, "Pages" => page,
        });
        doc.trailer.set("Root", catalog);
        let before = doc.objects.len();

        let tree = ParentTree::take(&mut doc);
        assert_eq!(
            [(0, 0), (0, 1), (0, 2), (1, 0)].map(|(k, m)| tree.element(k, m)),
            [Some(a), None, None, Some(b)]
        );
        assert!(!doc.objects.contains_key(&only_links));
        assert!(doc.objects.contains_key(&shared));
        assert!(doc.objects.contains_key(&leaf) && doc.objects.contains_key(&root_node));
        assert_eq!(doc.objects.len(), before - 1);
    }
}
