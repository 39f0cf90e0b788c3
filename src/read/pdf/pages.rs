//! The pages of one file, read in page order on the calling thread or on several threads,
//! with the same result either way.
//!
//! Input: the loaded document, its parent tree, the file's [`Budget`] (allowances and damage
//! policy) and a number of threads. Output: the [`PdfRead`] of the file, or the first error
//! in page order: exactly what one thread reading page after page gives (DESIGN §6, output
//! deterministic; the tests in tests/it/pdf_reader/threads.rs compare one thread with
//! several). It does not load the document or lay out a page itself.
//!
//! Three things tie a page to the pages before it, and each is settled in page order:
//! - The file's allowances are cumulative (DESIGN §7). A page read on a worker counts its
//!   own work, within a share of each allowance (`worker_start`); the calling thread then
//!   adds the pages' counts in page order and takes a page only if the file stays within
//!   every allowance with it. A page that would pass one, or that failed (perhaps only its
//!   share), is read again on the calling thread with exactly the budget one thread would
//!   have had, and so are all pages after it: the error, its subject and its limit are one
//!   thread's. A hostile file thus costs at most about twice the work one thread spends on
//!   it, and no more memory.
//! - Fonts, forms and colour spaces are decoded once per thread (`graphics::Cache`), but the
//!   file pays for each, and reports its damage, on the first page in page order that uses
//!   it, as one thread would.
//! - Whether the file's structure links are worth following (`layout::tagged`) is an OR over
//!   the page and the pages before it: a page whose own test fails waits until the pages
//!   before it have been interpreted (each tells right after its interpretation, or when it
//!   fails, so the wait ends).

use std::collections::HashSet;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use lopdf::{Document, ObjectId};

use super::drawn::{Drawn, UnmappedCodes};
use super::graphics::{self, Cache, InterpError};
use super::layout::{self, page::assemble};
use super::objects::{Budget, Key, PageLog, Usage};
use super::structure::ParentTree;
use super::{code_text, Coverage, Damage, Guess, PdfError, PdfRead, Unmapped};
use crate::grid::{Grid, Page};

/// At most this many threads read one file: beyond it the pages' shared work (loading the
/// document, accounting) dominates, and each thread keeps a cache of its own.
const MAX_THREADS: usize = 8;
/// Pages a thread may read ahead of the first page not yet accounted: bounds the pages held
/// at once (each page's drawing is released once its grid is built, so a page waiting to be
/// accounted holds only its grid and what it found).
const AHEAD: usize = 2;

/// The file being read.
pub(super) struct Source<'a> {
    /// The file's name, for messages.
    pub file: &'a str,
    pub doc: &'a Document,
    pub tree: &'a ParentTree,
    /// Page numbers and objects, in page order.
    pub pages: Vec<(u32, ObjectId)>,
}

/// Reads every page of `source` within `budget` on at most `threads` threads.
pub(super) fn read(source: &Source, budget: &Budget, threads: usize) -> Result<PdfRead, PdfError> {
    let mut ledger = Ledger::new(budget);
    let threads = threads.clamp(1, MAX_THREADS).min(source.pages.len());
    let from = if threads > 1 {
        in_parallel(source, &mut ledger, threads)?
    } else {
        0
    };
    // The rest on this thread, each page within what the pages before it left.
    let mut cache = Cache::prepaid(&ledger.paid);
    for index in from..source.pages.len() {
        let mut page_budget = budget.resumed(ledger.used);
        let seen = ledger.seen;
        let record = read_one(source, index, &mut page_budget, &mut cache, &mut |own| {
            seen || own
        });
        ledger.account(source.pages[index].0, record, None)?;
    }
    Ok(ledger.out)
}

/// Reads pages on `threads` workers while this thread accounts them in page order. Returns
/// how many pages it accounted; the caller reads the rest (none, unless a page had to be
/// read again as one thread would).
fn in_parallel(source: &Source, ledger: &mut Ledger, threads: usize) -> Result<usize, PdfError> {
    let n = source.pages.len();
    let board = Board::new(n, threads * AHEAD);
    let template = ledger.budget;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| work(source, &board, template, threads));
        }
        let mut index = 0;
        let outcome = loop {
            if index == n {
                break Ok(n);
            }
            // None: a worker panicked; the scope raises its panic once the others stop.
            let Some(record) = board.take(index) else {
                break Ok(index);
            };
            match ledger.account(source.pages[index].0, record, Some(threads)) {
                Ok(true) => index += 1,
                Ok(false) => break Ok(index),
                Err(e) => break Err(e),
            }
        };
        board.stop();
        outcome
    })
}

/// What a worker's page counts as used before it starts: all but a `threads`-th part of each
/// allowance.
///
/// Memory: the pages read at once may together ask for no more than one page read alone
/// could (the allowances bound memory as well as time, DESIGN §7). A page that needs more is
/// read again on the calling thread with what the file has left.
///
/// Decompressed bytes: a page decodes each stream within what is left of the allowance (each
/// filter's output is bounded by it, `objects::filters`), so a stream that fits a worker's
/// page might not fit the page read after others. A worker's page is taken only while the
/// file, through that page, has used no more of the allowance than the worker counted as
/// used at its start: then one thread would have given each of the page's decodes at least
/// the room the worker gave it, and a decode's result does not depend on its room, only on
/// whether it fits.
fn worker_start(budget: &Budget, threads: usize) -> Usage {
    budget.all_but(threads)
}

/// A worker: claims pages in page order and reads each against a budget of its own.
fn work(source: &Source, board: &Board, template: &Budget, threads: usize) {
    let _report = PanicReport(board);
    let mut cache = Cache::default();
    let start = worker_start(template, threads);
    while let Some(index) = board.claim() {
        let mut budget = template.resumed(start);
        let record = read_one(source, index, &mut budget, &mut cache, &mut |own| {
            board.spans(index, own)
        });
        board.put(index, record);
    }
}

/// One page as read, before it is accounted.
struct Record {
    result: Result<PageRead, PdfError>,
    /// Whether some structure element of the page holds glyphs on two lines
    /// (`layout::tagged::spans_lines`); false for a page that failed first.
    spans: bool,
    /// What the page's budget counted, including what it decoded for its cache.
    used: Usage,
    log: PageLog,
}

/// What a page gave.
struct PageRead {
    page: Page,
    coverage: Coverage,
    codes: UnmappedCodes,
    guesses: Vec<Guess>,
}

/// Reads page `index` within `budget`. `seen` is told whether the page's own structure spans
/// lines and answers whether it or a page before it does.
fn read_one(
    source: &Source,
    index: usize,
    budget: &mut Budget,
    cache: &mut Cache,
    seen: &mut dyn FnMut(bool) -> bool,
) -> Record {
    let (number, id) = source.pages[index];
    let start = budget.usage();
    let mut spans = false;
    let context = graphics::File {
        doc: source.doc,
        tree: source.tree,
        budget,
        cache,
    };
    let result = read_page(source.file, context, number, id, &mut |own| {
        spans = own;
        seen(own)
    });
    Record {
        result,
        spans,
        used: budget.usage().minus(start),
        log: budget.take_log(),
    }
}

/// The pages accounted so far, in page order, and what they add up to.
struct Ledger<'a> {
    /// The file's allowances.
    budget: &'a Budget,
    /// What the pages accounted counted, as one thread would have counted it.
    used: Usage,
    /// The cached objects they used (and paid for).
    paid: HashSet<Key>,
    /// Whether one of them showed structure spanning lines.
    seen: bool,
    out: PdfRead,
}

impl<'a> Ledger<'a> {
    fn new(budget: &'a Budget) -> Ledger<'a> {
        Ledger {
            budget,
            used: Usage::default(),
            paid: HashSet::new(),
            seen: false,
            out: PdfRead {
                grid: Grid { pages: Vec::new() },
                coverage: Coverage::default(),
                damage: Vec::new(),
                unmapped: Vec::new(),
                guesses: Vec::new(),
            },
        }
    }

    /// Takes the next page in page order: true when taken, false when it must be read
    /// again as one thread would, or its error. `workers` is how many workers read it (see
    /// [`worker_start`]), None when it was read as one thread reads it: then it is taken.
    fn account(
        &mut self,
        number: u32,
        record: Record,
        workers: Option<usize>,
    ) -> Result<bool, PdfError> {
        let read = match record.result {
            Ok(read) => read,
            // A worker's page may fail where one thread would not, or fail otherwise: with
            // another allowance first, on work one thread would not have redone.
            Err(_) if workers.is_some() => return Ok(false),
            Err(e) => return Err(e),
        };
        // What one thread would have counted: not the decoding of objects a page before
        // used, but the decoding of those this page is the first to use.
        let mut used = record.used;
        for u in &record.log.uses {
            if u.decoded {
                used = used.minus(u.cost.used);
            }
            if !self.paid.contains(&u.key) {
                used = used.plus(u.cost.used);
            }
        }
        let total = self.used.plus(used);
        // Each allowance is passed only once its count exceeds its maximum, so a page whose
        // total stays within every one passed none along the way (and see `worker_start`).
        if let Some(threads) = workers {
            let start = worker_start(self.budget, threads);
            if total.decoded() > start.decoded() || !self.budget.allows(total) {
                return Ok(false);
            }
        }
        self.used = total;
        self.seen |= record.spans;
        // The page's damage in the order one thread finds it: an object's damage where the
        // page first used it, when no page before did.
        let mut own = record.log.damage.into_iter();
        let mut found = Vec::new();
        let mut taken = 0;
        for u in record.log.uses {
            found.extend(own.by_ref().take(u.after - taken));
            taken = u.after;
            if self.paid.insert(u.key) {
                found.extend(u.cost.damage.iter().cloned());
            }
        }
        found.extend(own);
        let out = &mut self.out;
        out.unmapped.extend(
            read.codes
                .into_iter()
                .map(|((font, code, len), count)| Unmapped {
                    page: number,
                    font,
                    code: code_text(code, len),
                    count,
                }),
        );
        out.coverage.undecoded += found.len();
        out.damage
            .extend(found.into_iter().map(|what| Damage { page: number, what }));
        out.grid.pages.push(read.page);
        out.guesses.extend(read.guesses);
        out.coverage.glyphs += read.coverage.glyphs;
        out.coverage.placed += read.coverage.placed;
        out.coverage.clipped += read.coverage.clipped;
        Ok(true)
    }
}

/// What the workers and the accounting thread share.
struct Board {
    state: Mutex<State>,
    changed: Condvar,
    /// Pages a worker may claim beyond the first one not yet accounted.
    ahead: usize,
}

struct State {
    /// The next page to claim.
    next: usize,
    /// Pages accounted (taken by the accounting thread).
    accounted: usize,
    /// No more pages are to be read (the file failed, or is read on by one thread).
    stopped: bool,
    panicked: bool,
    /// Each page's own `spans`, once it is interpreted (or has failed).
    spans: Vec<Option<bool>>,
    /// How many leading pages' `spans` are known.
    known: usize,
    /// The first page known to span lines (the page count when none).
    first_spanning: usize,
    records: Vec<Option<Record>>,
}

impl Board {
    fn new(pages: usize, ahead: usize) -> Board {
        Board {
            state: Mutex::new(State {
                next: 0,
                accounted: 0,
                stopped: false,
                panicked: false,
                spans: vec![None; pages],
                known: 0,
                first_spanning: pages,
                records: (0..pages).map(|_| None).collect(),
            }),
            changed: Condvar::new(),
            ahead,
        }
    }

    // No code panics while holding the lock, so a poisoned lock's state is whole.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'g>(&self, guard: MutexGuard<'g, State>) -> MutexGuard<'g, State> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The next page to read, once it is within reach of the accounting; None when there
    /// is none or reading has stopped.
    fn claim(&self) -> Option<usize> {
        let mut s = self.lock();
        loop {
            if s.stopped || s.next >= s.records.len() {
                return None;
            }
            if s.next < s.accounted + self.ahead {
                s.next += 1;
                return Some(s.next - 1);
            }
            s = self.wait(s);
        }
    }

    /// Page `index`'s own `spans`; answers whether it or a page before it spans lines,
    /// waiting for the pages before it when it does not. Pages are claimed in page order
    /// and tell this before they wait themselves, so the earliest page waiting has nothing
    /// to wait for.
    fn spans(&self, index: usize, own: bool) -> bool {
        let mut s = self.lock();
        s.spans[index] = Some(own);
        if own {
            s.first_spanning = s.first_spanning.min(index);
        }
        while s.known < s.spans.len() && s.spans[s.known].is_some() {
            s.known += 1;
        }
        self.changed.notify_all();
        loop {
            if own || s.first_spanning < index {
                return true;
            }
            // Once stopped, the page's result is not used.
            if s.known >= index || s.stopped {
                return false;
            }
            s = self.wait(s);
        }
    }

    fn put(&self, index: usize, record: Record) {
        self.lock().records[index] = Some(record);
        self.changed.notify_all();
    }

    /// Page `index` once read (the pages before it are accounted); None if a worker
    /// panicked.
    fn take(&self, index: usize) -> Option<Record> {
        let mut s = self.lock();
        s.accounted = index;
        self.changed.notify_all();
        loop {
            if let Some(record) = s.records[index].take() {
                return Some(record);
            }
            if s.panicked {
                return None;
            }
            s = self.wait(s);
        }
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

/// Tells the board when its worker panics, so that no thread waits for it.
struct PanicReport<'a>(&'a Board);

impl Drop for PanicReport<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut s = self.0.lock();
            s.panicked = true;
            s.stopped = true;
            drop(s);
            self.0.changed.notify_all();
        }
    }
}

/// Reads one page: interprets it, tells `seen` whether its structure spans lines (once, also
/// when the page fails first) and lays it out.
fn read_page(
    file: &str,
    mut context: graphics::File<'_>,
    number: u32,
    id: ObjectId,
    seen: &mut dyn FnMut(bool) -> bool,
) -> Result<PageRead, PdfError> {
    let mut drawn = match draw(file, context.reborrow(), number, id) {
        Ok(drawn) => drawn,
        Err(e) => {
            seen(false);
            return Err(e);
        }
    };
    let seen = seen(layout::tagged::spans_lines(&drawn.glyphs));
    layout::tagged::keep_if_informative(&mut drawn.glyphs, seen);
    let mut guesses = Vec::new();
    let (page, placed) = assemble(number, &drawn, context.budget, &mut guesses)
        .map_err(|stop| page_error(file, number, stop.into()))?;
    let glyphs = drawn.glyphs.iter().filter(|g| !g.space).count();
    Ok(PageRead {
        page,
        coverage: Coverage {
            glyphs,
            placed,
            clipped: drawn.clipped,
            undecoded: 0,
        },
        codes: drawn.unmapped,
        guesses,
    })
}

/// Interprets one page; a page of images without text is an error.
fn draw(
    file: &str,
    context: graphics::File<'_>,
    number: u32,
    id: ObjectId,
) -> Result<Drawn, PdfError> {
    let drawn = super::page::draw_page(context, id).map_err(|e| page_error(file, number, e))?;
    if drawn.glyphs.iter().all(|g| g.space) && drawn.images > 0 {
        return Err(PdfError::NoTextLayer {
            file: file.into(),
            page: number,
        });
    }
    Ok(drawn)
}

/// Why page `page` of `file` could not be read, as the reader reports it.
fn page_error(file: &str, page: u32, e: InterpError) -> PdfError {
    let file = file.to_string();
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
}
