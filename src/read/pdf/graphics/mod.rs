//! The content-stream interpreter (PDF 32000-1:2008 §8 Graphics, §9.3–§9.4 text state and
//! text objects).
//!
//! Input: a page's decoded content operations, its resources and the matrix from user space
//! to display space (points, origin top left, y down). Output: [`Drawn`] — every glyph that
//! is shown and visible (with its text, box and size), the straight segments that can be
//! table rulings, and counts of what was clipped away or drawn as images.
//!
//! It does not render: colours, shadings, images and curve shapes are ignored, and clipping
//! paths are reduced to their bounding boxes (exact for the rectangular clips producers
//! write around cells and pages).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::Font;
use super::geom::{Matrix, Rect};
use super::objects::{deref, dict_of, get, name_of, num, rect_of};
use super::structure::ParentTree;
use super::Budget;

/// Form XObjects nested deeper than this are an error (a file can make them recurse).
pub(crate) const MAX_FORM_DEPTH: usize = 16;
/// `q` nesting deeper than this is ignored rather than growing the stack without bound.
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
}

/// Why a page could not be interpreted; the caller adds file and page.
#[derive(Debug)]
pub(crate) enum InterpError {
    Font { font: String, detail: String },
    Unmapped { font: String, code: u32, len: u8 },
    Content(String),
    TooDeep,
}

#[derive(Debug, Clone)]
struct State {
    ctm: Matrix,
    clip: Rect,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// `Tz` as a fraction.
    scale: f64,
    leading: f64,
    rise: f64,
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
    fonts: HashMap<ObjectId, Rc<Font>>,
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
    /// links to; `marks_ignored` counts sequences opened beyond `MAX_STATE_DEPTH`.
    marks: Vec<Option<ObjectId>>,
    marks_ignored: usize,
}

fn f(ops: &[Object], i: usize) -> f64 {
    ops.get(i).and_then(num).unwrap_or(0.0)
}

impl<'a> Interpreter<'a> {
    /// `ctm` maps user space to display space; `clip` is the visible page area in display space;
    /// `tree` and `struct_parents` (the page's key in it) link marked content to structure.
    pub fn new(
        doc: &'a Document,
        budget: &'a mut Budget,
        ctm: Matrix,
        clip: Rect,
        tree: &'a ParentTree,
        struct_parents: Option<i64>,
    ) -> Interpreter<'a> {
        Interpreter {
            doc,
            budget,
            fonts: HashMap::new(),
            out: Drawn::default(),
            state: State {
                ctm,
                clip,
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                scale: 1.0,
                leading: 0.0,
                rise: 0.0,
            },
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Vec::new(),
            start: (0.0, 0.0),
            current: (0.0, 0.0),
            pending_clip: false,
            page_area: clip.width() * clip.height(),
            tree,
            struct_parents,
            marks: Vec::new(),
            marks_ignored: 0,
        }
    }

    pub fn finish(self) -> Drawn {
        self.out
    }

    /// Decodes and runs a content stream's bytes.
    pub fn run_bytes(
        &mut self,
        data: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), InterpError> {
        let content = Content::decode(data)
            .map_err(|_| InterpError::Content("content stream is corrupt".into()))?;
        self.run(&content.operations, resources, depth)
    }

    pub fn run(
        &mut self,
        ops: &[Operation],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), InterpError> {
        for op in ops {
            self.op(op, resources, depth)?;
        }
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
            "q" if self.stack.len() < MAX_STATE_DEPTH => self.stack.push(self.state.clone()),
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
                let p = self.state.ctm.apply(f(o, 0), f(o, 1));
                self.path.push(Subpath {
                    parts: Vec::new(),
                    points: vec![p],
                });
                self.start = p;
                self.current = p;
            }
            "l" => {
                let p = self.state.ctm.apply(f(o, 0), f(o, 1));
                let from = self.current;
                self.subpath().parts.push(PathPart::Line(from, p));
                self.subpath().points.push(p);
                self.current = p;
            }
            "c" | "v" | "y" => {
                let n = o.len();
                let p = self
                    .state
                    .ctm
                    .apply(f(o, n.saturating_sub(2)), f(o, n.saturating_sub(1)));
                self.subpath().parts.push(PathPart::Curve);
                self.subpath().points.push(p);
                self.current = p;
            }
            "h" => self.close(),
            "re" => {
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
            "S" => self.paint(true, false),
            "s" => {
                self.close();
                self.paint(true, false)
            }
            "f" | "F" | "f*" => self.paint(false, true),
            "B" | "B*" => self.paint(true, true),
            "b" | "b*" => {
                self.close();
                self.paint(true, true)
            }
            "n" => self.paint(false, false),
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
                    None => None,
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

    fn paint(&mut self, stroke: bool, fill: bool) {
        let path = std::mem::take(&mut self.path);
        if stroke {
            for part in path.iter().flat_map(|s| s.parts.iter()) {
                if let PathPart::Line((x0, y0), (x1, y1)) = *part {
                    self.out.segments.push(Segment { x0, y0, x1, y1 });
                }
            }
        }
        if fill && !stroke {
            for sub in &path {
                let bbox = Rect::bounding(sub.points.iter().copied());
                if !bbox.x0.is_finite() {
                    continue;
                }
                let (cx, cy) = bbox.centre();
                if bbox.height() < THIN && bbox.width() >= THIN {
                    self.out.segments.push(Segment {
                        x0: bbox.x0,
                        y0: cy,
                        x1: bbox.x1,
                        y1: cy,
                    });
                } else if bbox.width() < THIN && bbox.height() >= THIN {
                    self.out.segments.push(Segment {
                        x0: cx,
                        y0: bbox.y0,
                        x1: cx,
                        y1: bbox.y1,
                    });
                } else if is_axis_rect(sub) && bbox.width() * bbox.height() < 0.8 * self.page_area {
                    // (A page-sized fill is a background, not a table frame.)
                    // A filled rectangle (cell shading, or a border drawn as a box) shows its
                    // four edges.
                    for part in &sub.parts {
                        if let PathPart::Line((x0, y0), (x1, y1)) = *part {
                            self.out.segments.push(Segment { x0, y0, x1, y1 });
                        }
                    }
                }
            }
        }
        if self.pending_clip {
            self.pending_clip = false;
            let bbox = Rect::bounding(path.iter().flat_map(|s| s.points.iter().copied()));
            self.state.clip = self.state.clip.intersect(&bbox);
        }
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, InterpError> {
        let doc = self.doc;
        let Some(fonts) = resources
            .and_then(|r| get(doc, r, b"Font"))
            .and_then(dict_of)
        else {
            return Ok(None);
        };
        let Ok(entry) = fonts.get(name) else {
            return Ok(None);
        };
        let id = entry.as_reference().ok();
        if let Some(font) = id.and_then(|id| self.fonts.get(&id)) {
            return Ok(Some(font.clone()));
        }
        let Some(dict) = dict_of(deref(doc, entry)) else {
            return Ok(None);
        };
        let font = Font::load(doc, dict, self.budget).map_err(|detail| InterpError::Font {
            font: String::from_utf8_lossy(name).into_owned(),
            detail,
        })?;
        let font = Rc::new(font);
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Ok(Some(font))
    }

    fn show(&mut self, bytes: &[u8]) -> Result<(), InterpError> {
        let Some(font) = self.state.font.clone() else {
            return Err(InterpError::Content(
                "text is shown before a font is set".into(),
            ));
        };
        let st = &self.state;
        let (size, scale) = (st.size, st.scale);
        for (code, len) in font.codes(bytes) {
            let Some(text) = font.text(code, len) else {
                return Err(InterpError::Unmapped {
                    font: font.name.clone(),
                    code,
                    len,
                });
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

    fn xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        depth: usize,
    ) -> Result<(), InterpError> {
        let doc = self.doc;
        let Some(xobjects) = resources
            .and_then(|r| get(doc, r, b"XObject"))
            .and_then(dict_of)
        else {
            return Ok(());
        };
        let Ok(entry) = xobjects.get(name) else {
            return Ok(());
        };
        let Object::Stream(stream) = deref(doc, entry) else {
            return Ok(());
        };
        match get(doc, &stream.dict, b"Subtype").and_then(name_of) {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    return Err(InterpError::TooDeep);
                }
                let data = self
                    .budget
                    .decode(stream)
                    .map_err(|e| InterpError::Content(format!("a form XObject {e}")))?;
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
                let result = self.run_bytes(&data, form_resources, depth + 1);
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
