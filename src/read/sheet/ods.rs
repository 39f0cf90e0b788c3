//! OpenDocument spreadsheets (ODF 1.2 Part 1 §9, tables): `content.xml` → one [`RawSheet`]
//! per `table:table`, in document order.
//!
//! Rows and cells are placed by counting, repeats included (`table:number-rows-repeated`,
//! `table:number-columns-repeated`, §19.677, §19.675): a block of 10^9 empty rows moves the
//! position on and costs nothing, and what follows keeps its real row, so content past the
//! sheet's limits is an error naming its cell, never dropped (issue 10). A repeated row or cell
//! that holds text is kept once per repeat, each counted against the budget. Spans
//! (`table:number-rows-spanned`, `…-columns-spanned`) become merged ranges; covered cells are
//! read like any other, so text under a merge is reported, not lost. Elements are matched by
//! namespace, not prefix. Not read: annotations, styles, formulas (the value is the cell's).

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::budget::{Budget, Exceeded};
use super::cellref;
use super::package::Package;
use super::value;
use super::xml::{self, chars};
use super::{RawSheet, SheetError, SheetFormat, SheetNames};
use crate::diagnostic::Location;

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const CONTENT: &str = "content.xml";

/// The namespaces whose elements and attributes matter here (ODF 1.2 Part 1 §1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Office,
    Table,
    Text,
    /// LibreOffice's extension namespace (`calcext:value-type="error"`).
    Calcext,
    Other,
}

fn ns_of(r: ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(n) => match n.as_ref() {
            "urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::Office,
            "urn:oasis:names:tc:opendocument:xmlns:table:1.0" => Ns::Table,
            "urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::Text,
            "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" => Ns::Calcext,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

/// Reads every table of the document.
pub fn read(
    pkg: &mut Package,
    budget: &mut Budget,
    file: &str,
) -> Result<Vec<RawSheet>, SheetError> {
    let open = |reason: String| SheetError::open(file, SheetFormat::Ods, reason);
    // ODF 1.2 Part 3 §3.3: the `mimetype` entry names the document's type.
    if let Some(m) = pkg.read("mimetype", budget)? {
        if m != MIMETYPE {
            return Err(open(format!(
                "its mimetype is {}, not a spreadsheet's",
                xml::quote(&String::from_utf8_lossy(&m))
            )));
        }
    }
    if let Some(manifest) = pkg.read("META-INF/manifest.xml", budget)? {
        if encrypted(&manifest) {
            return Err(open("it is encrypted".to_string()));
        }
    }
    let bytes = pkg
        .read(CONTENT, budget)?
        .ok_or_else(|| open(format!("the package has no {CONTENT}")))?;
    let mut r = xml::ns_reader(&bytes);
    let mut names = SheetNames::new(file);
    let mut sheets = Vec::new();
    loop {
        let (ns, event) = next(&mut r).map_err(|e| content_error(file, &r, &e))?;
        match event {
            Event::Start(e) if ns == Ns::Table && e.local_name().as_ref() == "table" => {
                budget.sheet().map_err(|what| SheetError::Budget {
                    file: file.to_string(),
                    place: CONTENT.to_string(),
                    what,
                })?;
                let name = attr(&r, &e, Ns::Table, "name")
                    .map_err(|e| content_error(file, &r, &e))?
                    .ok_or_else(|| SheetError::Part {
                        file: file.to_string(),
                        part: CONTENT.to_string(),
                        reason: format!("table {} has no name", sheets.len() + 1),
                    })?;
                names.add(&name)?;
                sheets.push(read_table(&mut r, RawSheet::new(name), file, budget)?);
            }
            Event::Eof => return Ok(sheets),
            _ => {}
        }
    }
}

/// Whether the manifest describes encrypted entries (ODF 1.2 Part 3 §4.8).
fn encrypted(manifest: &[u8]) -> bool {
    let mut r = xml::reader(manifest);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "encryption-data" => return true,
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

fn next<'i>(r: &mut NsReader<&'i [u8]>) -> Result<(Ns, Event<'i>), quick_xml::Error> {
    let (ns, event) = r.read_resolved_event()?;
    Ok((ns_of(ns), event))
}

fn content_error(file: &str, r: &NsReader<&[u8]>, e: &quick_xml::Error) -> SheetError {
    SheetError::Part {
        file: file.to_string(),
        part: CONTENT.to_string(),
        reason: xml::malformed(e, xml::at(r)),
    }
}

/// The unescaped value of attribute `ns:name`.
fn attr(
    r: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    ns: Ns,
    name: &str,
) -> Result<Option<String>, quick_xml::Error> {
    for a in e.attributes() {
        let a = a?;
        let (n, local) = r.resolver().resolve_attribute(a.key);
        if ns_of(n) == ns && local.as_ref() == name {
            return Ok(Some(
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                    .into_owned(),
            ));
        }
    }
    Ok(None)
}

/// A positive count attribute (repeats, spans); absent is 1.
fn count(
    r: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    name: &str,
) -> Result<Result<u64, String>, quick_xml::Error> {
    Ok(match attr(r, e, Ns::Table, name)? {
        None => Ok(1),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!(
                "table:{} is {}, not a positive count",
                name,
                xml::quote(&v)
            )),
        },
    })
}

/// A cell of a row as read, before its row's repeats: where it starts, how often it repeats,
/// its text and its span.
struct Run {
    col: u64,
    repeat: u64,
    text: String,
    span: (u64, u64),
}

/// Reads a `table:table` just opened to its end.
fn read_table(
    r: &mut NsReader<&[u8]>,
    mut sheet: RawSheet,
    file: &str,
    budget: &mut Budget,
) -> Result<RawSheet, SheetError> {
    let mut row: u64 = 0;
    let mut depth = 0usize;
    loop {
        let (ns, event) = next(r).map_err(|e| sheet.error(file, xml::malformed(&e, xml::at(r))))?;
        match event {
            Event::Start(e) if ns == Ns::Table && e.local_name().as_ref() == "table-row" => {
                let repeat = count(r, &e, "number-rows-repeated")
                    .map_err(|e| sheet.error(file, xml::malformed(&e, xml::at(r))))?
                    .map_err(|reason| sheet.error(file, format!("row {}: {reason}", row + 1)))?;
                let runs = read_row(r, &sheet, row, file, budget)?;
                for k in 0..if runs.is_empty() { 0 } else { repeat } {
                    place(&mut sheet, row.saturating_add(k), &runs, file, budget)?;
                }
                row = row.saturating_add(repeat);
            }
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok(sheet),
            Event::End(_) => depth -= 1,
            Event::Eof => {
                return Err(sheet.error(file, "the table is not closed".to_string()));
            }
            _ => {}
        }
    }
}

/// Puts one copy of a row's runs at `row`: each repeat of a cell that holds text or a span.
fn place(
    sheet: &mut RawSheet,
    row: u64,
    runs: &[Run],
    file: &str,
    budget: &mut Budget,
) -> Result<(), SheetError> {
    for run in runs {
        for k in 0..run.repeat {
            let col = run.col.saturating_add(k);
            let last = (
                row.saturating_add(run.span.0 - 1),
                col.saturating_add(run.span.1 - 1),
            );
            if !cellref::inside(row, col) || !cellref::inside(last.0, last.1) {
                let reason = if cellref::inside(row, col) {
                    format!(
                        "its span reaches {}, {}",
                        cellref::name(last.0, last.1),
                        cellref::beyond()
                    )
                } else {
                    cellref::beyond()
                };
                return Err(SheetError::Cell {
                    at: Location::cell(file, &sheet.name, &cellref::name(row, col)),
                    reason,
                });
            }
            // Inside the limits, which fit u32.
            let first = (row as u32, col as u32);
            if run.span != (1, 1) {
                sheet.merge(file, first, (last.0 as u32, last.1 as u32), budget)?;
            }
            if !run.text.trim().is_empty() {
                sheet.push(file, first, run.text.clone(), budget)?;
            }
        }
    }
    Ok(())
}

/// Reads a `table:table-row` just opened to its end: the cells that hold text or a span.
fn read_row(
    r: &mut NsReader<&[u8]>,
    sheet: &RawSheet,
    row: u64,
    file: &str,
    budget: &mut Budget,
) -> Result<Vec<Run>, SheetError> {
    let xml_err = |r: &NsReader<&[u8]>, e: quick_xml::Error| {
        sheet.error(file, xml::malformed(&e, xml::at(r)))
    };
    let mut runs = Vec::new();
    let mut col: u64 = 0;
    loop {
        let (ns, event) = next(r).map_err(|e| xml_err(r, e))?;
        match event {
            Event::Start(e)
                if ns == Ns::Table
                    && matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell") =>
            {
                let at = |reason: String| SheetError::Cell {
                    at: Location::cell(file, &sheet.name, &cellref::name(row, col)),
                    reason,
                };
                let counts = (|| {
                    Ok::<_, quick_xml::Error>((
                        count(r, &e, "number-columns-repeated")?,
                        count(r, &e, "number-rows-spanned")?,
                        count(r, &e, "number-columns-spanned")?,
                    ))
                })()
                .map_err(|e| xml_err(r, e))?;
                let (repeat, rows, cols) = match counts {
                    (Ok(a), Ok(b), Ok(c)) => (a, b, c),
                    (Err(m), _, _) | (_, Err(m), _) | (_, _, Err(m)) => return Err(at(m)),
                };
                let text = cell_text(r, &e, budget).map_err(|f| match f {
                    CellFail::Xml(e) => xml_err(r, e),
                    CellFail::Budget(what) => SheetError::Budget {
                        file: file.to_string(),
                        place: format!("{}!{}", sheet.name, cellref::name(row, col)),
                        what,
                    },
                })?;
                if !text.trim().is_empty() || (rows, cols) != (1, 1) {
                    runs.push(Run {
                        col,
                        repeat,
                        text,
                        span: (rows, cols),
                    });
                }
                col = col.saturating_add(repeat);
            }
            Event::Start(e) => {
                r.read_to_end(e.name()).map_err(|e| xml_err(r, e))?;
            }
            Event::End(_) => return Ok(runs),
            Event::Eof => return Err(sheet.error(file, "a row is not closed".to_string())),
            _ => {}
        }
    }
}

enum CellFail {
    Xml(quick_xml::Error),
    Budget(Exceeded),
}

impl From<quick_xml::Error> for CellFail {
    fn from(e: quick_xml::Error) -> Self {
        CellFail::Xml(e)
    }
}

/// A cell's text, read to its end tag (§19.385 `office:value-type`). A value attribute
/// (`office:value`, `…string-value`, `…date-value`, `…time-value`, `…boolean-value`) gives
/// it, the first one present winning, as calamine read it; without one (or for an error cell
/// with an empty string value) the paragraphs give it. Unlike calamine, a cell with
/// paragraphs but no value type is read, not dropped.
fn cell_text(
    r: &mut NsReader<&[u8]>,
    e: &BytesStart<'_>,
    budget: &Budget,
) -> Result<String, CellFail> {
    let mut stored: Option<String> = None;
    let mut error = false;
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        let (n, local) = r.resolver().resolve_attribute(a.key);
        let v = || a.normalized_value(quick_xml::XmlVersion::Implicit1_0);
        match (ns_of(n), local.as_ref()) {
            (Ns::Office, "value") if stored.is_none() => stored = Some(value::number(&v()?)),
            (Ns::Office, "string-value" | "date-value" | "time-value") if stored.is_none() => {
                stored = Some(v()?.into_owned());
            }
            (Ns::Office, "boolean-value") if stored.is_none() => {
                let b = v()?;
                stored = Some(
                    if b == "true" || b == "TRUE" {
                        "TRUE"
                    } else {
                        "FALSE"
                    }
                    .into(),
                );
            }
            (Ns::Calcext, "value-type") => error = v()? == "error",
            _ => {}
        }
    }
    match stored {
        Some(v) if !(error && v.is_empty()) => {
            r.read_to_end(e.name())?;
            Ok(value::line_ends(v))
        }
        _ => Ok(value::line_ends(paragraphs(r, budget)?)),
    }
}

/// The text of a cell's content just opened, read to its end (ODF 1.2 Part 1 §6.1): text
/// anywhere inside, paragraphs joined by `\n`, `text:s` as its count of spaces (checked
/// against the text budget before it is built), `text:tab`, `text:line-break`; annotations
/// (§14.1) left out.
fn paragraphs(r: &mut NsReader<&[u8]>, budget: &Budget) -> Result<String, CellFail> {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut first = true;
    loop {
        let (ns, event) = next(r)?;
        match &event {
            Event::Start(e) => {
                match (ns, e.local_name().as_ref()) {
                    (Ns::Office, "annotation") => {
                        r.read_to_end(e.name())?;
                        continue;
                    }
                    (Ns::Text, "p") => {
                        if !first {
                            out.push('\n');
                        }
                        first = false;
                    }
                    (Ns::Text, "s") => {
                        let n = match attr(r, e, Ns::Text, "c")? {
                            Some(v) => v.trim().parse::<u64>().unwrap_or(1),
                            None => 1,
                        };
                        let n = usize::try_from(n).unwrap_or(usize::MAX);
                        if n > budget.text_left().saturating_sub(out.len()) {
                            return Err(CellFail::Budget(Exceeded::Text));
                        }
                        out.extend(std::iter::repeat_n(' ', n));
                    }
                    (Ns::Text, "tab") => out.push('\t'),
                    (Ns::Text, "line-break") => out.push('\n'),
                    _ => {}
                }
                depth += 1;
            }
            Event::End(_) if depth == 0 => return Ok(out),
            Event::End(_) => depth -= 1,
            Event::Eof => {
                return Err(
                    quick_xml::Error::Syntax(quick_xml::errors::SyntaxError::UnclosedTag).into(),
                )
            }
            other => {
                if let Some(s) = chars(other)? {
                    out.push_str(&s);
                }
            }
        }
    }
}
