//! PDF reader: PDF bytes → [`Grid`] (DESIGN §2, §6).
//!
//! Layers, each in its own module, named after the chapters of PDF 32000-1:2008 they follow:
//! `objects` (§7 syntax, on lopdf), `filters` (§7.4: stream data decoded, and whether to its
//! end), `fonts` (§9.5–§9.10), `structure` (§14.7 logical
//! structure: the parent tree), `graphics` (§8 and §9.3–§9.4: the
//! content-stream interpreter that yields positioned glyphs and line segments), `layout`
//! (rulings → lattices → cell text; not in the specification) and this module, which
//! assembles pages. What a reader sees is reported as a [`Grid`] and a [`Coverage`] count;
//! meaning (headers, fill-down) is the normalizer's job.
//!
//! Every file is read within a `budget` of work (DESIGN §7; each allowance is declared beside
//! the code it bounds), and content that cannot be decoded completely is an error or, under
//! [`OnDamage::Warn`], a [`Damage`] finding with the rest read as far as it goes.
//!
//! Of tagged-PDF structure it reads only which element each glyph belongs to (`structure`),
//! to tell a line break from a wrap; it does not read annotations or form fields, and it does
//! not render: tables are found from drawn lines only. lopdf types never leave this module.

mod budget;
mod filters;
mod fonts;
mod geom;
mod graphics;
mod layout;
mod objects;
mod structure;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::grid::{Cell, Grid, Page, Table, TextBlock};
use crate::read::OnDamage;
use budget::{Budget, Exceeded, Stop};
use geom::{turn, turn_back, Matrix, Rect};
use graphics::{Drawn, Glyph, InterpError, Interpreter, Segment};
use layout::lattice::{grouping_work, lattices, Lattice, TextIndex, MAX_PAGE_SLOTS};
use layout::rulings::{rulings, SNAP};
use layout::text::{cell_text, lines, paragraph_text, paragraphs, split_line, CellText};
use objects::{deref, dict_of, get, num, rect_of};
use structure::ParentTree;

/// Decompressed streams of one file may total at most this many bytes.
const MAX_DECOMPRESSED: usize = 256 * 1024 * 1024;
/// Page-tree inheritance (`/Parent`) is followed at most this deep.
const MAX_TREE_DEPTH: usize = 64;
/// Most indirect objects a file may hold. The 1.20 fixture has a few hundred; a catalog of a
/// thousand pages would have tens of thousands. Bounds the work a crafted file can ask for.
const MAX_OBJECTS: usize = 2_000_000;
/// Text outside tables on one baseline is split into blocks where glyphs are more than this
/// many font sizes apart.
const BLOCK_GAP: f64 = 3.0;

/// How many glyphs the reader saw and where they went. Spaces are not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Visible glyphs drawn.
    pub glyphs: usize,
    /// Visible glyphs placed in a cell or an outside text block.
    pub placed: usize,
    /// Glyphs not drawn because they fall outside the clipping path.
    pub clipped: usize,
    /// Streams or objects that could not be decoded completely (read under
    /// [`OnDamage::Warn`]): their glyphs are lost and not in `glyphs`.
    pub undecoded: usize,
}

impl Coverage {
    /// Whether every glyph of the file was read and placed.
    pub fn is_complete(&self) -> bool {
        self.placed == self.glyphs && self.undecoded == 0
    }
}

/// Content of a page that could not be read completely, found under [`OnDamage::Warn`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub page: u32,
    /// What is damaged and how: "content stream 12 0 R cannot be decoded (…)".
    pub what: String,
}

impl Damage {
    /// The warning `grid` shows for it.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            at: Location::page(file, self.page),
            message: format!("{}; read as far as it goes", self.what),
            corrected: None,
        }
    }
}

/// Character codes of one font on one page that no mapping gives text for, found under
/// [`OnDamage::Warn`]: each glyph reads as U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub page: u32,
    pub font: String,
    /// The code as the content shows it: `<0017>`.
    pub code: String,
    /// Glyphs of that code on the page.
    pub count: usize,
}

impl Unmapped {
    /// The warning `grid` shows for it.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        let times = match self.count {
            1 => String::new(),
            n => format!(" ({n} glyphs)"),
        };
        Diagnostic {
            severity: Severity::Warning,
            at: Location::page(file, self.page),
            message: format!(
                "font {}: character code {} has no Unicode mapping; read as U+FFFD{times}",
                self.font, self.code
            ),
            corrected: None,
        }
    }
}

/// A line end in a table cell that the reader could only guess (a full line before a list
/// marker, a note or after a caption, with no tags to decide), said in a sentence: a note for
/// `lint` beside the grid, not part of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    pub page: u32,
    /// The cell's top-left slot (0-based) and its box, as in the grid.
    pub row: usize,
    pub col: usize,
    pub bbox: [f64; 4],
    pub what: String,
}

impl Guess {
    /// The note `lint` shows for it.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::new(
            Severity::Note,
            Location::table_cell(file, self.page, self.row, self.col, Some(self.bbox)),
            self.what.clone(),
        )
    }
}

/// A PDF as read: its grid, the coverage account, the damage found and the codes that could
/// not be read as text (both empty under [`OnDamage::Refuse`], where they are errors), and the
/// line ends only guessed.
#[derive(Debug)]
pub struct PdfRead {
    pub grid: Grid,
    pub coverage: Coverage,
    pub damage: Vec<Damage>,
    pub unmapped: Vec<Unmapped>,
    pub guesses: Vec<Guess>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{file}: not a readable PDF: {detail}")]
    Unreadable { file: String, detail: String },
    #[error("{file}: the PDF needs a password")]
    NeedsPassword { file: String },
    #[error("{file}: the PDF has no pages")]
    NoPages { file: String },
    #[error("{file}: page {page} has no text layer")]
    NoTextLayer { file: String, page: u32 },
    #[error("{file}: page {page}: {detail}")]
    Content {
        file: String,
        page: u32,
        detail: String,
    },
    #[error("{file}: page {page}: font {font}: {detail}")]
    Font {
        file: String,
        page: u32,
        font: String,
        detail: String,
    },
    #[error("{file}: page {page}: font {font}: character code {code} has no Unicode mapping")]
    Unmapped {
        file: String,
        page: u32,
        font: String,
        code: String,
    },
    #[error("{file}: page {page}: form XObjects are nested more than {max} deep")]
    TooDeep { file: String, page: u32, max: usize },
    #[error("{file}: page {page}: {what}")]
    Damaged {
        file: String,
        page: u32,
        what: String,
    },
    #[error("{file}: page {page}: {subject} {exceeded}")]
    Limit {
        file: String,
        page: u32,
        subject: String,
        exceeded: String,
    },
}

/// Reads a PDF's pages into a [`Grid`]: bordered tables as lattices of cells, other text as
/// lines. `file` names the file in messages. Content that cannot be decoded completely is an
/// error.
pub fn read_pdf(file: &str, bytes: &[u8]) -> Result<(Grid, Coverage), PdfError> {
    let read = read_pdf_with(file, bytes, OnDamage::Refuse)?;
    Ok((read.grid, read.coverage))
}

/// [`read_pdf`], with damaged content handled as `on_damage` says.
pub fn read_pdf_with(file: &str, bytes: &[u8], on_damage: OnDamage) -> Result<PdfRead, PdfError> {
    read_within(
        file,
        bytes,
        Budget::new(MAX_DECOMPRESSED).with_policy(on_damage),
    )
}

/// Reads a PDF within `budget` (tests give smaller allowances than the file's).
fn read_within(file: &str, bytes: &[u8], mut budget: Budget) -> Result<PdfRead, PdfError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_DECOMPRESSED),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => {
            PdfError::NeedsPassword { file: file.into() }
        }
        other => PdfError::Unreadable {
            file: file.into(),
            detail: short_reason(&other),
        },
    })?;
    if doc.objects.len() > MAX_OBJECTS {
        return Err(PdfError::Unreadable {
            file: file.into(),
            detail: format!(
                "it holds {} objects, more than the limit of {MAX_OBJECTS}",
                doc.objects.len()
            ),
        });
    }
    // lopdf decrypts with the empty user password by itself; a file that is still encrypted
    // after loading needs a real one.
    if doc.trailer.get(b"Encrypt").is_ok() && !doc.was_encrypted() {
        return Err(PdfError::NeedsPassword { file: file.into() });
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages { file: file.into() });
    }
    let mut cache = graphics::Cache::default();
    let tree = ParentTree::load(&doc);
    // Whether an earlier page showed the structure following the text's runs.
    let mut structure_seen = false;
    let mut grid = Grid { pages: Vec::new() };
    let mut coverage = Coverage::default();
    let mut damage = Vec::new();
    let mut unmapped = Vec::new();
    let mut guesses = Vec::new();
    for (&number, &id) in &pages {
        let context = graphics::File {
            doc: &doc,
            tree: &tree,
            budget: &mut budget,
            cache: &mut cache,
        };
        let (page, cov, codes) =
            read_page(file, context, &mut structure_seen, number, id, &mut guesses)?;
        unmapped.extend(
            codes
                .into_iter()
                .map(|((font, code, len), count)| Unmapped {
                    page: number,
                    font,
                    code: code_text(code, len),
                    count,
                }),
        );
        let found = budget.take_damage();
        coverage.undecoded += found.len();
        damage.extend(found.into_iter().map(|what| Damage { page: number, what }));
        grid.pages.push(page);
        coverage.glyphs += cov.glyphs;
        coverage.placed += cov.placed;
        coverage.clipped += cov.clipped;
    }
    Ok(PdfRead {
        grid,
        coverage,
        damage,
        unmapped,
        guesses,
    })
}

/// A character code as a content stream's hexadecimal string shows it: `<0017>`.
fn code_text(code: u32, len: u8) -> String {
    format!("<{:0width$X}>", code, width = 2 * len as usize)
}

fn short_reason(e: &lopdf::Error) -> String {
    match e {
        lopdf::Error::Parse(_) => "the file is damaged or not a PDF".into(),
        lopdf::Error::IO(_) => "the file is truncated".into(),
        lopdf::Error::Decompress(_) => "a stream cannot be decompressed".into(),
        lopdf::Error::Xref(_) | lopdf::Error::MissingXrefEntry | lopdf::Error::InvalidOffset(_) => {
            "its cross-reference table is damaged".into()
        }
        _ => "its structure is damaged".into(),
    }
}

/// A page attribute, looked up the page tree when the page itself lacks it (§7.7.3.4).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get(doc, node, b"Parent").and_then(dict_of)?;
    }
    None
}

/// The matrix from default user space to display space (points, origin at the top left of
/// the visible page, y down), honouring /CropBox (within /MediaBox) and /Rotate (§7.7.3.3).
fn display_matrix(doc: &Document, page: &Dictionary) -> (Matrix, Rect) {
    let media = inherited(doc, page, b"MediaBox")
        .and_then(|o| rect_of(doc, o))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = inherited(doc, page, b"CropBox")
        .and_then(|o| rect_of(doc, o))
        .unwrap_or(media);
    let [x0, y0, x1, y1] = [
        crop[0].max(media[0]),
        crop[1].max(media[1]),
        crop[2].min(media[2]),
        crop[3].min(media[3]),
    ];
    let [x0, y0, x1, y1] = if x0 < x1 && y0 < y1 {
        [x0, y0, x1, y1]
    } else {
        media
    };
    let rotate = inherited(doc, page, b"Rotate").and_then(num).unwrap_or(0.0) as i64;
    let (w, h) = (x1 - x0, y1 - y0);
    match rotate.rem_euclid(360) {
        90 => (
            Matrix::new(0.0, 1.0, 1.0, 0.0, -y0, -x0),
            Rect::new(0.0, 0.0, h, w),
        ),
        180 => (
            Matrix::new(-1.0, 0.0, 0.0, 1.0, x1, -y0),
            Rect::new(0.0, 0.0, w, h),
        ),
        270 => (
            Matrix::new(0.0, -1.0, -1.0, 0.0, y1, x1),
            Rect::new(0.0, 0.0, h, w),
        ),
        _ => (
            Matrix::new(1.0, 0.0, 0.0, -1.0, -x0, y1),
            Rect::new(0.0, 0.0, w, h),
        ),
    }
}

/// Interprets one page's content streams.
fn draw_page(file: graphics::File<'_>, id: ObjectId) -> Result<Drawn, InterpError> {
    let doc = file.doc;
    let page = doc
        .get_dictionary(id)
        .map_err(|_| InterpError::Content("the page object is missing".into()))?;
    let (ctm, visible) = display_matrix(doc, page);
    let resources = inherited(doc, page, b"Resources").and_then(dict_of);
    let entries: Vec<&Object> = match page.get(b"Contents") {
        Err(_) => Vec::new(),
        Ok(entry) => match deref(doc, entry) {
            Object::Array(parts) => parts.iter().collect(),
            _ => vec![entry],
        },
    };
    let mut data = Vec::new();
    let mut names = Vec::new();
    let before = file.budget.damage_count();
    for entry in entries {
        let name = match entry {
            Object::Reference(r) => format!("content stream {} {} R", r.0, r.1),
            _ => "the page's content stream".to_string(),
        };
        match doc.dereference(entry) {
            Ok((_, Object::Stream(s))) => {
                let bytes = file.budget.decode(s, &|| name.clone())?;
                data.extend_from_slice(&bytes);
                // §7.8.2: content streams of one page are read as if concatenated, split at
                // token boundaries.
                data.push(b'\n');
            }
            // §7.3.9: null is no object at all.
            Ok((_, Object::Null)) => {}
            Ok(_) => file.budget.damage(format!("{name} is not a stream"))?,
            Err(_) => file.budget.damage(format!("{name} is missing"))?,
        }
        names.push(name);
    }
    let struct_parents = match page.get(b"StructParents").map(|o| deref(doc, o)) {
        Ok(Object::Integer(key)) => Some(*key),
        _ => None,
    };
    let name = match names.as_slice() {
        [one] => one.clone(),
        _ => names.join(", "),
    };
    let partial = file.budget.damage_count() > before;
    let program =
        graphics::Program::new(data, name, partial).map_err(|exceeded| InterpError::Limit {
            subject: "the page's content".into(),
            exceeded,
        })?;
    let mut interp = Interpreter::new(file, ctm, visible, struct_parents);
    interp.run(&program, resources, 0)?;
    Ok(interp.finish())
}

/// What [`graphics::Drawn::unmapped`] counts.
type UnmappedCodes = std::collections::BTreeMap<(String, u32, u8), usize>;

fn read_page(
    file: &str,
    mut context: graphics::File<'_>,
    structure_seen: &mut bool,
    number: u32,
    id: ObjectId,
    guesses: &mut Vec<Guess>,
) -> Result<(Page, Coverage, UnmappedCodes), PdfError> {
    let mut drawn = draw_page(context.reborrow(), id).map_err(|e| {
        let (file, page) = (file.to_string(), number);
        match e {
            InterpError::Font { font, detail } => PdfError::Font {
                file,
                page,
                font,
                detail,
            },
            InterpError::Unmapped { font, code, len } => {
                let code = code_text(code, len);
                PdfError::Unmapped {
                    file,
                    page,
                    font,
                    code,
                }
            }
            InterpError::Content(detail) => PdfError::Content { file, page, detail },
            InterpError::TooDeep => PdfError::TooDeep {
                file,
                page,
                max: graphics::MAX_FORM_DEPTH,
            },
            InterpError::Limit { subject, exceeded } => PdfError::Limit {
                file,
                page,
                subject,
                exceeded: exceeded.to_string(),
            },
            InterpError::Damaged(what) => PdfError::Damaged { file, page, what },
        }
    })?;
    if drawn.glyphs.iter().all(|g| g.space) && drawn.images > 0 {
        return Err(PdfError::NoTextLayer {
            file: file.into(),
            page: number,
        });
    }
    structure::keep_if_informative(&mut drawn.glyphs, structure_seen);
    let (page, placed) =
        assemble(number, &drawn, context.budget, guesses).map_err(|stop| match stop {
            Stop::Limit { subject, exceeded } => PdfError::Limit {
                file: file.into(),
                page: number,
                subject,
                exceeded: exceeded.to_string(),
            },
            Stop::Damaged(what) => PdfError::Damaged {
                file: file.into(),
                page: number,
                what,
            },
        })?;
    let glyphs = drawn.glyphs.iter().filter(|g| !g.space).count();
    Ok((
        page,
        Coverage {
            glyphs,
            placed,
            clipped: drawn.clipped,
            undecoded: 0,
        },
        drawn.unmapped,
    ))
}

/// Builds a page of the grid from what was drawn; returns it with the number of non-space
/// glyphs placed.
///
/// A page whose visible text mostly runs in one direction other than left to right (a table
/// drawn rotated, under a CTM of a quarter turn) is laid out turned so that this text does;
/// rows, columns and lines are then those of the table as it reads, and boxes are turned back
/// into display space. Within that frame, a table or outside text written in yet another
/// direction is read in its own (see `lay_out`).
fn assemble(
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

/// The writing direction most non-space glyphs share, or 0 when no direction has a majority.
fn reading_direction<'g>(glyphs: impl IntoIterator<Item = &'g Glyph>) -> u16 {
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

fn turned_segment(s: &Segment, dir: u16) -> Segment {
    let (x0, y0) = turn(dir, (s.x0, s.y0));
    let (x1, y1) = turn(dir, (s.x1, s.y1));
    Segment { x0, y0, x1, y1 }
}

/// A glyph in the frame turned by `dir` (see [`turn`]).
fn turned(g: &Glyph, dir: u16) -> Glyph {
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
fn display_box(r: &Rect, dir: u16) -> [f64; 4] {
    if dir == 0 {
        r.to_array()
    } else {
        r.turned(|p| turn_back(dir, p)).to_array()
    }
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

#[cfg(test)]
mod tests;
