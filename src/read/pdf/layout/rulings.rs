//! Rulings: the horizontal and vertical lines a page draws, snapped and joined.
//!
//! Input: the segments the interpreter saw (stroked lines, edges of rectangles, thin filled
//! shapes). Output: horizontal rulings (one `y`, an `x` interval) and vertical ones, with
//! near-equal coordinates snapped together and collinear overlapping pieces joined, and
//! what is still shorter than a ruling dropped. Diagonal segments are dropped. Everything is done by sorting and sweeping, never by comparing all
//! pairs.

use crate::read::pdf::drawn::Segment;

/// Coordinates closer than this (points) are the same line. LibreOffice's lines overshoot
/// their ends by half the line width (0.25 pt in the 1.20 fixture).
pub(crate) const SNAP: f64 = 1.0;
/// A segment shorter than this is not a ruling (dots, tick marks, zero-length strokes).
const MIN_LENGTH: f64 = 1.0;

/// A horizontal or vertical line: `at` is its y (horizontal) or x (vertical); it covers
/// `from..to` along the other axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ruling {
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// Splits segments into horizontal and vertical rulings, each list snapped and joined, sorted
/// by (`at`, `from`).
pub(crate) fn rulings(segments: &[Segment]) -> (Vec<Ruling>, Vec<Ruling>) {
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    for s in segments {
        let (dx, dy) = ((s.x1 - s.x0).abs(), (s.y1 - s.y0).abs());
        if ![s.x0, s.y0, s.x1, s.y1].iter().all(|v| v.is_finite()) {
            continue;
        }
        if dy <= SNAP / 2.0 && dx >= dy {
            horizontal.push(Ruling {
                at: (s.y0 + s.y1) / 2.0,
                from: s.x0.min(s.x1),
                to: s.x0.max(s.x1),
            });
        } else if dx <= SNAP / 2.0 && dy > dx {
            vertical.push(Ruling {
                at: (s.x0 + s.x1) / 2.0,
                from: s.y0.min(s.y1),
                to: s.y0.max(s.y1),
            });
        }
    }
    // Pieces shorter than a ruling still join (a rule drawn as a chain of small squares);
    // what is short after joining goes.
    let long = |r: &Ruling| r.to - r.from >= MIN_LENGTH;
    let (mut horizontal, mut vertical) = (merge(horizontal), merge(vertical));
    horizontal.retain(long);
    vertical.retain(long);
    (horizontal, vertical)
}

/// Snaps `at` values into clusters (sorted sweep: a new cluster starts where the value is
/// more than [`SNAP`] past the cluster's first), then joins overlapping or touching intervals
/// per cluster. A cluster spans at most [`SNAP`]: chained by gaps alone, the sides of small
/// squares drawn in a row along one rule would pull every rule they pass into one.
pub(crate) fn merge(mut lines: Vec<Ruling>) -> Vec<Ruling> {
    lines.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut out = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && lines[end].at - lines[start].at <= SNAP {
            end += 1;
        }
        let cluster = &mut lines[start..end];
        // Where the cluster holds rulings, they place it: short pieces beside them (the
        // sides of small squares drawn in a chain along another line) do not pull it.
        let long: Vec<f64> = cluster
            .iter()
            .filter(|r| r.to - r.from >= MIN_LENGTH)
            .map(|r| r.at)
            .collect();
        let at = if long.is_empty() {
            cluster.iter().map(|r| r.at).sum::<f64>() / cluster.len() as f64
        } else {
            long.iter().sum::<f64>() / long.len() as f64
        };
        cluster.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut current: Option<Ruling> = None;
        for r in cluster.iter() {
            match current.as_mut() {
                Some(c) if r.from <= c.to + SNAP => c.to = c.to.max(r.to),
                _ => {
                    out.extend(current.take());
                    current = Some(Ruling {
                        at,
                        from: r.from,
                        to: r.to,
                    });
                }
            }
        }
        out.extend(current);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(x0: f64, y0: f64, x1: f64, y1: f64) -> Segment {
        Segment { x0, y0, x1, y1 }
    }

    #[test]
    fn snaps_and_joins_collinear_pieces() {
        let (h, v) = rulings(&[
            seg(0.0, 10.0, 50.0, 10.0),
            seg(49.5, 10.4, 100.0, 10.4),
            seg(120.0, 10.2, 130.0, 10.2),
            seg(0.0, 40.0, 100.0, 40.0),
            seg(5.0, 0.0, 5.0, 50.0),
            seg(5.3, 60.0, 5.3, 40.0),
            seg(0.0, 0.0, 30.0, 30.0),
        ]);
        assert_eq!(h.len(), 3);
        assert!((h[0].at - 10.2).abs() < 1e-9);
        assert_eq!((h[0].from, h[0].to), (0.0, 100.0));
        assert_eq!((h[1].from, h[1].to), (120.0, 130.0));
        assert_eq!(h[2].at, 40.0);
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].from, v[0].to), (0.0, 60.0));
    }
}
