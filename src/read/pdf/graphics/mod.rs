//! The content-stream interpreter (PDF 32000-1:2008 §8 Graphics, §9.3–§9.4 text state and
//! text objects).
//!
//! Input: a page's decoded content operations, its resources and the matrix from user space
//! to display space (points, origin top left, y down). Output: [`Drawn`] — every glyph that
//! is shown and visible (with its text, box and size), the straight segments that can be
//! table rulings, and counts of what was clipped away or drawn as images.
//!
//! Colour is followed only to tell whether a drawn edge shows (`colour`): a line or the edge
//! of a filled rectangle becomes a segment when its paint differs from what lies beneath it
//! (the page's white, or a rectangle filled earlier). It does not render: shadings, images
//! and curve shapes are ignored, and clipping paths are reduced to their bounding boxes (exact
//! for the rectangular clips producers write around cells and pages).

mod colour;

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::budget::{Allowance, Budget, Exceeded, Stop};
use super::fonts::{Font, FontError};
use super::geom::{Matrix, Rect};
use super::objects::{deref, dict_of, get, name_of, num, rect_of};
use super::structure::ParentTree;
use colour::{Paint, Space};

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
/// Glyphs drawn on one page, which layout holds at once (about 150 bytes each).
const MAX_PAGE_GLYPHS: usize = 1_000_000;
/// Path parts built (a line, a curve, a rectangle's four edges): each may become a segment
/// that layout sorts and matches.
pub(crate) const PATH_PARTS: Allowance = Allowance::new(2_000_000, "path segments");
/// Form XObjects drawn (`Do`), counting repeated use of one form.
pub(crate) const FORM_USES: Allowance = Allowance::new(10_000, "form XObject uses");
/// Decoded bytes of one content stream program (a page's streams together, or one form).
/// lopdf holds an operator's operands as objects of about 100 bytes each, so a stream of
/// nothing but numbers ahead of one operator takes fifty times its size; this bounds that.
/// The largest page of the 1.20 PDF has 38 KB of content, of the Chromium variant 66 KB.
const CONTENT_BYTES: usize = 8 << 20;
/// Form XObjects nested deeper than this are an error (a file can make them recurse).
pub(crate) const MAX_FORM_DEPTH: usize = 16;
/// Graphics states (`q`) open at once: more is an error, since a state dropped would place
/// later text wrongly. PDF 32000-1:2008 Annex C (Table C.1) gives 28 as a conforming reader's
/// `q` nesting limit. Marked-content sequences (`BMC`/`BDC`) beyond it are not linked to
/// structure.
const MAX_STATE_DEPTH: usize = 256;
/// A filled shape thinner than this (points) is a drawn line: Chromium and Office exporters
/// draw cell borders as thin filled rectangles.
pub(crate) const THIN: f64 = 2.0;

/// One glyph as shown on the page, in display space.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub text: String,
    pub bbox: Rect,
    /// Display-space y of the glyph origin: glyphs of one line share it.
    pub baseline: f64,
    /// Display-space x of the glyph origin.
    pub origin_x: f64,
    /// Writing direction: the direction of the advance in display space, in degrees
    /// counter-clockwise as seen on the page, quantized to 0, 90 (bottom to top), 180 or 270.
    pub dir: u16,
    /// Rendered font size (points).
    pub size: f64,
    /// The glyph is white space (drawn space glyphs matter for joining lines).
    pub space: bool,
    /// The structure element (tagged PDF) whose marked content shows the glyph.
    pub element: Option<ObjectId>,
}

/// A straight line segment that was stroked, or a thin filled shape read as one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Segment {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Debug, Default)]
pub(crate) struct Drawn {
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    /// Non-space glyphs outside the clipping path (never visible).
    pub clipped: usize,
    pub images: usize,
    /// Character codes no mapping gives text for, read as U+FFFD (only when damage is not
    /// refused): (font, code, code length in bytes) → how many glyphs.
    pub unmapped: std::collections::BTreeMap<(String, u32, u8), usize>,
}

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

/// The font of the text state (§9.3.1): none set yet, or the one `Tf` named, which may be
/// unusable; that matters only once text is shown in it.
#[derive(Debug, Clone)]
enum FontChoice {
    Unset,
    Loaded(Rc<Font>),
    /// The resource name `Tf` gave, and why there is no font behind it.
    Unusable {
        name: String,
        why: String,
    },
}

/// What the interpreter decodes once per file and reuses on every page that names it.
#[derive(Default)]
pub(crate) struct Cache {
    fonts: HashMap<ObjectId, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<Program>>,
    spaces: HashMap<ObjectId, Rc<Space>>,
}

/// What reading a page needs of its file: the document, its structure, the file's budget and
/// what is decoded already.
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

/// A content stream's decoded bytes, ready to run.
///
/// lopdf's operation iterator ends silently at the first token it cannot parse, exactly as
/// it ends at the end of the data; the rest of the stream would be lost unnoticed. So an
/// operator that the data does not contain is appended as an end mark: the stream was read to
/// its end only when the mark is the last operation yielded, with no operands before it.
pub(crate) struct Program {
    bytes: Vec<u8>,
    end: String,
    /// The stream(s) it was decoded from, for messages.
    name: String,
    /// Its bytes are only what could be decoded (already reported): a syntax error at
    /// their end is no news.
    partial: bool,
}

impl Program {
    pub fn new(mut bytes: Vec<u8>, name: String, partial: bool) -> Result<Program, Exceeded> {
        if bytes.len() > CONTENT_BYTES {
            return Err(Exceeded {
                what: "MiB of decoded content in one stream",
                max: CONTENT_BYTES >> 20,
            });
        }
        let end = end_mark(&bytes);
        bytes.push(b'\n');
        bytes.extend_from_slice(end.as_bytes());
        Ok(Program {
            bytes,
            end,
            name,
            partial,
        })
    }
}

/// An operator `OQSend<k>` that `bytes` cannot hold as a token: `k` differs from every
/// number that follows `OQSend` in them (one pass, however often they name it).
fn end_mark(bytes: &[u8]) -> String {
    const STEM: &[u8] = b"OQSend";
    let mut taken = std::collections::HashSet::new();
    let mut rest = bytes;
    while let Some(at) = rest.windows(STEM.len()).position(|w| w == STEM) {
        rest = &rest[at + STEM.len()..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if let Some(k) = std::str::from_utf8(&rest[..digits])
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
        {
            taken.insert(k);
        }
    }
    let k = (0u64..).find(|k| !taken.contains(k)).unwrap_or_default();
    format!("OQSend{k}")
}

#[derive(Debug, Clone)]
struct State {
    ctm: Matrix,
    clip: Rect,
    font: FontChoice,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// `Tz` as a fraction.
    scale: f64,
    leading: f64,
    rise: f64,
    /// §8.6.8: the current colour spaces and colours, for filling and for stroking.
    fill_space: Rc<Space>,
    fill: Paint,
    stroke_space: Rc<Space>,
    stroke: Paint,
}

#[derive(Debug, Clone, Copy)]
enum PathPart {
    Line((f64, f64), (f64, f64)),
    Curve,
}

#[derive(Debug, Default, Clone)]
struct Subpath {
    parts: Vec<PathPart>,
    points: Vec<(f64, f64)>,
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
            state: State {
                ctm,
                clip,
                font: FontChoice::Unset,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                scale: 1.0,
                leading: 0.0,
                rise: 0.0,
                fill_space: Rc::new(Space::Gray),
                fill: Paint::BLACK,
                stroke_space: Rc::new(Space::Gray),
                stroke: Paint::BLACK,
            },
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
        for item in Content::decode_iter(&program.bytes) {
            let Ok(op) = item else { break };
            if op.operator == program.end {
                ended = Some(op.operands.is_empty());
                break;
            }
            self.budget.operators.take(1).map_err(file_limit)?;
            self.op(&op, resources, depth)?;
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
        op: &Operation,
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), InterpError> {
        let o = &op.operands;
        match op.operator.as_str() {
            // §8.4.4 graphics state operators.
            "q" => {
                if self.stack.len() >= MAX_STATE_DEPTH {
                    return Err(InterpError::Limit {
                        subject: "the page".into(),
                        exceeded: Exceeded {
                            what: "graphics states open at once (q without Q)",
                            max: MAX_STATE_DEPTH,
                        },
                    });
                }
                self.stack.push(self.state.clone());
            }
            "Q" => {
                if let Some(s) = self.stack.pop() {
                    self.state = s;
                }
            }
            "cm" => {
                let m = Matrix::new(f(o, 0), f(o, 1), f(o, 2), f(o, 3), f(o, 4), f(o, 5));
                let ctm = m.then(&self.state.ctm);
                if ctm.is_finite() {
                    self.state.ctm = ctm;
                }
            }
            // §8.5.2 path construction, in display space from the start.
            "m" => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                let p = self.state.ctm.apply(f(o, 0), f(o, 1));
                self.path.push(Subpath {
                    parts: Vec::new(),
                    points: vec![p],
                });
                self.start = p;
                self.current = p;
            }
            "l" => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                let p = self.state.ctm.apply(f(o, 0), f(o, 1));
                let from = self.current;
                self.subpath().parts.push(PathPart::Line(from, p));
                self.subpath().points.push(p);
                self.current = p;
            }
            "c" | "v" | "y" => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                let n = o.len();
                let p = self
                    .state
                    .ctm
                    .apply(f(o, n.saturating_sub(2)), f(o, n.saturating_sub(1)));
                self.subpath().parts.push(PathPart::Curve);
                self.subpath().points.push(p);
                self.current = p;
            }
            "h" => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                self.close();
            }
            "re" => {
                self.budget.path_parts.take(4).map_err(file_limit)?;
                let (x, y, w, h) = (f(o, 0), f(o, 1), f(o, 2), f(o, 3));
                let m = self.state.ctm;
                let pts = [
                    m.apply(x, y),
                    m.apply(x + w, y),
                    m.apply(x + w, y + h),
                    m.apply(x, y + h),
                ];
                let parts = (0..4)
                    .map(|k| PathPart::Line(pts[k], pts[(k + 1) % 4]))
                    .collect();
                self.path.push(Subpath {
                    parts,
                    points: pts.to_vec(),
                });
                self.start = pts[0];
                self.current = pts[0];
            }
            // §8.5.3 path painting; §8.5.4 clipping takes effect after painting.
            "S" => self.paint(true, false)?,
            "s" => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                self.close();
                self.paint(true, false)?
            }
            "f" | "F" | "f*" => self.paint(false, true)?,
            "B" | "B*" => self.paint(true, true)?,
            "b" | "b*" => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                self.close();
                self.paint(true, true)?
            }
            "n" => self.paint(false, false)?,
            // §8.6.8 colour operators.
            "g" | "G" | "rg" | "RG" | "k" | "K" => {
                let space = match op.operator.as_str() {
                    "g" | "G" => Space::Gray,
                    "rg" | "RG" => Space::Rgb,
                    _ => Space::Cmyk,
                };
                let values: Vec<f64> = o.iter().filter_map(num).collect();
                let paint = space.paint(&values);
                if op.operator.chars().all(|c| c.is_ascii_lowercase()) {
                    self.state.fill_space = Rc::new(space);
                    self.state.fill = paint;
                } else {
                    self.state.stroke_space = Rc::new(space);
                    self.state.stroke = paint;
                }
            }
            "cs" | "CS" => {
                let space = match o.first() {
                    Some(obj) => self.colour_space(resources, obj)?,
                    None => Rc::new(Space::Gray),
                };
                let paint = space.initial();
                if op.operator == "cs" {
                    (self.state.fill_space, self.state.fill) = (space, paint);
                } else {
                    (self.state.stroke_space, self.state.stroke) = (space, paint);
                }
            }
            "sc" | "scn" | "SC" | "SCN" => {
                let fill = op.operator.starts_with('s');
                let space = if fill {
                    &self.state.fill_space
                } else {
                    &self.state.stroke_space
                };
                // §8.7.3.1: a pattern is named by the last operand.
                let paint = if matches!(o.last(), Some(Object::Name(_))) {
                    Paint::Pattern
                } else {
                    let values: Vec<f64> = o.iter().filter_map(num).collect();
                    space.paint(&values)
                };
                if fill {
                    self.state.fill = paint;
                } else {
                    self.state.stroke = paint;
                }
            }
            "W" | "W*" => self.pending_clip = true,
            // §9.4 text objects.
            "BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            "ET" => {}
            // §9.3 text state.
            "Tc" => self.state.char_spacing = f(o, 0),
            "Tw" => self.state.word_spacing = f(o, 0),
            "Tz" => self.state.scale = f(o, 0) / 100.0,
            "TL" => self.state.leading = f(o, 0),
            "Ts" => self.state.rise = f(o, 0),
            "Tf" => {
                self.state.size = f(o, 1);
                self.state.font = match o.first().and_then(name_of) {
                    Some(name) => self.font(resources, name)?,
                    None => FontChoice::Unusable {
                        name: "(none)".into(),
                        why: "`Tf` names no font".into(),
                    },
                };
            }
            // §9.4.2 text positioning.
            "Td" => self.next_line(f(o, 0), f(o, 1)),
            "TD" => {
                self.state.leading = -f(o, 1);
                self.next_line(f(o, 0), f(o, 1));
            }
            "Tm" => {
                let m = Matrix::new(f(o, 0), f(o, 1), f(o, 2), f(o, 3), f(o, 4), f(o, 5));
                if m.is_finite() {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            "T*" => self.next_line(0.0, -self.state.leading),
            // §9.4.3 text showing.
            "Tj" => {
                if let Some(Object::String(s, _)) = o.first() {
                    self.show(s)?;
                }
            }
            "'" => {
                self.next_line(0.0, -self.state.leading);
                if let Some(Object::String(s, _)) = o.first() {
                    self.show(s)?;
                }
            }
            "\"" => {
                self.state.word_spacing = f(o, 0);
                self.state.char_spacing = f(o, 1);
                self.next_line(0.0, -self.state.leading);
                if let Some(Object::String(s, _)) = o.get(2) {
                    self.show(s)?;
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = o.first() {
                    for item in items {
                        match item {
                            Object::String(s, _) => self.show(s)?,
                            other => {
                                if let Some(n) = num(other) {
                                    let tx = -n / 1000.0 * self.state.size * self.state.scale;
                                    self.tm = Matrix::translate(tx, 0.0).then(&self.tm);
                                }
                            }
                        }
                    }
                }
            }
            // §8.8 external objects; §8.9.7 inline images.
            "Do" => {
                if let Some(name) = o.first().and_then(name_of) {
                    self.xobject(resources, name, depth)?;
                }
            }
            "BI" | "EI" => self.out.images += 1,
            // §14.6 marked content.
            "BMC" | "BDC" => {
                if self.marks.len() < MAX_STATE_DEPTH {
                    let element = self.marked_element(o.get(1), resources);
                    self.marks.push(element);
                } else {
                    self.marks_ignored += 1;
                }
            }
            "EMC" => {
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

    fn subpath(&mut self) -> &mut Subpath {
        if self.path.is_empty() {
            self.path.push(Subpath {
                parts: Vec::new(),
                points: vec![self.current],
            });
        }
        let last = self.path.len() - 1;
        &mut self.path[last]
    }

    fn close(&mut self) {
        let (from, to) = (self.current, self.start);
        if from != to {
            self.subpath().parts.push(PathPart::Line(from, to));
        }
        self.current = to;
    }

    /// The colour space `cs`/`CS` names: a device or pattern space by name, else the
    /// resources' `/ColorSpace` entry (§8.6.3), read once per file when it is an object.
    fn colour_space(
        &mut self,
        resources: Option<&'a Dictionary>,
        operand: &Object,
    ) -> Result<Rc<Space>, InterpError> {
        let doc = self.doc;
        let entry = name_of(operand).and_then(|name| {
            resources
                .and_then(|r| get(doc, r, b"ColorSpace"))
                .and_then(dict_of)
                .and_then(|spaces| spaces.get(name).ok())
        });
        let id = entry.and_then(|e| e.as_reference().ok());
        if let Some(space) = id.and_then(|id| self.cache.spaces.get(&id)) {
            return Ok(space.clone());
        }
        let named = |_: &[u8]| entry.cloned();
        let space = Rc::new(Space::from_object(doc, operand, &named, self.budget)?);
        if let Some(id) = id {
            self.cache.spaces.insert(id, space.clone());
        }
        Ok(space)
    }

    /// The paint beneath a point: of the last rectangle filled there, or the page's.
    fn beneath(&mut self, x: f64, y: f64) -> Result<Paint, InterpError> {
        let mut looked = 0;
        let mut found = Paint::PAPER;
        for (rect, paint) in self.fills.iter().rev() {
            looked += 1;
            if rect.contains(x, y) {
                found = *paint;
                break;
            }
        }
        self.budget.layout_steps.take(looked).map_err(file_limit)?;
        Ok(found)
    }

    /// Adds the segment from `a` to `b`, drawn in `paint`, when it shows against the paint
    /// beneath it: beneath the points a quarter, half and three quarters along it, each
    /// moved by `offset` (outside a filled rectangle whose edge it is).
    fn edge(
        &mut self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        paint: Paint,
        offset: (f64, f64),
    ) -> Result<(), InterpError> {
        if paint == Paint::Nothing {
            return Ok(());
        }
        for t in [0.5, 0.25, 0.75] {
            let (x, y) = (x0 + t * (x1 - x0) + offset.0, y0 + t * (y1 - y0) + offset.1);
            if paint.shows_against(self.beneath(x, y)?) {
                self.out.segments.push(Segment { x0, y0, x1, y1 });
                break;
            }
        }
        Ok(())
    }

    fn paint(&mut self, stroke: bool, fill: bool) -> Result<(), InterpError> {
        let path = std::mem::take(&mut self.path);
        let (fill_paint, stroke_paint) = (self.state.fill, self.state.stroke);
        if stroke {
            for part in path.iter().flat_map(|s| s.parts.iter()) {
                if let PathPart::Line(a, b) = *part {
                    self.edge(a, b, stroke_paint, (0.0, 0.0))?;
                }
            }
        }
        if fill {
            for sub in &path {
                let bbox = Rect::bounding(sub.points.iter().copied());
                if !bbox.x0.is_finite() {
                    continue;
                }
                let (cx, cy) = bbox.centre();
                let thin_h = bbox.height() < THIN && bbox.width() >= THIN;
                let thin_v = bbox.width() < THIN && bbox.height() >= THIN;
                if thin_h && !stroke {
                    self.edge((bbox.x0, cy), (bbox.x1, cy), fill_paint, (0.0, 0.0))?;
                } else if thin_v && !stroke {
                    self.edge((cx, bbox.y0), (cx, bbox.y1), fill_paint, (0.0, 0.0))?;
                } else if !thin_h && !thin_v && is_axis_rect(sub) {
                    // A page-sized fill is a background, not a table frame: it only lies
                    // beneath what follows.
                    if !stroke && bbox.width() * bbox.height() < 0.8 * self.page_area {
                        // A filled rectangle (a band of colour, or a border drawn as a box)
                        // shows those of its edges that differ from what lies outside them:
                        // a white box on white paper shows none.
                        for part in &sub.parts {
                            if let PathPart::Line(a, b) = *part {
                                self.edge(a, b, fill_paint, outward(&bbox, a, b))?;
                            }
                        }
                    }
                    if fill_paint != Paint::Nothing {
                        self.fills.push((bbox, fill_paint));
                    }
                }
            }
        }
        if self.pending_clip {
            self.pending_clip = false;
            let bbox = Rect::bounding(path.iter().flat_map(|s| s.points.iter().copied()));
            self.state.clip = self.state.clip.intersect(&bbox);
        }
        Ok(())
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    /// The font `Tf` names: loaded (once per file), or why there is none.
    fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Result<FontChoice, InterpError> {
        let doc = self.doc;
        let resource = String::from_utf8_lossy(name).into_owned();
        let unusable = |why: String| {
            Ok(FontChoice::Unusable {
                name: resource.clone(),
                why,
            })
        };
        let entry = resources
            .and_then(|r| get(doc, r, b"Font"))
            .and_then(dict_of)
            .and_then(|fonts| fonts.get(name).ok());
        let Some(entry) = entry else {
            return unusable("the resources have no font of that name".into());
        };
        let id = entry.as_reference().ok();
        if let Some(font) = id.and_then(|id| self.cache.fonts.get(&id)) {
            return Ok(FontChoice::Loaded(font.clone()));
        }
        let object = || match id {
            Some(id) => format!("its object {} {} R", id.0, id.1),
            None => "its entry".to_string(),
        };
        let dict = match doc.dereference(entry) {
            Ok((_, o)) => match dict_of(o) {
                Some(dict) => dict,
                None => return unusable(format!("{} is not a font dictionary", object())),
            },
            Err(_) => return unusable(format!("{} is missing or cannot be read", object())),
        };
        let font = Font::load(doc, dict, self.budget).map_err(|e| match e {
            FontError::Bad(detail) => InterpError::Font {
                font: resource.clone(),
                detail,
            },
            FontError::Stop(stop) => stop.into(),
        })?;
        let font = Rc::new(font);
        if let Some(id) = id {
            self.cache.fonts.insert(id, font.clone());
        }
        Ok(FontChoice::Loaded(font))
    }

    fn show(&mut self, bytes: &[u8]) -> Result<(), InterpError> {
        let font = match &self.state.font {
            FontChoice::Loaded(font) => font.clone(),
            FontChoice::Unset => {
                return Err(InterpError::Content(
                    "text is shown before a font is set".into(),
                ))
            }
            FontChoice::Unusable { name, why } => {
                return Err(InterpError::Font {
                    font: name.clone(),
                    detail: format!("text is shown in it, but {why}"),
                })
            }
        };
        let st = &self.state;
        let (size, scale) = (st.size, st.scale);
        for (code, len) in font.codes(bytes) {
            self.budget.glyphs.take(1).map_err(file_limit)?;
            let text = match font.text(code, len) {
                Some(text) => text,
                // Nothing is lost silently: where damage is refused so is this; elsewhere
                // the glyph reads as U+FFFD, and the page says which codes of which font.
                None if self.budget.refuses_damage() => {
                    return Err(InterpError::Unmapped {
                        font: font.name.clone(),
                        code,
                        len,
                    })
                }
                None => {
                    *self
                        .out
                        .unmapped
                        .entry((font.name.clone(), code, len))
                        .or_default() += 1;
                    char::REPLACEMENT_CHARACTER.to_string()
                }
            };
            let w0 = font.width(code, len);
            // §9.4.4: the text rendering matrix.
            let trm = Matrix::new(size * scale, 0.0, 0.0, size, 0.0, self.state.rise)
                .then(&self.tm)
                .then(&self.state.ctm);
            if !text.is_empty() && trm.is_finite() {
                let bbox = trm.apply_rect(0.0, font.descent, w0.max(0.0), font.ascent);
                let (origin_x, baseline) = trm.apply(0.0, 0.0);
                let space = text.chars().all(char::is_whitespace);
                let (cx, cy) = bbox.centre();
                if self.state.clip.contains(cx, cy) {
                    if self.out.glyphs.len() >= MAX_PAGE_GLYPHS {
                        return Err(InterpError::Limit {
                            subject: "the page".into(),
                            exceeded: Exceeded {
                                what: "glyphs drawn on one page",
                                max: MAX_PAGE_GLYPHS,
                            },
                        });
                    }
                    self.out.glyphs.push(Glyph {
                        text,
                        bbox,
                        baseline,
                        origin_x,
                        dir: direction(&trm),
                        size: trm.vertical_scale(),
                        space,
                        element: self.element(),
                    });
                } else if !space {
                    self.out.clipped += 1;
                }
            }
            let spacing = if font.is_word_space(code, len) {
                self.state.word_spacing
            } else {
                0.0
            };
            let tx = (w0 * size + self.state.char_spacing + spacing) * scale;
            self.tm = Matrix::translate(tx, 0.0).then(&self.tm);
        }
        Ok(())
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
                let cached = id.and_then(|id| self.cache.forms.get(&id)).cloned();
                let program = match cached {
                    Some(program) => program,
                    None => {
                        let name = format!("form XObject {label}");
                        let before = self.budget.damage_count();
                        let data = self.budget.decode(stream, &|| name.clone())?;
                        let partial = self.budget.damage_count() > before;
                        let program =
                            Program::new(data, name.clone(), partial).map_err(|exceeded| {
                                InterpError::Limit {
                                    subject: name,
                                    exceeded,
                                }
                            })?;
                        let program = Rc::new(program);
                        if let Some(id) = id {
                            self.cache.forms.insert(id, program.clone());
                        }
                        program
                    }
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

/// The writing direction of a text rendering matrix in display space (y down): the angle of
/// its advance vector as seen on the page, to the nearest quarter turn.
fn direction(trm: &Matrix) -> u16 {
    let quarters = (-trm.b).atan2(trm.a).to_degrees() / 90.0;
    (quarters.round() as i64).rem_euclid(4) as u16 * 90
}

/// How far outside a filled rectangle's edge [`Interpreter::paint`] looks for what lies
/// beneath it (points).
const PROBE: f64 = 0.5;

/// The step from the edge `a`–`b` of the axis-aligned rectangle `bbox` to just outside it.
fn outward(bbox: &Rect, a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let (cx, cy) = bbox.centre();
    if (a.1 - b.1).abs() < (a.0 - b.0).abs() {
        (0.0, PROBE * (my - cy).signum())
    } else {
        (PROBE * (mx - cx).signum(), 0.0)
    }
}

fn is_axis_rect(sub: &Subpath) -> bool {
    let lines: Vec<_> = sub
        .parts
        .iter()
        .filter_map(|p| match p {
            PathPart::Line(a, b) if a != b => Some((*a, *b)),
            PathPart::Line(..) => None,
            PathPart::Curve => Some(((f64::NAN, 0.0), (0.0, 0.0))),
        })
        .collect();
    lines.len() == 4
        && lines
            .iter()
            .all(|((x0, y0), (x1, y1))| (x0 - x1).abs() < 0.01 || (y0 - y1).abs() < 0.01)
}

#[cfg(test)]
mod tests {
    use super::end_mark;

    #[test]
    fn the_end_mark_is_never_a_token_of_the_content() {
        assert_eq!(end_mark(b"q Q"), "OQSend0");
        assert_eq!(end_mark(b"OQSend0 OQSend2 OQSend"), "OQSend1");
        // Content that names ten thousand marks costs one pass, not one per mark.
        let many: String = (0..10_000).map(|k| format!("OQSend{k} ")).collect();
        assert_eq!(end_mark(many.as_bytes()), "OQSend10000");
        // A longer token that starts like a mark is another token.
        assert_eq!(end_mark(b"OQSend12"), "OQSend0");
    }
}
