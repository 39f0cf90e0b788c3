//! Paths (PDF 32000-1:2008 §8.5): construction in display space, painting into segments, and
//! clipping reduced to bounding boxes. A stroked line, a thin filled shape, or the edge of a
//! filled rectangle becomes a [`Segment`] when its paint shows against what lies beneath it
//! (`colour`); curves are kept only as points of their path.

use lopdf::Object;

use super::colour::Paint;
use super::operator::Op;
use super::{f, file_limit, InterpError, Interpreter};
use crate::read::pdf::drawn::Segment;
use crate::read::pdf::geom::Rect;

/// A filled shape thinner than this (points) is a drawn line: Chromium and Office exporters
/// draw cell borders as thin filled rectangles.
pub(crate) const THIN: f64 = 2.0;

#[derive(Debug, Clone, Copy)]
pub(super) enum PathPart {
    Line((f64, f64), (f64, f64)),
    Curve,
}

#[derive(Debug, Default, Clone)]
pub(super) struct Subpath {
    pub parts: Vec<PathPart>,
    pub points: Vec<(f64, f64)>,
}

impl Interpreter<'_> {
    /// Runs `op` if it is a path construction, painting or clipping operator; whether it
    /// was one.
    pub(super) fn path_op(&mut self, op: Op, o: &[Object]) -> Result<bool, InterpError> {
        match op {
            // §8.5.2 path construction, in display space from the start.
            Op::MoveTo => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                let p = self.state.ctm.apply(f(o, 0), f(o, 1));
                self.path.push(Subpath {
                    parts: Vec::new(),
                    points: vec![p],
                });
                self.start = p;
                self.current = p;
            }
            Op::LineTo => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                let p = self.state.ctm.apply(f(o, 0), f(o, 1));
                let from = self.current;
                self.subpath().parts.push(PathPart::Line(from, p));
                self.subpath().points.push(p);
                self.current = p;
            }
            Op::CurveTo => {
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
            Op::ClosePath => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                self.close();
            }
            Op::Rectangle => {
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
            Op::Stroke => self.paint(true, false)?,
            Op::CloseStroke => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                self.close();
                self.paint(true, false)?
            }
            Op::Fill => self.paint(false, true)?,
            Op::FillStroke => self.paint(true, true)?,
            Op::CloseFillStroke => {
                self.budget.path_parts.take(1).map_err(file_limit)?;
                self.close();
                self.paint(true, true)?
            }
            Op::EndPath => self.paint(false, false)?,
            Op::Clip => self.pending_clip = true,
            _ => return Ok(false),
        }
        Ok(true)
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
