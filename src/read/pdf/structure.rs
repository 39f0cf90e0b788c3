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
//! A file without it, or with a malformed one, simply gives no links.

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
}

impl ParentTree {
    /// The parent tree of a tagged document; empty for an untagged one.
    pub fn load(doc: &Document) -> ParentTree {
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
