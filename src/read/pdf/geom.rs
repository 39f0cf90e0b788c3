//! Points, matrices and rectangles (PDF 32000-1:2008 §8.3, coordinate systems).
//!
//! Matrices follow the PDF convention: a point is a row vector, `[x y 1] × M`, and
//! `a.then(b)` is "apply `a`, then `b`" (the product `a × b`).

/// An affine matrix `[a b c d e f]` (§8.3.4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Matrix {
    pub const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    pub fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    pub fn translate(x: f64, y: f64) -> Matrix {
        Matrix::new(1.0, 0.0, 0.0, 1.0, x, y)
    }

    /// `self` applied first, then `next`.
    pub fn then(&self, next: &Matrix) -> Matrix {
        Matrix {
            a: self.a * next.a + self.b * next.c,
            b: self.a * next.b + self.b * next.d,
            c: self.c * next.a + self.d * next.c,
            d: self.c * next.b + self.d * next.d,
            e: self.e * next.a + self.f * next.c + next.e,
            f: self.e * next.b + self.f * next.d + next.f,
        }
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.a * x + self.c * y + self.e,
            self.b * x + self.d * y + self.f,
        )
    }

    /// The bounding box of the rectangle `[x0, x1] × [y0, y1]` after this matrix.
    pub fn apply_rect(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        let corners = [
            self.apply(x0, y0),
            self.apply(x1, y0),
            self.apply(x0, y1),
            self.apply(x1, y1),
        ];
        Rect::bounding(corners.iter().copied())
    }

    /// How much this matrix scales a vertical unit vector: the rendered size of a 1-unit font.
    pub fn vertical_scale(&self) -> f64 {
        (self.c * self.c + self.d * self.d).sqrt()
    }

    pub fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f]
            .iter()
            .all(|v| v.is_finite())
    }
}

/// An axis-aligned rectangle with `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    pub fn bounding(points: impl Iterator<Item = (f64, f64)>) -> Rect {
        let mut r = Rect {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        };
        for (x, y) in points {
            r.x0 = r.x0.min(x);
            r.y0 = r.y0.min(y);
            r.x1 = r.x1.max(x);
            r.y1 = r.y1.max(y);
        }
        r
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// The overlap of two rectangles; empty (x0 > x1 or y0 > y1) when they do not meet.
    pub fn intersect(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        }
    }

    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    pub fn to_array(self) -> [f64; 4] {
        let r = |v: f64| (v * 1000.0).round() / 1000.0;
        [r(self.x0), r(self.y0), r(self.x1), r(self.y1)]
    }
}

/// Turns a display-space point so that text written in direction `dir` (degrees
/// counter-clockwise as seen on the page: 90 runs bottom to top, 270 top to bottom) runs left
/// to right. The turn is about the origin, so coordinates only swap and change sign: exact,
/// and undone exactly by [`turn_back`].
pub(crate) fn turn(dir: u16, (x, y): (f64, f64)) -> (f64, f64) {
    match dir {
        90 => (-y, x),
        180 => (-x, -y),
        270 => (y, -x),
        _ => (x, y),
    }
}

/// The inverse of [`turn`].
pub(crate) fn turn_back(dir: u16, (x, y): (f64, f64)) -> (f64, f64) {
    match dir {
        90 => (y, -x),
        180 => (-x, -y),
        270 => (-y, x),
        _ => (x, y),
    }
}

impl Rect {
    /// This rectangle after `f` (a quarter turn), as a rectangle again.
    pub fn turned(&self, f: impl Fn((f64, f64)) -> (f64, f64)) -> Rect {
        let (x0, y0) = f((self.x0, self.y0));
        let (x1, y1) = f((self.x1, self.y1));
        Rect::new(x0, y0, x1, y1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn then_applies_left_matrix_first() {
        let scale = Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
        let shift = Matrix::translate(10.0, 0.0);
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 2.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 2.0));
    }

    #[test]
    fn turns_are_exact_and_make_the_direction_run_right() {
        for dir in [0, 90, 180, 270] {
            let p = (12.5, -3.25);
            assert_eq!(turn_back(dir, turn(dir, p)), p);
        }
        // Up the page (display y decreases), down it, and right to left.
        assert_eq!(turn(90, (0.0, -1.0)), (1.0, 0.0));
        assert_eq!(turn(270, (0.0, 1.0)), (1.0, 0.0));
        assert_eq!(turn(180, (-1.0, 0.0)), (1.0, 0.0));
    }
}
