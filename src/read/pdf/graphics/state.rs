//! The graphics state (PDF 32000-1:2008 §8.4) and its operators: `q`/`Q`, `cm`, and the
//! colour operators (§8.6.8), which set the current colour spaces and colours that
//! [`super::colour`] reads. Text state parameters live here too (they are part of the graphics
//! state, §9.3.1); the operators that set them are in `text`.

use std::rc::Rc;

use lopdf::{Dictionary, Object};

use super::colour::{Paint, Space};
use super::operator::Op;
use super::text::FontChoice;
use super::{f, InterpError, Interpreter, MAX_STATE_DEPTH};
use crate::read::pdf::geom::{Matrix, Rect};
use crate::read::pdf::objects::{dict_of, get, name_of, num, Exceeded};

#[derive(Debug, Clone)]
pub(super) struct State {
    pub ctm: Matrix,
    pub clip: Rect,
    pub font: FontChoice,
    pub size: f64,
    pub char_spacing: f64,
    pub word_spacing: f64,
    /// `Tz` as a fraction.
    pub scale: f64,
    pub leading: f64,
    pub rise: f64,
    /// §8.6.8: the current colour spaces and colours, for filling and for stroking.
    pub fill_space: Rc<Space>,
    pub fill: Paint,
    pub stroke_space: Rc<Space>,
    pub stroke: Paint,
}

impl State {
    /// The state at the start of a page (§8.4.1, Table 52): `ctm` and the visible area
    /// `clip`, black in DeviceGray, no font, neutral text parameters.
    pub fn new(ctm: Matrix, clip: Rect) -> State {
        State {
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
        }
    }
}

impl<'a> Interpreter<'a> {
    /// Runs `op` if it is a graphics state or colour operator; whether it was one.
    pub(super) fn state_op(
        &mut self,
        op: Op,
        o: &[Object],
        resources: Option<&'a Dictionary>,
    ) -> Result<bool, InterpError> {
        match op {
            // §8.4.4 graphics state operators.
            Op::Save => {
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
            Op::Restore => {
                if let Some(s) = self.stack.pop() {
                    self.state = s;
                }
            }
            Op::Concat => {
                let m = Matrix::new(f(o, 0), f(o, 1), f(o, 2), f(o, 3), f(o, 4), f(o, 5));
                let ctm = m.then(&self.state.ctm);
                if ctm.is_finite() {
                    self.state.ctm = ctm;
                }
            }
            // §8.6.8 colour operators.
            Op::Gray { fill } | Op::Rgb { fill } | Op::Cmyk { fill } => {
                let space = match op {
                    Op::Gray { .. } => Space::Gray,
                    Op::Rgb { .. } => Space::Rgb,
                    _ => Space::Cmyk,
                };
                let values: Vec<f64> = o.iter().filter_map(num).collect();
                let paint = space.paint(&values);
                if fill {
                    self.state.fill_space = Rc::new(space);
                    self.state.fill = paint;
                } else {
                    self.state.stroke_space = Rc::new(space);
                    self.state.stroke = paint;
                }
            }
            Op::ColourSpace { fill } => {
                let space = match o.first() {
                    Some(obj) => self.colour_space(resources, obj)?,
                    None => Rc::new(Space::Gray),
                };
                let paint = space.initial();
                if fill {
                    (self.state.fill_space, self.state.fill) = (space, paint);
                } else {
                    (self.state.stroke_space, self.state.stroke) = (space, paint);
                }
            }
            Op::Colour { fill } => {
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
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The colour space `cs`/`CS` names: a device or pattern space by name, else the
    /// resources' `/ColorSpace` entry (§8.6.3), decoded once (`cache`) when it is an object.
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
        if let Some(space) = self.cache.spaces.get(id, self.budget) {
            return Ok(space);
        }
        let named = |_: &[u8]| entry.cloned();
        let space = self.cache.spaces.load(id, self.budget, |budget| {
            Space::from_object(doc, operand, &named, budget)
        })?;
        Ok(space)
    }
}
