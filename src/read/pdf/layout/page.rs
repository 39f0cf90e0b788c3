//! A page of the grid from what its content drew: tables found among the rulings, each glyph
//! placed in the innermost cell under it or in a block of text outside tables, each table and
//! each block read in its own writing direction (`frame`). Every step is charged against the
//! file's budget. Input: [`Drawn`]; output: a [`Page`] and the line ends only guessed.

use super::frame::{display_box, reading_direction, turned, turned_segment};
use super::lattice::{grouping_work, lattices, Lattice, TextIndex, MAX_PAGE_SLOTS};
use super::rulings::{rulings, SNAP};
use super::text::{cell_text, lines, paragraph_text, paragraphs, split_line, CellText};
use crate::grid::{Cell, Page, Table, TextBlock};
use crate::read::pdf::drawn::{Drawn, Glyph, Segment};
use crate::read::pdf::geom::{turn, turn_back, Rect};
use crate::read::pdf::objects::{Budget, Exceeded, Stop};
use crate::read::pdf::report::Guess;

/// Text outside tables on one baseline is split into blocks where glyphs are more than this
/// many font sizes apart.
const BLOCK_GAP: f64 = 3.0;

/// Builds a page of the grid from what was drawn; returns it with the number of non-space
/// glyphs placed.
///
/// A page whose visible text mostly runs in one direction other than left to right (a table
/// drawn rotated, under a CTM of a quarter turn) is laid out turned so that this text does;
/// rows, columns and lines are then those of the table as it reads, and boxes are turned back
/// into display space. Within that frame, a table or outside text written in yet another
/// direction is read in its own (see `lay_out`).
pub(crate) fn assemble(
    number: u32,
    drawn: &Drawn,
    budget: &mut Budget,
    guesses: &mut Vec<Guess>,
) -> Result<(Page, usize), Stop> {
    let dir = reading_direction(&drawn.glyphs);
    if dir == 0 {
        return lay_out(number, &drawn.glyphs, &drawn.segments, 0, budget, guesses);
    }
    let glyphs: Vec<Glyph> = drawn.glyphs.iter().map(|g| turned(g, dir)).collect();
    let segments: Vec<Segment> = drawn
        .segments
        .iter()
        .map(|s| turned_segment(s, dir))
        .collect();
    lay_out(number, &glyphs, &segments, dir, budget, guesses)
}

/// The tables among the rulings of `segments`, their work charged against the budget;
/// `glyphs` tells where text lies (a double border holds none between its lines).
fn find_tables(
    segments: &[Segment],
    glyphs: &[&Glyph],
    budget: &mut Budget,
) -> Result<Vec<Lattice>, Stop> {
    let file = |exceeded| Stop::Limit {
        subject: "the file".into(),
        exceeded,
    };
    let (horizontal, vertical) = rulings(segments);
    budget
        .layout_steps
        .take(grouping_work(&horizontal, &vertical))
        .map_err(file)?;
    let text = TextIndex::new(glyphs.iter().filter(|g| !g.space).map(|g| g.bbox.centre()));
    let tables = lattices(&horizontal, &vertical, &text);
    let slots = tables.iter().map(Lattice::slots).sum::<usize>();
    if slots > MAX_PAGE_SLOTS {
        return Err(Stop::Limit {
            subject: "the page".into(),
            exceeded: Exceeded {
                what: "table slots on one page",
                max: MAX_PAGE_SLOTS,
            },
        });
    }
    budget.table_slots.take(slots).map_err(file)?;
    Ok(tables)
}

/// Lays out glyphs and segments given in the frame turned by `dir` (0: display space).
fn lay_out(
    number: u32,
    glyphs: &[Glyph],
    segments: &[Segment],
    dir: u16,
    budget: &mut Budget,
    guesses: &mut Vec<Guess>,
) -> Result<(Page, usize), Stop> {
    let all: Vec<&Glyph> = glyphs.iter().collect();
    let tables = find_tables(segments, &all, budget)?;
    // Each glyph is tested against the tables in turn.
    budget
        .layout_steps
        .take(glyphs.len().saturating_mul(tables.len()))
        .map_err(|exceeded| Stop::Limit {
            subject: "the file".into(),
            exceeded,
        })?;
    // Glyphs go to the cell under their box centre (never by whole line: a line of text may
    // cross a border when a cell overflows); where tables nest, to the innermost cell (the
    // smallest that contains it), not to the enclosing frame.
    let mut in_cell: Vec<Vec<Vec<&Glyph>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut outside: Vec<&Glyph> = Vec::new();
    let mut placed = 0;
    for g in glyphs {
        let (cx, cy) = g.bbox.centre();
        let hit = tables
            .iter()
            .enumerate()
            .filter_map(|(t, l)| l.cell_at(cx, cy).map(|c| (t, c)))
            .min_by(|&(a, i), &(b, j)| {
                let area = |r: &Rect| r.width() * r.height();
                area(&tables[a].cells[i].rect).total_cmp(&area(&tables[b].cells[j].rect))
            });
        match hit {
            Some((t, c)) => in_cell[t][c].push(g),
            None => outside.push(g),
        }
        if !g.space {
            placed += 1;
        }
    }
    // The right edge of the text area, for joining wrapped lines outside tables: the tables'
    // right border (none: lines never join).
    let text_right = tables
        .iter()
        .map(|t| t.bbox().x1)
        .reduce(f64::max)
        .unwrap_or(f64::INFINITY);
    // A table whose text mostly runs in another direction than the frame's (a turned table
    // on an upright page) is read in its own frame.
    let mut read_tables = Vec::with_capacity(tables.len());
    for (lattice, glyphs) in tables.iter().zip(in_cell) {
        let d = reading_direction(glyphs.iter().flatten().copied());
        let own = match d {
            0 => None,
            _ => turned_table(lattice, &glyphs, segments, d, dir, &mut outside, budget)?,
        };
        let (table, found) =
            own.unwrap_or_else(|| table(lattice, glyphs, &|r| display_box(r, dir)));
        guesses.extend(found.into_iter().map(|g| Guess { page: number, ..g }));
        read_tables.push(table);
    }
    let tables = read_tables;
    // Text outside tables is read in its own writing direction (a page number upright
    // beside a turned table, a caption written up the margin): each direction in turn, the
    // frame's own first. Within one, `lines` yields lines top to bottom and `split_line`
    // pieces left to right: reading order already (a sort with a tolerance would not be a
    // total order).
    let mut blocks = Vec::new();
    for d in [0, 90, 180, 270] {
        let group: Vec<&Glyph> = outside.iter().copied().filter(|g| g.dir == d).collect();
        if group.is_empty() {
            continue;
        }
        let turned_group: Vec<Glyph> = if d == 0 {
            Vec::new()
        } else {
            group.iter().map(|g| turned(g, d)).collect()
        };
        let group = if d == 0 {
            group
        } else {
            turned_group.iter().collect()
        };
        let pieces = lines(group)
            .into_iter()
            .flat_map(|l| split_line(l, BLOCK_GAP))
            .collect();
        // Wrapped lines join where the text area's edge is known: the tables' right border,
        // for text that runs the way the tables do.
        let right = if d == 0 { text_right } else { f64::INFINITY };
        for para in paragraphs(pieces, right) {
            let bbox = para
                .iter()
                .skip(1)
                .fold(para[0].bbox, |r, l| r.union(&l.bbox));
            let bbox = if d == 0 {
                bbox
            } else {
                bbox.turned(|p| turn_back(d, p))
            };
            blocks.push(TextBlock {
                text: paragraph_text(&para),
                bbox: Some(display_box(&bbox, dir)),
                cell_ref: None,
            });
        }
    }
    Ok((
        Page {
            page: number,
            sheet: None,
            tables,
            outside: blocks,
        },
        placed,
    ))
}

/// The table of `lattice` read in the frame turned by `d` from the page's frame (itself
/// turned by `dir` from display space): its rulings (the segments within its extent) and
/// glyphs turned, its lattice found again there. A glyph that falls in no cell there goes to
/// `outside`. `None` when no lattice is found.
fn turned_table<'g>(
    lattice: &Lattice,
    glyphs: &[Vec<&'g Glyph>],
    segments: &[Segment],
    d: u16,
    dir: u16,
    outside: &mut Vec<&'g Glyph>,
    budget: &mut Budget,
) -> Result<Option<(Table, Vec<Guess>)>, Stop> {
    budget
        .layout_steps
        .take(segments.len())
        .map_err(|exceeded| Stop::Limit {
            subject: "the file".into(),
            exceeded,
        })?;
    let area = lattice.bbox();
    let margin = 2.0 * SNAP;
    let near = |x: f64, y: f64| {
        x >= area.x0 - margin
            && x <= area.x1 + margin
            && y >= area.y0 - margin
            && y <= area.y1 + margin
    };
    let segments: Vec<Segment> = segments
        .iter()
        .filter(|s| near(s.x0, s.y0) && near(s.x1, s.y1))
        .map(|s| turned_segment(s, d))
        .collect();
    let originals: Vec<&'g Glyph> = glyphs.iter().flatten().copied().collect();
    let turned_glyphs: Vec<Glyph> = originals.iter().map(|g| turned(g, d)).collect();
    let all: Vec<&Glyph> = turned_glyphs.iter().collect();
    let own = find_tables(&segments, &all, budget)?
        .into_iter()
        .max_by(|a, b| {
            let (ra, rb) = (a.bbox(), b.bbox());
            (ra.width() * ra.height()).total_cmp(&(rb.width() * rb.height()))
        });
    let Some(own) = own else {
        return Ok(None);
    };
    let mut in_cell: Vec<Vec<&Glyph>> = vec![Vec::new(); own.cells.len()];
    for (g, original) in turned_glyphs.iter().zip(originals) {
        let (cx, cy) = g.bbox.centre();
        match own.cell_at(cx, cy) {
            Some(c) => in_cell[c].push(g),
            None => outside.push(original),
        }
    }
    let to_display = |r: &Rect| display_box(&r.turned(|p| turn_back(d, p)), dir);
    Ok(Some(table(&own, in_cell, &to_display)))
}

/// A cell's text, read in the direction most of its glyphs share: a cell whose text is
/// written turned (a column heading set vertically) reads as one line, not a glyph a line.
fn text_of_cell(glyphs: Vec<&Glyph>, rect: &Rect) -> CellText {
    let d = reading_direction(glyphs.iter().copied());
    if d == 0 {
        return cell_text(&lines(glyphs), rect);
    }
    let turned_glyphs: Vec<Glyph> = glyphs.iter().map(|g| turned(g, d)).collect();
    let rect = rect.turned(|p| turn(d, p));
    cell_text(&lines(turned_glyphs.iter().collect()), &rect)
}

/// `to_display` maps a box of the lattice's frame to display space. Returns the table and the
/// line ends its cells' text only guessed (page 0: the caller knows the page).
fn table(
    lattice: &Lattice,
    glyphs: Vec<Vec<&Glyph>>,
    to_display: &dyn Fn(&Rect) -> [f64; 4],
) -> (Table, Vec<Guess>) {
    let mut guesses = Vec::new();
    let cells = lattice
        .cells
        .iter()
        .zip(glyphs)
        .map(|(c, g)| {
            let CellText {
                text,
                guesses: found,
            } = text_of_cell(g, &c.rect);
            let bbox = to_display(&c.rect);
            guesses.extend(found.into_iter().map(|what| Guess {
                page: 0,
                row: c.row,
                col: c.col,
                bbox,
                what,
            }));
            Cell {
                row: c.row,
                col: c.col,
                rowspan: c.rowspan,
                colspan: c.colspan,
                text,
                bbox: Some(bbox),
                cell_ref: None,
            }
        })
        .collect();
    let table = Table {
        rows: lattice.rows(),
        cols: lattice.cols(),
        cells,
    };
    (table, guesses)
}
