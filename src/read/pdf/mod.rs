//! PDF reader: PDF bytes → [`Grid`] (DESIGN §2, §6).
//!
//! Layers, lowest first, each in its own module and named after the chapters of PDF
//! 32000-1:2008 they follow: `objects` (§7.3–§7.4 syntax on lopdf, stream filters, and the
//! file's work `budget` that every decoded stream is charged against), `fonts` (§9.5–§9.10),
//! `structure` (§14.7 logical structure: the parent tree), `graphics` (§8 and §9.3–§9.4: the
//! content-stream interpreter), `page` (§7.7.3: a page object's display matrix and content,
//! run through the interpreter), `drawn` (what the interpreter yields: positioned glyphs and
//! line segments), `layout` (drawn → rulings → lattices → cells and text; not in the
//! specification; it reads `drawn`, never `graphics`), `pages` (the pages read in page order,
//! on several threads when the machine has them, with one thread's result) and this module,
//! which loads the file. What a reader sees is reported as a [`Grid`] and a [`Coverage`] count
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
mod pages;
mod report;
mod structure;

pub use report::{Coverage, Damage, Guess, PdfError, PdfRead, Unmapped};

use std::borrow::Cow;

use crate::grid::Grid;
use crate::read::OnDamage;
use objects::Budget;
use structure::ParentTree;

#[doc(hidden)]
pub use objects::check_against_lopdf;

/// Decompressed streams of one file may total at most this many bytes.
const MAX_DECOMPRESSED: usize = 256 * 1024 * 1024;
/// Most indirect objects a file may hold. The 1.20 fixture has a few hundred; a catalog of a
/// thousand pages would have tens of thousands. Bounds the work a crafted file can ask for.
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
    read_pdf_on_threads(file, bytes, on_damage, crate::parallel::cores())
}

/// [`read_pdf_with`] on `threads` threads (at least one): the result is the same for any
/// number. For tests and benchmarks; the other readers use the machine's parallelism, or
/// `OQS_THREADS` when it is set.
#[doc(hidden)]
pub fn read_pdf_on_threads<'b>(
    file: &str,
    bytes: impl Into<Cow<'b, [u8]>>,
    on_damage: OnDamage,
    threads: usize,
) -> Result<PdfRead, PdfError> {
    read_within(
        file,
        bytes.into(),
        Budget::new(MAX_DECOMPRESSED).with_policy(on_damage),
        threads,
    )
}

/// Reads a PDF within `budget` (tests give smaller allowances than the file's) on at most
/// `threads` threads.
fn read_within(
    file: &str,
    bytes: Cow<'_, [u8]>,
    budget: Budget,
    threads: usize,
) -> Result<PdfRead, PdfError> {
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
    let tree = ParentTree::take(&mut doc);
    // The cross-reference table served the load; reading looks objects up by number.
    doc.reference_table.entries.clear();
    let source = pages::Source {
        file,
        doc: &doc,
        tree: &tree,
        pages: pages.into_iter().collect(),
    };
    pages::read(&source, &budget, threads)
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

#[cfg(test)]
mod tests;
