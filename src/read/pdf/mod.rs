//! PDF reader: PDF bytes → [`Grid`] (DESIGN §2, §6).
//!
//! Layers, lowest first, each in its own module and named after the chapters of PDF
//! 32000-1:2008 they follow: `objects` (§7.3–§7.4 syntax on lopdf, stream filters, and the
//! file's work `budget` that every decoded stream is charged against), `fonts` (§9.5–§9.10),
//! `structure` (§14.7 logical structure: the parent tree), `graphics` (§8 and §9.3–§9.4: the
//! content-stream interpreter), `page` (§7.7.3: a page object's display matrix and content,
//! run through the interpreter), `drawn` (what the interpreter yields: positioned glyphs and
//! line segments), `layout` (drawn → rulings → lattices → cells and text; not in the
//! specification; it reads `drawn`, never `graphics`) and this module, which reads the file
//! page by page. What a reader sees is reported as a [`Grid`] and a [`Coverage`] count
//! (`report`); meaning (headers, fill-down) is the normalizer's job.
//!
//! Every file is read within a `budget` of work (DESIGN §7; each allowance is declared beside
//! the code it bounds), and content that cannot be decoded completely is an error or, under
//! [`OnDamage::Warn`], a [`Damage`] finding with the rest read as far as it goes.
//!
//! Of tagged-PDF structure it reads only which element each glyph belongs to (`structure`),
//! to tell a line break from a wrap; it does not read annotations or form fields, and it does
//! not render: tables are found from drawn lines only. lopdf types never leave this module.

mod chars;
mod drawn;
mod fonts;
mod geom;
mod graphics;
mod layout;
mod objects;
mod page;
mod report;
mod structure;

pub use report::{Coverage, Damage, Guess, PdfError, PdfRead, Unmapped};

use std::borrow::Cow;

use lopdf::ObjectId;

use crate::grid::{Grid, Page};
use crate::read::OnDamage;
use drawn::UnmappedCodes;
use graphics::InterpError;
use layout::page::assemble;
use objects::{Budget, Stop};
use structure::ParentTree;

#[doc(hidden)]
pub use objects::check_against_lopdf;

/// Decompressed streams of one file may total at most this many bytes.
const MAX_DECOMPRESSED: usize = 256 * 1024 * 1024;
/// Most indirect objects a file may hold, structure elements aside (`objects::load` drops them
/// as it reads them). The 1.20 fixture has a few hundred; the 631-page catalog of
/// `scripts/bench.sh` has 2,000 besides its 43,750 elements. Bounds the work a crafted file can
/// ask for.
const MAX_OBJECTS: usize = 2_000_000;

/// Reads a PDF's pages into a [`Grid`]: bordered tables as lattices of cells, other text as
/// lines. `file` names the file in messages. Content that cannot be decoded completely is an
/// error.
pub fn read_pdf(file: &str, bytes: &[u8]) -> Result<(Grid, Coverage), PdfError> {
    let read = read_pdf_with(file, bytes, OnDamage::Refuse)?;
    Ok((read.grid, read.coverage))
}

/// [`read_pdf`], with damaged content handled as `on_damage` says. Bytes given by value (a
/// `Vec<u8>`) are freed as soon as the file's objects are loaded, before its pages are read:
/// lopdf copies out what it keeps, and the file need not stay in memory beside it.
pub fn read_pdf_with<'b>(
    file: &str,
    bytes: impl Into<Cow<'b, [u8]>>,
    on_damage: OnDamage,
) -> Result<PdfRead, PdfError> {
    read_within(
        file,
        bytes.into(),
        Budget::new(MAX_DECOMPRESSED).with_policy(on_damage),
    )
}

/// Reads a PDF within `budget` (tests give smaller allowances than the file's).
fn read_within(file: &str, bytes: Cow<'_, [u8]>, mut budget: Budget) -> Result<PdfRead, PdfError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_DECOMPRESSED),
        ..Default::default()
    };
    let mut doc = objects::load(&bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => {
            PdfError::NeedsPassword { file: file.into() }
        }
        other => PdfError::Unreadable {
            file: file.into(),
            detail: short_reason(&other),
        },
    })?;
    drop(bytes);
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
    let tree = ParentTree::take(&mut doc);
    // The cross-reference table served the load; reading looks objects up by number.
    doc.reference_table.entries.clear();
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

fn read_page(
    file: &str,
    mut context: graphics::File<'_>,
    structure_seen: &mut bool,
    number: u32,
    id: ObjectId,
    guesses: &mut Vec<Guess>,
) -> Result<(Page, Coverage, UnmappedCodes), PdfError> {
    let mut drawn = page::draw_page(context.reborrow(), id).map_err(|e| {
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
    layout::tagged::keep_if_informative(&mut drawn.glyphs, structure_seen);
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

#[cfg(test)]
mod tests;
