//! Frames: a page, table, cell or block of text is read in the frame where its text runs left
//! to right. The direction most glyphs share decides the frame; glyphs and segments are
//! turned into it (`geom::turn`), and boxes turned back into display space for the grid.

use crate::read::pdf::drawn::{Glyph, Segment};
use crate::read::pdf::geom::{turn, turn_back, Rect};

/// The writing direction most non-space glyphs share, or 0 when no direction has a majority.
pub(crate) fn reading_direction<'g>(glyphs: impl IntoIterator<Item = &'g Glyph>) -> u16 {
    let mut count = [0usize; 4];
    let mut total = 0;
    for g in glyphs.into_iter().filter(|g| !g.space) {
        count[usize::from(g.dir / 90) % 4] += 1;
        total += 1;
    }
    (1..4)
        .find(|&k| 2 * count[k] > total)
        .map_or(0, |k| k as u16 * 90)
}

pub(crate) fn turned_segment(s: &Segment, dir: u16) -> Segment {
    let (x0, y0) = turn(dir, (s.x0, s.y0));
    let (x1, y1) = turn(dir, (s.x1, s.y1));
    Segment { x0, y0, x1, y1 }
}

/// A glyph in the frame turned by `dir` (see [`turn`]).
pub(crate) fn turned(g: &Glyph, dir: u16) -> Glyph {
    let (origin_x, baseline) = turn(dir, (g.origin_x, g.baseline));
    Glyph {
        text: g.text.clone(),
        bbox: g.bbox.turned(|p| turn(dir, p)),
        baseline,
        origin_x,
        dir: (g.dir + 360 - dir) % 360,
        size: g.size,
        space: g.space,
        element: g.element,
    }
}

/// A box of the frame turned by `dir`, in display space.
pub(crate) fn display_box(r: &Rect, dir: u16) -> [f64; 4] {
    if dir == 0 {
        r.to_array()
    } else {
        r.turned(|p| turn_back(dir, p)).to_array()
    }
}
