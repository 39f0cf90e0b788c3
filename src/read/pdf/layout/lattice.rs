//! Lattices: bordered tables found from rulings.
//!
//! Input: snapped horizontal and vertical rulings of a page, and where its text lies. Output:
//! one [`Lattice`] per table — a group of rulings that touch each other — with its row and
//! column boundaries and its cells: the slots between boundaries, merged wherever no ruling
//! separates them. A table needs no outer frame: the extent of its rulings closes it, which
//! also closes a merged cell whose bottom border is missing because a page break cut it
//! (pages 6 and 8 of the 1.20 fixture), and a table drawn without side borders (full-width
//! row rules and one column divider).
//!
//! Two boundaries a few points apart with no text between them are one border drawn double
//! (Word and Excel double borders, or the edges of small squares drawn at joints), and a
//! boundary on which no cell edge lies bounds nothing: neither makes a row or a column.

use super::rulings::{Ruling, SNAP};
use crate::read::pdf::geom::Rect;
use crate::read::pdf::objects::Allowance;

/// A group of rulings with more slots than this is not read as a table (a hatched drawing,
/// or a file made to exhaust memory).
const MAX_SLOTS: usize = 100_000;
/// The slots of all tables of one page: [`lattices`] builds no more table once they pass
/// this, and the caller refuses the page. A page of the 1.20 PDF has about 100; this bounds
/// the memory of a page of many large grids (30 grids of 316 × 316 lines took 670 MB).
pub(crate) const MAX_PAGE_SLOTS: usize = 2 * MAX_SLOTS;
/// Slots of the tables of one file: the grid keeps every cell of every page. The 1.20 PDF
/// has 826, the speed benchmark's 900 pages 82,600.
pub(crate) const TABLE_SLOTS: Allowance = Allowance::new(1_000_000, "table slots");
/// Steps of layout in one file: pairs of rulings compared ([`grouping_work`]) and glyphs
/// tested against tables. Both are quadratic for a hostile page (20,000 by 20,000 grid lines
/// took 1.7 s, 5,000 tables and a million glyphs 6 s) and small for a real one (the 1.20
/// PDF takes 16,072); at about 4 ns a step this is about a second.
pub(crate) const LAYOUT_STEPS: Allowance = Allowance::new(250_000_000, "layout steps");
/// Boundaries closer than this (points) with no text between them are one border drawn
/// double. Word's double border leaves about 1.5 pt between its lines, Excel's about 2 pt; a
/// row or column that holds text is never merged, however narrow.
const DOUBLE: f64 = 4.0;
/// Text looked at per band between two close boundaries; past this the band counts as
/// holding text (bounds the work of a page of many close lines and much text).
const MAX_BAND_TEXT: usize = 10_000;

/// Glyph centres as (key, other) pairs sorted by the key: (y, x) by y, or (x, y) by x.
type Sorted = Vec<(f64, f64)>;

/// Where a page's text lies: the centres of its visible glyphs, sorted by y and by x the
/// first time a band between two boundaries is asked about (most pages never ask), so that
/// the band is searched, not scanned.
#[derive(Debug, Default)]
pub(crate) struct TextIndex {
    centres: Vec<(f64, f64)>,
    /// (y, x) sorted by y, and (x, y) sorted by x.
    sorted: std::cell::OnceCell<(Sorted, Sorted)>,
}

impl TextIndex {
    pub fn new(centres: impl Iterator<Item = (f64, f64)>) -> TextIndex {
        TextIndex {
            centres: centres
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect(),
            sorted: std::cell::OnceCell::new(),
        }
    }

    /// The centres as (y, x) sorted by y, and as (x, y) sorted by x. The order of centres
    /// with one key does not matter to [`TextIndex::any_in`].
    fn sorted(&self) -> &(Sorted, Sorted) {
        self.sorted.get_or_init(|| {
            let mut by_x = self.centres.clone();
            let mut by_y: Vec<(f64, f64)> = by_x.iter().map(|&(x, y)| (y, x)).collect();
            by_x.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            by_y.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            (by_y, by_x)
        })
    }

    /// Whether some text lies strictly between `lo` and `hi` in x, and within `from..=to`
    /// in y.
    fn any_between_x(&self, lo: f64, hi: f64, from: f64, to: f64) -> bool {
        TextIndex::any_in(&self.sorted().1, lo, hi, from, to)
    }

    /// Whether some text lies strictly between `lo` and `hi` in y, and within `from..=to`
    /// in x.
    fn any_between_y(&self, lo: f64, hi: f64, from: f64, to: f64) -> bool {
        TextIndex::any_in(&self.sorted().0, lo, hi, from, to)
    }

    /// Whether some text lies strictly between `lo` and `hi` on the axis `sorted` is sorted
    /// by, and within `from..=to` on the other: true as soon as one does, or once more than
    /// [`MAX_BAND_TEXT`] lie in the band, so the answer does not depend on the order of
    /// centres with one key.
    fn any_in(sorted: &[(f64, f64)], lo: f64, hi: f64, from: f64, to: f64) -> bool {
        let start = sorted.partition_point(|p| p.0 <= lo);
        let mut looked = 0;
        for p in &sorted[start..] {
            if p.0 >= hi {
                return false;
            }
            looked += 1;
            if looked > MAX_BAND_TEXT || (p.1 >= from && p.1 <= to) {
                return true;
            }
        }
        false
    }
}

/// The rulings [`lattices`] compares: for each horizontal ruling, the vertical ones whose
/// position falls within its span. Two binary searches per horizontal ruling, so that the
/// work can be charged before it is done.
pub(crate) fn grouping_work(horizontal: &[Ruling], vertical: &[Ruling]) -> usize {
    horizontal
        .iter()
        .map(|h| {
            let lo = vertical.partition_point(|v| v.at < h.from - SNAP);
            let hi = vertical.partition_point(|v| v.at <= h.to + SNAP);
            hi.saturating_sub(lo)
        })
        .fold(0usize, usize::saturating_add)
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LatticeCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub rect: Rect,
}

#[derive(Debug, Clone)]
pub(crate) struct Lattice {
    /// Column boundaries, left to right (`cols + 1` values).
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom in display space (`rows + 1` values).
    pub ys: Vec<f64>,
    /// Cells in row-major order of their top-left slot.
    pub cells: Vec<LatticeCell>,
    /// For each slot (row-major), the index of the cell covering it.
    owner: Vec<Option<usize>>,
}

impl Lattice {
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    /// Rows × columns: the slots its cells cover.
    pub fn slots(&self) -> usize {
        self.rows() * self.cols()
    }

    pub fn bbox(&self) -> Rect {
        let (x0, x1) = (
            self.xs.first().copied().unwrap_or(0.0),
            self.xs.last().copied().unwrap_or(0.0),
        );
        let (y0, y1) = (
            self.ys.first().copied().unwrap_or(0.0),
            self.ys.last().copied().unwrap_or(0.0),
        );
        Rect::new(x0, y0, x1, y1)
    }

    /// The cell containing a point, by binary search over the boundaries.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let band = |bounds: &[f64], v: f64| -> Option<usize> {
            let (first, last) = (*bounds.first()?, *bounds.last()?);
            if v < first || v > last {
                return None;
            }
            Some(
                bounds
                    .partition_point(|&b| b <= v)
                    .saturating_sub(1)
                    .min(bounds.len().saturating_sub(2)),
            )
        };
        let (r, c) = (band(&self.ys, y)?, band(&self.xs, x)?);
        self.owner.get(r * self.cols() + c).copied().flatten()
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Finds the tables among rulings (both lists sorted by `at`, as [`super::rulings::merge`]
/// leaves them). Once the tables found hold more than [`MAX_PAGE_SLOTS`] slots, no more are
/// built.
pub(crate) fn lattices(
    horizontal: &[Ruling],
    vertical: &[Ruling],
    text: &TextIndex,
) -> Vec<Lattice> {
    // Group rulings that cross or touch: for each horizontal ruling, the vertical ones whose
    // x falls within its span are found by binary search on the sorted list.
    let nh = horizontal.len();
    let mut groups = UnionFind::new(nh + vertical.len());
    for (i, h) in horizontal.iter().enumerate() {
        let lo = vertical.partition_point(|v| v.at < h.from - SNAP);
        for (k, v) in vertical.iter().enumerate().skip(lo) {
            if v.at > h.to + SNAP {
                break;
            }
            if h.at >= v.from - SNAP && h.at <= v.to + SNAP {
                groups.union(i, nh + k);
            }
        }
    }
    let mut members: Vec<(Vec<Ruling>, Vec<Ruling>)> = Vec::new();
    let mut index_of_root = std::collections::HashMap::new();
    for i in 0..nh + vertical.len() {
        let root = groups.find(i);
        let slot = *index_of_root.entry(root).or_insert_with(|| {
            members.push((Vec::new(), Vec::new()));
            members.len() - 1
        });
        if i < nh {
            members[slot].0.push(horizontal[i]);
        } else {
            members[slot].1.push(vertical[i - nh]);
        }
    }
    let mut slots = 0usize;
    let mut out: Vec<Lattice> = Vec::new();
    for (h, v) in members {
        if slots > MAX_PAGE_SLOTS {
            break;
        }
        // Two rulings one way and one the other close a table at their extent: row rules
        // with a column divider and no side borders, or the converse.
        if (h.len() >= 2 && !v.is_empty()) || (v.len() >= 2 && !h.is_empty()) {
            if let Some(l) = lattice(&h, &v, text) {
                slots += l.slots();
                out.push(l);
            }
        }
    }
    out.sort_by(|a, b| {
        let (ra, rb) = (a.bbox(), b.bbox());
        ra.y0.total_cmp(&rb.y0).then(ra.x0.total_cmp(&rb.x0))
    });
    out
}

/// A row or column boundary: where it lies, and the span of ruling positions it stands for
/// (one position, or the two lines of a double border).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Boundary {
    at: f64,
    lo: f64,
    hi: f64,
}

/// Sorted values clustered within [`SNAP`], each cluster replaced by its mean.
fn boundaries(mut values: Vec<f64>) -> Vec<Boundary> {
    values.sort_by(f64::total_cmp);
    let mut out = Vec::new();
    let mut start = 0;
    while start < values.len() {
        let mut end = start + 1;
        while end < values.len() && values[end] - values[end - 1] <= SNAP {
            end += 1;
        }
        out.push(Boundary {
            at: values[start..end].iter().sum::<f64>() / (end - start) as f64,
            lo: values[start],
            hi: values[end - 1],
        });
        start = end;
    }
    out
}

/// Joins neighbouring boundaries when together they span less than [`DOUBLE`] and
/// `holds_text(lo, hi)` says no text lies between them. (The span, not the gap, is bounded:
/// lines 2 points apart over a page are a hatching, not one border.)
fn join_doubles(bounds: Vec<Boundary>, holds_text: impl Fn(f64, f64) -> bool) -> Vec<Boundary> {
    let mut out: Vec<Boundary> = Vec::with_capacity(bounds.len());
    for b in bounds {
        match out.last_mut() {
            Some(prev) if b.hi - prev.lo < DOUBLE && !holds_text(prev.hi, b.lo) => {
                *prev = Boundary {
                    at: (prev.at + b.at) / 2.0,
                    lo: prev.lo,
                    hi: b.hi,
                };
            }
            _ => out.push(b),
        }
    }
    out
}

/// Whether the rulings on boundary `b` cover the middle half of `from..to`.
fn covered(rulings: &[Ruling], b: &Boundary, from: f64, to: f64) -> bool {
    let quarter = (to - from) / 4.0;
    let (a, z) = (from + quarter, to - quarter);
    let lo = rulings.partition_point(|r| r.at < b.lo - SNAP);
    rulings[lo..]
        .iter()
        .take_while(|r| r.at <= b.hi + SNAP)
        .any(|r| r.from <= a && r.to >= z)
}

/// The boundaries of `bounds` on which some cell edge lies: the first and last (the frame),
/// and each inner one whose rulings separate some pair of slots across it, the slots running
/// between consecutive boundaries of `across`.
fn bounding(bounds: Vec<Boundary>, rulings: &[Ruling], across: &[Boundary]) -> Vec<Boundary> {
    let last = bounds.len().saturating_sub(1);
    bounds
        .iter()
        .enumerate()
        .filter(|&(k, b)| {
            k == 0
                || k == last
                || across
                    .windows(2)
                    .any(|w| covered(rulings, b, w[0].at, w[1].at))
        })
        .map(|(_, b)| *b)
        .collect()
}

fn lattice(horizontal: &[Ruling], vertical: &[Ruling], text: &TextIndex) -> Option<Lattice> {
    let min_of = |it: &mut dyn Iterator<Item = f64>| it.fold(f64::INFINITY, f64::min);
    let max_of = |it: &mut dyn Iterator<Item = f64>| it.fold(f64::NEG_INFINITY, f64::max);
    // The rulings' extent is the table's frame, drawn or not.
    let mut xs: Vec<f64> = vertical.iter().map(|v| v.at).collect();
    xs.push(min_of(&mut horizontal.iter().map(|h| h.from)));
    xs.push(max_of(&mut horizontal.iter().map(|h| h.to)));
    let mut ys: Vec<f64> = horizontal.iter().map(|h| h.at).collect();
    ys.push(min_of(&mut vertical.iter().map(|v| v.from)));
    ys.push(max_of(&mut vertical.iter().map(|v| v.to)));
    let (xs, ys) = (boundaries(xs), boundaries(ys));
    let (x0, x1) = (xs.first()?.at, xs.last()?.at);
    let (y0, y1) = (ys.first()?.at, ys.last()?.at);
    let xs = join_doubles(xs, |lo, hi| text.any_between_x(lo, hi, y0, y1));
    let ys = join_doubles(ys, |lo, hi| text.any_between_y(lo, hi, x0, x1));
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 || rows.saturating_mul(cols) > MAX_SLOTS {
        return None;
    }
    let mut vertical = vertical.to_vec();
    vertical.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut horizontal = horizontal.to_vec();
    horizontal.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Boundaries that bound nothing go (each judged against the other axis's boundaries as
    // found; dropping one never makes another bound something).
    let kept_xs = bounding(xs.clone(), &vertical, &ys);
    let ys = bounding(ys, &horizontal, &xs);
    let xs = kept_xs;
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 {
        return None;
    }

    let mut slots = UnionFind::new(rows * cols);
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !covered(&vertical, &xs[c + 1], ys[r].at, ys[r + 1].at) {
                slots.union(r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !covered(&horizontal, &ys[r + 1], xs[c].at, xs[c + 1].at) {
                slots.union(r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    // Each group of slots becomes the rectangle that bounds it; a slot already claimed by an
    // earlier cell (a group that is not a rectangle) stays with that cell.
    let mut extent: std::collections::HashMap<usize, (usize, usize, usize, usize)> =
        Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = slots.find(r * cols + c);
            let e = extent.entry(root).or_insert((r, c, r, c));
            *e = (e.0.min(r), e.1.min(c), e.2.max(r), e.3.max(c));
        }
    }
    let mut spans: Vec<(usize, usize, usize, usize)> = extent.into_values().collect();
    spans.sort();
    let mut owner = vec![None; rows * cols];
    let mut cells = Vec::new();
    for (r0, c0, r1, c1) in spans {
        if owner[r0 * cols + c0].is_some() {
            continue;
        }
        let index = cells.len();
        for r in r0..=r1 {
            for c in c0..=c1 {
                owner[r * cols + c].get_or_insert(index);
            }
        }
        cells.push(LatticeCell {
            row: r0,
            col: c0,
            rowspan: r1 - r0 + 1,
            colspan: c1 - c0 + 1,
            rect: Rect::new(xs[c0].at, ys[r0].at, xs[c1 + 1].at, ys[r1 + 1].at),
        });
    }
    Some(Lattice {
        xs: xs.iter().map(|b| b.at).collect(),
        ys: ys.iter().map(|b| b.at).collect(),
        cells,
        owner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(at: f64, from: f64, to: f64) -> Ruling {
        Ruling { at, from, to }
    }

    /// A 3 × 3 grid whose first column is merged over rows 1–2 and whose top row's last two
    /// columns are merged.
    #[test]
    fn finds_spans_from_missing_rulings() {
        let h = vec![
            r(0.0, 0.0, 90.0),
            r(10.0, 0.0, 90.0),
            r(20.0, 30.0, 90.0),
            r(30.0, 0.0, 90.0),
        ];
        let v = vec![
            r(0.0, 0.0, 30.0),
            r(30.0, 0.0, 30.0),
            r(60.0, 10.0, 30.0),
            r(90.0, 0.0, 30.0),
        ];
        let ls = lattices(&h, &v, &TextIndex::default());
        assert_eq!(ls.len(), 1);
        let l = &ls[0];
        assert_eq!((l.rows(), l.cols()), (3, 3));
        let spans: Vec<_> = l
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan))
            .collect();
        assert_eq!(
            spans,
            vec![
                (0, 0, 1, 1),
                (0, 1, 1, 2),
                (1, 0, 2, 1),
                (1, 1, 1, 1),
                (1, 2, 1, 1),
                (2, 1, 1, 1),
                (2, 2, 1, 1)
            ]
        );
        assert_eq!(l.cell_at(70.0, 5.0), Some(1));
        assert_eq!(l.cell_at(5.0, 25.0), Some(2));
        assert_eq!(l.cell_at(95.0, 5.0), None);
    }

    #[test]
    fn open_bottom_border_is_closed_by_the_frame() {
        // The bottom rule is missing under the first column (a cell cut by a page break):
        // the vertical rulings' extent still closes the table.
        let h = vec![r(0.0, 0.0, 60.0), r(10.0, 0.0, 60.0), r(20.0, 30.0, 60.0)];
        let v = vec![r(0.0, 0.0, 20.0), r(30.0, 0.0, 20.0), r(60.0, 0.0, 20.0)];
        let l = &lattices(&h, &v, &TextIndex::default())[0];
        assert_eq!((l.rows(), l.cols()), (2, 2));
        assert_eq!(l.cells.len(), 4);
    }

    #[test]
    fn separate_tables_and_frameless_tables() {
        // Two tables; the second has only interior rulings (a "#" shape).
        let h = vec![
            r(0.0, 0.0, 10.0),
            r(10.0, 0.0, 10.0),
            r(110.0, 100.0, 130.0),
            r(120.0, 100.0, 130.0),
        ];
        let v = vec![
            r(0.0, 0.0, 10.0),
            r(10.0, 0.0, 10.0),
            r(110.0, 100.0, 130.0),
            r(120.0, 100.0, 130.0),
        ];
        let ls = lattices(&h, &v, &TextIndex::default());
        assert_eq!(ls.len(), 2);
        assert_eq!((ls[0].rows(), ls[0].cols()), (1, 1));
        assert_eq!((ls[1].rows(), ls[1].cols()), (3, 3));
        assert_eq!(ls[1].cells.len(), 9);
    }
}
