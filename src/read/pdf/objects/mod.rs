//! Object access (PDF 32000-1:2008 §7.3–§7.4) and what it may cost: small accessors over
//! lopdf objects (references resolved, wrong types read as absent rather than as errors), the
//! stream filters (`filters`) and the file's work allowances (`budget`), through which every
//! stream is decoded. Nothing here leaves `read::pdf`; it does not interpret what it reads.

mod budget;
mod filters;

pub(crate) use budget::{Allowance, Budget, Exceeded, Stop};

use lopdf::{Dictionary, Document, Object};

static NULL: Object = Object::Null;

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
