//! The content-stream interpreter (PDF 32000-1:2008 §8 Graphics, §9.3–§9.4 text state and
//! text objects).
//!
//! Input: a page's decoded content stream (read one operation at a time by `objects::lexer`), its resources and the matrix from user space
//! to display space (points, origin top left, y down). Output: [`Drawn`] (`super::drawn`):
//! every glyph that is shown and visible (with its text, box and size), the straight segments
//! that can be table rulings, and counts of what was clipped away or drawn as images.
//!
//! Colour is followed only to tell whether a drawn edge shows (`colour`): a line or the edge
//! of a filled rectangle becomes a segment when its paint differs from what lies beneath it
//! (the page's white, or a rectangle filled earlier). It does not render: shadings, images
//! and curve shapes are ignored, and clipping paths are reduced to their bounding boxes (exact
//! for the rectangular clips producers write around cells and pages).
//!
//! This module holds the loop, the operator dispatch, marked content and form XObjects; the
//! operators themselves are in child modules, each an `impl Interpreter` block: `state`
//! (graphics state and colour), `path` (construction, painting, clipping) and `text`; a
//! content stream as a program to run is `content`; `operator` tells operators apart.

mod cache;
mod colour;
mod content;
mod operator;
mod path;
mod state;
mod text;

pub(crate) use cache::Cache;
pub(crate) use content::Program;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::drawn::Drawn;
use super::geom::{Matrix, Rect};
use super::objects::{deref, dict_of, get, name_of, num, rect_of};
use super::objects::{Allowance, Budget, Exceeded, Lexer, Stop};
use super::structure::ParentTree;
use colour::Paint;
use operator::Op;
use path::Subpath;
use state::State;

// Work allowances of one file (DESIGN §7). The real catalogs are small: the 1.20 PDF has 9
// pages and runs 23,590 operators, shows 15,305 glyphs and builds 498 path parts; the
// Chromium variant in tests/data has 12 pages and 41,054, 15,154 and 7,300; neither draws a
// form XObject. The speed benchmark reads the 1.20 pages repeated to 900 (2.4 million
// operators, 1.5 million glyphs). Each limit is far above those, and low enough that the
// work it allows takes a few seconds and well under 1 GB (measured in issue 10's note).

/// Content-stream operators run, counting each run of a form's content again: 10 million
/// take about 2 s.
pub(crate) const OPERATORS: Allowance = Allowance::new(10_000_000, "content-stream operators");
/// Glyphs shown (each character code of a string shown, visible or not).
/// Two million scattered glyphs, each a text block of its own, take about 3 s and 500 MB.
pub(crate) const GLYPHS: Allowance = Allowance::new(2_000_000, "glyphs shown");
/// Path parts built (a line, a curve, a rectangle's four edges): each may become a segment
/// that layout sorts and matches.
pub(crate) const PATH_PARTS: Allowance = Allowance::new(2_000_000, "path segments");
/// Form XObjects drawn (`Do`), counting repeated use of one form.
pub(crate) const FORM_USES: Allowance = Allowance::new(10_000, "form XObject uses");
/// Form XObjects nested deeper than this are an error (a file can make them recurse).
pub(crate) const MAX_FORM_DEPTH: usize = 16;
/// Graphics states (`q`) open at once: more is an error, since a state dropped would place
/// later text wrongly. PDF 32000-1:2008 Annex C (Table C.1) gives 28 as a conforming reader's
/// `q` nesting limit. Marked-content sequences (`BMC`/`BDC`) beyond it are not linked to
/// structure.
const MAX_STATE_DEPTH: usize = 256;
/// Why a page could not be interpreted; the caller adds file and page.
#[derive(Debug)]
pub(crate) enum InterpError {
    Font {
        font: String,
        detail: String,
    },
    Unmapped {
        font: String,
        code: u32,
        len: u8,
    },
    Content(String),
    TooDeep,
    /// An allowance ran out; `subject` asked for too much ("the file", "the page").
    Limit {
        subject: String,
        exceeded: Exceeded,
    },
    /// Damaged content, refused: what and how.
    Damaged(String),
}

impl From<Stop> for InterpError {
    fn from(stop: Stop) -> InterpError {
        match stop {
            Stop::Limit { subject, exceeded } => InterpError::Limit { subject, exceeded },
            Stop::Damaged(what) => InterpError::Damaged(what),
        }
    }
}

/// An allowance of the whole file ran out.
fn file_limit(exceeded: Exceeded) -> InterpError {
    InterpError::Limit {
        subject: "the file".into(),
        exceeded,
    }
}

/// What reading a page needs of its file: the document, its structure, the budget the page is
/// read within and what its thread has decoded already.
pub(crate) struct File<'a> {
    pub doc: &'a Document,
    pub tree: &'a ParentTree,
    pub budget: &'a mut Budget,
    pub cache: &'a mut Cache,
}

impl File<'_> {
    pub fn reborrow(&mut self) -> File<'_> {
        File {
            doc: self.doc,
            tree: self.tree,
            budget: self.budget,
            cache: self.cache,
        }
    }
}

pub(crate) struct Interpreter<'a> {
    doc: &'a Document,
    budget: &'a mut Budget,
    cache: &'a mut Cache,
    out: Drawn,
    state: State,
    stack: Vec<State>,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<Subpath>,
    start: (f64, f64),
    current: (f64, f64),
    pending_clip: bool,
    /// Area of the visible page, to tell backgrounds from frames.
    page_area: f64,
    tree: &'a ParentTree,
    /// `/StructParents` of the content stream being run (the page's, or a form's).
    struct_parents: Option<i64>,
    /// Open marked-content sequences (§14.6), each with the structure element its MCID
    /// links to; `marks_ignored` counts sequences opened beyond `MAX_STATE_DEPTH` (they only
    /// link glyphs to structure, so dropping the links costs no content).
    marks: Vec<Option<ObjectId>>,
    marks_ignored: usize,
    /// Axis-aligned rectangles filled so far on the page, in painting order, with their
    /// paint: what lies beneath a later edge.
    fills: Vec<(Rect, Paint)>,
}

fn f(ops: &[Object], i: usize) -> f64 {
    ops.get(i).and_then(num).unwrap_or(0.0)
}

impl<'a> Interpreter<'a> {
    /// `ctm` maps user space to display space; `clip` is the visible page area in display space;
    /// `tree` and `struct_parents` (the page's key in it) link marked content to structure.
    pub fn new(
        file: File<'a>,
        ctm: Matrix,
        clip: Rect,
        struct_parents: Option<i64>,
    ) -> Interpreter<'a> {
        Interpreter {
            doc: file.doc,
            budget: file.budget,
            cache: file.cache,
            out: Drawn::default(),
            state: State::new(ctm, clip),
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Vec::new(),
            start: (0.0, 0.0),
            current: (0.0, 0.0),
            pending_clip: false,
            page_area: clip.width() * clip.height(),
            tree: file.tree,
            struct_parents,
            marks: Vec::new(),
            marks_ignored: 0,
            fills: Vec::new(),
        }
    }

    pub fn finish(self) -> Drawn {
        self.out
    }

    /// Parses and runs a content stream's operations one at a time (§7.8.2), each charged
    /// against the file's allowance. A stream that cannot be parsed to its end is damage.
    pub fn run(
        &mut self,
        program: &Program,
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), InterpError> {
        let mut ended = None;
        let mut lexer = Lexer::new(&program.bytes);
        // One vector holds each operation's operands in turn.
        let mut operands = Vec::new();
        while let Some(operator) = lexer.next_into(&mut operands) {
            let op = Op::of(operator);
            if op == Op::Other && operator == program.end.as_bytes() {
                ended = Some(operands.is_empty());
                break;
            }
            self.budget.operators.take(1).map_err(file_limit)?;
            self.op(op, &operands, resources, depth)?;
        }
        let why = match ended {
            Some(true) => return Ok(()),
            _ if program.partial => return Ok(()),
            Some(false) => "it ends inside an operation",
            None => "it holds bytes that are not content-stream syntax",
        };
        self.budget.damage(format!(
            "{} cannot be read to its end ({why})",
            program.name
        ))?;
        Ok(())
    }

    fn op(
        &mut self,
        op: Op,
        o: &[Object],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), InterpError> {
        if self.path_op(op, o)?
            || self.text_op(op, o, resources)?
            || self.state_op(op, o, resources)?
        {
            return Ok(());
        }
        match op {
            // §8.8 external objects; §8.9.7 inline images.
            Op::XObject => {
                if let Some(name) = o.first().and_then(name_of) {
                    self.xobject(resources, name, depth)?;
                }
            }
            Op::InlineImage => self.out.images += 1,
            // §14.6 marked content.
            Op::BeginMarked => {
                if self.marks.len() < MAX_STATE_DEPTH {
                    let element = self.marked_element(o.get(1), resources);
                    self.marks.push(element);
                } else {
                    self.marks_ignored += 1;
                }
            }
            Op::EndMarked => {
                if self.marks_ignored > 0 {
                    self.marks_ignored -= 1;
                } else {
                    self.marks.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The structure element a `BDC`'s property list (inline, or named in the resources'
    /// `/Properties`) links to by its MCID.
    fn marked_element(
        &self,
        properties: Option<&Object>,
        resources: Option<&'a Dictionary>,
    ) -> Option<ObjectId> {
        let doc = self.doc;
        let dict = match properties? {
            Object::Name(name) => resources
                .and_then(|r| get(doc, r, b"Properties"))
                .and_then(dict_of)
                .and_then(|p| get(doc, p, name))
                .and_then(dict_of)?,
            other => dict_of(other)?,
        };
        let Some(Object::Integer(mcid)) = get(doc, dict, b"MCID") else {
            return None;
        };
        self.tree.element(self.struct_parents?, *mcid)
    }

    /// The structure element of the innermost marked-content sequence that has one.
    fn element(&self) -> Option<ObjectId> {
        self.marks.iter().rev().find_map(|m| *m)
    }

    /// `Do` (§8.8): a form XObject is run (its content decoded once per file), an image
    /// counted. A name the resources do not hold, or an object that is missing, is damage:
    /// what it drew is lost.
    fn xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        depth: usize,
    ) -> Result<(), InterpError> {
        let doc = self.doc;
        let resource = String::from_utf8_lossy(name);
        let entry = resources
            .and_then(|r| get(doc, r, b"XObject"))
            .and_then(dict_of)
            .and_then(|x| x.get(name).ok());
        let Some(entry) = entry else {
            self.budget.damage(format!(
                "XObject /{resource} is drawn, but the resources have no XObject of that name"
            ))?;
            return Ok(());
        };
        let id = entry.as_reference().ok();
        let label = match id {
            Some(id) => format!("/{resource} ({} {} R)", id.0, id.1),
            None => format!("/{resource}"),
        };
        let stream = match doc.dereference(entry) {
            Ok((_, Object::Stream(stream))) => stream,
            Ok(_) => {
                self.budget
                    .damage(format!("XObject {label} is not a stream"))?;
                return Ok(());
            }
            Err(_) => {
                self.budget.damage(format!("XObject {label} is missing"))?;
                return Ok(());
            }
        };
        match get(doc, &stream.dict, b"Subtype").and_then(name_of) {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    return Err(InterpError::TooDeep);
                }
                self.budget.form_uses.take(1).map_err(file_limit)?;
                let cached = self.cache.forms.get(id, self.budget);
                let program = match cached {
                    Some(program) => program,
                    None => self.cache.forms.load(id, self.budget, |budget| {
                        let name = format!("form XObject {label}");
                        let before = budget.damage_count();
                        let data = budget.decode(stream, &|| name.clone())?;
                        let partial = budget.damage_count() > before;
                        Program::new(data, name.clone(), partial).map_err(|exceeded| {
                            InterpError::Limit {
                                subject: name,
                                exceeded,
                            }
                        })
                    })?,
                };
                let saved = (
                    self.state.clone(),
                    self.tm,
                    self.tlm,
                    std::mem::take(&mut self.path),
                    self.struct_parents,
                    self.marks.len(),
                    self.marks_ignored,
                );
                // §14.7.5.3: a form's marked content is keyed by its own /StructParents.
                if let Some(Object::Integer(key)) = get(doc, &stream.dict, b"StructParents") {
                    self.struct_parents = Some(*key);
                }
                // §8.10.1: the form's /Matrix, then its /BBox clips.
                if let Some(Object::Array(m)) = get(doc, &stream.dict, b"Matrix") {
                    let v: Vec<f64> = m.iter().filter_map(|o| num(deref(doc, o))).collect();
                    if let [a, b, c, d, e, f] = v.as_slice() {
                        let ctm = Matrix::new(*a, *b, *c, *d, *e, *f).then(&self.state.ctm);
                        if ctm.is_finite() {
                            self.state.ctm = ctm;
                        }
                    }
                }
                if let Some([x0, y0, x1, y1]) =
                    get(doc, &stream.dict, b"BBox").and_then(|o| rect_of(doc, o))
                {
                    let bbox = self.state.ctm.apply_rect(x0, y0, x1, y1);
                    self.state.clip = self.state.clip.intersect(&bbox);
                }
                let form_resources = get(doc, &stream.dict, b"Resources")
                    .and_then(dict_of)
                    .or(resources);
                let depth_before = self.stack.len();
                let result = self.run(&program, form_resources, depth + 1);
                self.stack.truncate(depth_before);
                let marks;
                (
                    self.state,
                    self.tm,
                    self.tlm,
                    self.path,
                    self.struct_parents,
                    marks,
                    self.marks_ignored,
                ) = saved;
                self.marks.truncate(marks);
                result?;
            }
            _ => {}
        }
        Ok(())
    }
}
