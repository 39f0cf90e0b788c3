//! A page object (PDF 32000-1:2008 §7.7.3): its inherited attributes, the matrix from user
//! space to display space that its /MediaBox, /CropBox and /Rotate give, and its content
//! streams run through the interpreter into what it [`Drawn`]. It does not lay out.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::drawn::Drawn;
use super::geom::{Matrix, Rect};
use super::graphics::{self, InterpError, Interpreter};
use super::objects::{deref, dict_of, get, num, rect_of};

/// Page-tree inheritance (`/Parent`) is followed at most this deep.
const MAX_TREE_DEPTH: usize = 64;

/// A page attribute, looked up the page tree when the page itself lacks it (§7.7.3.4).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get(doc, node, b"Parent").and_then(dict_of)?;
    }
    None
}

/// The matrix from default user space to display space (points, origin at the top left of
/// the visible page, y down), honouring /CropBox (within /MediaBox) and /Rotate (§7.7.3.3).
fn display_matrix(doc: &Document, page: &Dictionary) -> (Matrix, Rect) {
    let media = inherited(doc, page, b"MediaBox")
        .and_then(|o| rect_of(doc, o))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = inherited(doc, page, b"CropBox")
        .and_then(|o| rect_of(doc, o))
        .unwrap_or(media);
    let [x0, y0, x1, y1] = [
        crop[0].max(media[0]),
        crop[1].max(media[1]),
        crop[2].min(media[2]),
        crop[3].min(media[3]),
    ];
    let [x0, y0, x1, y1] = if x0 < x1 && y0 < y1 {
        [x0, y0, x1, y1]
    } else {
        media
    };
    let rotate = inherited(doc, page, b"Rotate").and_then(num).unwrap_or(0.0) as i64;
    let (w, h) = (x1 - x0, y1 - y0);
    match rotate.rem_euclid(360) {
        90 => (
            Matrix::new(0.0, 1.0, 1.0, 0.0, -y0, -x0),
            Rect::new(0.0, 0.0, h, w),
        ),
        180 => (
            Matrix::new(-1.0, 0.0, 0.0, 1.0, x1, -y0),
            Rect::new(0.0, 0.0, w, h),
        ),
        270 => (
            Matrix::new(0.0, -1.0, -1.0, 0.0, y1, x1),
            Rect::new(0.0, 0.0, h, w),
        ),
        _ => (
            Matrix::new(1.0, 0.0, 0.0, -1.0, -x0, y1),
            Rect::new(0.0, 0.0, w, h),
        ),
    }
}

/// Interprets one page's content streams.
pub(crate) fn draw_page(file: graphics::File<'_>, id: ObjectId) -> Result<Drawn, InterpError> {
    let doc = file.doc;
    let page = doc
        .get_dictionary(id)
        .map_err(|_| InterpError::Content("the page object is missing".into()))?;
    let (ctm, visible) = display_matrix(doc, page);
    let resources = inherited(doc, page, b"Resources").and_then(dict_of);
    let entries: Vec<&Object> = match page.get(b"Contents") {
        Err(_) => Vec::new(),
        Ok(entry) => match deref(doc, entry) {
            Object::Array(parts) => parts.iter().collect(),
            _ => vec![entry],
        },
    };
    let mut data = Vec::new();
    let mut names = Vec::new();
    let before = file.budget.damage_count();
    for entry in entries {
        let name = match entry {
            Object::Reference(r) => format!("content stream {} {} R", r.0, r.1),
            _ => "the page's content stream".to_string(),
        };
        match doc.dereference(entry) {
            Ok((_, Object::Stream(s))) => {
                let bytes = file.budget.decode(s, &|| name.clone())?;
                if data.is_empty() {
                    data = bytes;
                } else {
                    data.extend_from_slice(&bytes);
                }
                // §7.8.2: content streams of one page are read as if concatenated, split at
                // token boundaries.
                data.push(b'\n');
            }
            // §7.3.9: null is no object at all.
            Ok((_, Object::Null)) => {}
            Ok(_) => file.budget.damage(format!("{name} is not a stream"))?,
            Err(_) => file.budget.damage(format!("{name} is missing"))?,
        }
        names.push(name);
    }
    let struct_parents = match page.get(b"StructParents").map(|o| deref(doc, o)) {
        Ok(Object::Integer(key)) => Some(*key),
        _ => None,
    };
    let name = match names.as_slice() {
        [one] => one.clone(),
        _ => names.join(", "),
    };
    let partial = file.budget.damage_count() > before;
    let program =
        graphics::Program::new(data, name, partial).map_err(|exceeded| InterpError::Limit {
            subject: "the page's content".into(),
            exceeded,
        })?;
    let mut interp = Interpreter::new(file, ctm, visible, struct_parents);
    interp.run(&program, resources, 0)?;
    Ok(interp.finish())
}
