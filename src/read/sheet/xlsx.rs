//! Office Open XML workbooks (ECMA-376 Part 1 §18, SpreadsheetML): package → one
//! [`RawSheet`] per sheet of the workbook, in its order.
//!
//! Follows the relationships (Part 2 §9.3) from `_rels/.rels` to the workbook, from the
//! workbook to its sheets and shared strings; reads each sheet's cells (`sheetData`, §18.3.1.80)
//! and merged ranges (`mergeCells`, §18.3.1.55) as they stream by, keeping only cells that hold
//! text, so a cell at `XFD1048576` costs one entry. Counts in the file (`count`,
//! `uniqueCount`, `dimension`) are never used. Not read: styles (a date is its serial number),
//! formulas (their cached value is the cell's), comments, drawings, defined names.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::budget::{Budget, MAX_SHARED_STRINGS};
use super::cellref::{self, RefError};
use super::package::Package;
use super::value;
use super::xml::{self, attr, chars};
use super::{RawSheet, SheetError, SheetFormat, SheetNames};
use crate::diagnostic::Location;

/// A relationship of a part (Part 2 §9.3.2.2), its target resolved to a part name.
struct Rel {
    id: String,
    kind: String,
    target: String,
}

/// Reads every sheet of the workbook.
pub fn read(
    pkg: &mut Package,
    budget: &mut Budget,
    file: &str,
) -> Result<Vec<RawSheet>, SheetError> {
    let open = |reason: &str| SheetError::open(file, SheetFormat::Xlsx, reason.to_string());
    let root = read_rels(pkg, budget, file, "")?;
    let workbook = root
        .iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map(|r| r.target.clone())
        .ok_or_else(|| open("the package names no workbook part"))?;
    let rels = read_rels(pkg, budget, file, &workbook)?;
    let bytes = pkg
        .read(&workbook, budget)?
        .ok_or_else(|| open(&format!("the package has no {workbook}")))?;
    let listed = sheet_list(&bytes, file, &workbook, budget)?;
    drop(bytes);

    let strings_part = rels
        .iter()
        .find(|r| r.kind.ends_with("/sharedStrings"))
        .map(|r| r.target.clone())
        .unwrap_or_else(|| format!("{}sharedStrings.xml", dir_of(&workbook)));
    let strings = match pkg.read(&strings_part, budget)? {
        Some(bytes) => shared_strings(&bytes, file, &strings_part, budget)?,
        None => Vec::new(),
    };

    let by_id: HashMap<&str, &Rel> = rels.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut sheets = Vec::with_capacity(listed.len());
    for (name, id) in listed {
        let part = by_id.get(id.as_str()).ok_or_else(|| SheetError::Sheet {
            at: Location::sheet(file, &name),
            reason: format!(
                "its relationship {} is not in the workbook's",
                xml::quote(&id)
            ),
        })?;
        let bytes = pkg
            .read(&part.target, budget)?
            .ok_or_else(|| SheetError::Sheet {
                at: Location::sheet(file, &name),
                reason: format!("the package has no {}", part.target),
            })?;
        sheets.push(read_sheet(&bytes, name, &strings, file, budget)?);
    }
    Ok(sheets)
}

/// The directory part of a part name, with its trailing `/` (`xl/` for `xl/workbook.xml`).
fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

/// A relationship target → part name: absolute from the package root, else relative to the
/// source part's directory, with `.` and `..` segments applied (RFC 3986 §5.2).
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for s in joined.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// The relationships of `part` (`""` for the package), from its `_rels/*.rels` part.
fn read_rels(
    pkg: &mut Package,
    budget: &mut Budget,
    file: &str,
    part: &str,
) -> Result<Vec<Rel>, SheetError> {
    let dir = dir_of(part);
    let rels_part = format!("{dir}_rels/{}.rels", &part[dir.len()..]);
    let Some(bytes) = pkg.read(&rels_part, budget)? else {
        return Ok(Vec::new());
    };
    let mut r = xml::reader(&bytes);
    let mut rels = Vec::new();
    let err = |r: &Reader<&[u8]>, e: quick_xml::Error| part_error(file, &rels_part, r, &e);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let get = |name: &str| -> Result<String, quick_xml::Error> {
                    Ok(attr(&e, name)?.map(|v| v.into_owned()).unwrap_or_default())
                };
                let (id, kind, target, mode) = (|| {
                    Ok::<_, quick_xml::Error>((
                        get("Id")?,
                        get("Type")?,
                        get("Target")?,
                        get("TargetMode")?,
                    ))
                })()
                .map_err(|e| err(&r, e))?;
                if mode != "External" {
                    rels.push(Rel {
                        id,
                        kind,
                        target: resolve(dir, &target),
                    });
                }
            }
            Ok(Event::Eof) => return Ok(rels),
            Err(e) => return Err(err(&r, e)),
            Ok(_) => {}
        }
    }
}

fn part_error(file: &str, part: &str, r: &Reader<&[u8]>, e: &quick_xml::Error) -> SheetError {
    SheetError::Part {
        file: file.to_string(),
        part: part.to_string(),
        reason: xml::malformed(e, xml::at(r)),
    }
}

/// The workbook's sheets (§18.2.20): (name, relationship id), in order.
fn sheet_list(
    bytes: &[u8],
    file: &str,
    part: &str,
    budget: &mut Budget,
) -> Result<Vec<(String, String)>, SheetError> {
    let mut r = xml::reader(bytes);
    let mut names = SheetNames::new(file);
    let mut list = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sheet" => {
                budget.sheet().map_err(|what| SheetError::Budget {
                    file: file.to_string(),
                    place: part.to_string(),
                    what,
                })?;
                let (name, id) = sheet_attrs(&e).map_err(|e| part_error(file, part, &r, &e))?;
                let Some(name) = name else {
                    return Err(SheetError::Part {
                        file: file.to_string(),
                        part: part.to_string(),
                        reason: format!("sheet {} has no name", list.len() + 1),
                    });
                };
                names.add(&name)?;
                list.push((name, id.unwrap_or_default()));
            }
            Ok(Event::Eof) => return Ok(list),
            Err(e) => return Err(part_error(file, part, &r, &e)),
            Ok(_) => {}
        }
    }
}

/// A `<sheet>`'s `name` and `r:id` (the relationship namespace's `id`, whatever its prefix).
fn sheet_attrs(e: &BytesStart<'_>) -> Result<(Option<String>, Option<String>), quick_xml::Error> {
    let (mut name, mut id) = (None, None);
    for a in e.attributes() {
        let a = a?;
        let value = || a.normalized_value(quick_xml::XmlVersion::Implicit1_0);
        match (a.key.prefix().is_some(), a.key.local_name().as_ref()) {
            (false, "name") => name = Some(value()?.into_owned()),
            (true, "id") => id = Some(value()?.into_owned()),
            _ => {}
        }
    }
    Ok((name, id))
}

/// The shared-string table (§18.4.9): one text per `<si>`, in order.
fn shared_strings(
    bytes: &[u8],
    file: &str,
    part: &str,
    budget: &mut Budget,
) -> Result<Vec<String>, SheetError> {
    let mut r = xml::reader(bytes);
    let mut strings = Vec::new();
    let fail = |what| SheetError::Budget {
        file: file.to_string(),
        place: part.to_string(),
        what,
    };
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => {
                if strings.len() == MAX_SHARED_STRINGS {
                    return Err(fail(super::budget::Exceeded::SharedStrings));
                }
                let s = rich_text(&mut r).map_err(|e| part_error(file, part, &r, &e))?;
                budget.text(s.len()).map_err(fail)?;
                strings.push(s);
            }
            Ok(Event::Eof) => return Ok(strings),
            Err(e) => return Err(part_error(file, part, &r, &e)),
            Ok(_) => {}
        }
    }
}

/// The text of a string item (`<si>`, `<is>`: §18.4.8 CT_Rst) just opened, read to its end:
/// its `<t>` texts in order, phonetic runs (`<rPh>`) left out. A `<t>` without
/// `xml:space="preserve"` loses surrounding ASCII white space, as calamine read it.
fn rich_text(r: &mut Reader<&[u8]>) -> Result<String, quick_xml::Error> {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut phonetic = 0usize;
    // The open `<t>`: its text so far and whether it preserves space.
    let mut open: Option<(String, bool)> = None;
    loop {
        let event = r.read_event()?;
        match &event {
            Event::Start(e) => {
                depth += 1;
                match e.local_name().as_ref() {
                    "rPh" => phonetic += 1,
                    "t" if phonetic == 0 && open.is_none() => {
                        let keep = attr(e, "xml:space")?.is_some_and(|v| v == "preserve");
                        open = Some((String::new(), keep));
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if depth == 0 {
                    return Ok(out);
                }
                depth -= 1;
                match e.local_name().as_ref() {
                    "rPh" => phonetic = phonetic.saturating_sub(1),
                    "t" if phonetic == 0 => {
                        if let Some((text, keep)) = open.take() {
                            let text = if keep {
                                &text
                            } else {
                                text.trim_matches([' ', '\t', '\r', '\n'])
                            };
                            out.push_str(&value::unescape_x(text));
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => return Err(unexpected_end()),
            other => {
                if let (Some((text, _)), Some(s)) = (open.as_mut(), chars(other)?) {
                    text.push_str(&s);
                }
            }
        }
    }
}

fn unexpected_end() -> quick_xml::Error {
    quick_xml::Error::Syntax(quick_xml::errors::SyntaxError::UnclosedTag)
}

/// All character data up to the end of the element just opened (`<v>`).
fn element_text(r: &mut Reader<&[u8]>) -> Result<String, quick_xml::Error> {
    let mut out = String::new();
    let mut depth = 0usize;
    loop {
        let event = r.read_event()?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok(out),
            Event::End(_) => depth -= 1,
            Event::Eof => return Err(unexpected_end()),
            other => {
                if let Some(s) = chars(other)? {
                    out.push_str(&s);
                }
            }
        }
    }
}

/// Where the reader is in `sheetData`: the row it is in and the column of the next cell
/// without a reference (§18.3.1.4: `r` may be left out, the cell then follows the last).
struct Cursor {
    in_data: bool,
    row: u64,
    col: u64,
}

fn read_sheet(
    bytes: &[u8],
    name: String,
    strings: &[String],
    file: &str,
    budget: &mut Budget,
) -> Result<RawSheet, SheetError> {
    let mut sheet = RawSheet::new(name);
    let mut r = xml::reader(bytes);
    let mut at = Cursor {
        in_data: false,
        row: 0,
        col: 0,
    };
    loop {
        let event = r
            .read_event()
            .map_err(|e| sheet.error(file, xml::malformed(&e, xml::at(&r))))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "sheetData" => at.in_data = true,
                "row" if at.in_data => {
                    at.col = 0;
                    let r_attr = attr(&e, "r")
                        .map_err(|e| sheet.error(file, xml::malformed(&e, xml::at(&r))))?;
                    if let Some(v) = r_attr {
                        at.row = cellref::parse_row(&v)
                            .map_err(|k| sheet.cell_error(file, &format!("row {v}"), &k))?
                            .into();
                    }
                }
                "c" if at.in_data => {
                    let (pos, kind) = cell_start(&e, &at)
                        .map_err(|(cell, k)| sheet.cell_error(file, &cell, &k))?;
                    at.col = u64::from(pos.1) + 1;
                    let text =
                        cell_value(&mut r, kind.as_deref(), strings).map_err(
                            |reason| match reason {
                                CellFail::Xml(e) => {
                                    sheet.error(file, xml::malformed(&e, xml::at(&r)))
                                }
                                CellFail::Value(reason) => sheet.at(file, pos, reason),
                            },
                        )?;
                    sheet.push(file, pos, text, budget)?;
                }
                "mergeCell" => {
                    let range = attr(&e, "ref")
                        .map_err(|e| sheet.error(file, xml::malformed(&e, xml::at(&r))))?
                        .unwrap_or_default();
                    let (first, last) = cellref::parse_range(&range)
                        .map_err(|k| sheet.cell_error(file, &range, &k))?;
                    sheet.merge(file, first, last, budget)?;
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "row" if at.in_data => at.row += 1,
                "sheetData" => at.in_data = false,
                _ => {}
            },
            Event::Eof => return Ok(sheet),
            _ => {}
        }
    }
}

/// A `<c>`'s position and type (`t`); the position is checked against the sheet's limits.
fn cell_start(
    e: &BytesStart<'_>,
    at: &Cursor,
) -> Result<(cellref::Pos, Option<String>), (String, RefError)> {
    let malformed = |_| ("(a cell)".to_string(), RefError::Malformed);
    let kind = attr(e, "t").map_err(malformed)?.map(|v| v.into_owned());
    let pos = match attr(e, "r").map_err(malformed)? {
        Some(v) => cellref::parse_cell(&v).map_err(|k| (v.into_owned(), k))?,
        None => {
            if !cellref::inside(at.row, at.col) {
                return Err((cellref::name(at.row, at.col), RefError::Beyond));
            }
            // Both are below the limits, which fit u32.
            (at.row as u32, at.col as u32)
        }
    };
    Ok((pos, kind))
}

enum CellFail {
    Xml(quick_xml::Error),
    Value(String),
}

impl From<quick_xml::Error> for CellFail {
    fn from(e: quick_xml::Error) -> Self {
        CellFail::Xml(e)
    }
}

/// A `<c>`'s text (§18.3.1.4, types §18.18.11), read to its end tag.
fn cell_value(
    r: &mut Reader<&[u8]>,
    kind: Option<&str>,
    strings: &[String],
) -> Result<String, CellFail> {
    let (mut v, mut inline) = (None, None);
    loop {
        match r.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "v" => v = Some(element_text(r)?),
                "is" => inline = Some(rich_text(r)?),
                _ => {
                    r.read_to_end(e.name())?;
                }
            },
            Event::End(_) => break,
            Event::Eof => return Err(unexpected_end().into()),
            _ => {}
        }
    }
    let text = match (kind, v, inline) {
        (Some("inlineStr"), _, Some(s)) | (_, None, Some(s)) => s,
        (_, None, None) => String::new(),
        (Some("s"), Some(v), _) => {
            let v = v.trim();
            if v.is_empty() {
                String::new()
            } else {
                let index: usize = v.parse().map_err(|_| {
                    CellFail::Value(format!(
                        "shared string index {} is not a number",
                        xml::quote(v)
                    ))
                })?;
                strings.get(index).cloned().ok_or_else(|| {
                    CellFail::Value(format!(
                        "shared string {index} does not exist (the table has {})",
                        strings.len()
                    ))
                })?
            }
        }
        (Some("b"), Some(v), _) => value::boolean(&v),
        (Some("n") | None, Some(v), _) if !v.is_empty() => value::number(&v),
        (Some("str"), Some(v), _) => value::unescape_x(&v),
        // Errors (`e`), ISO dates (`d`) and unknown types keep their text as written.
        (_, Some(v), _) => v,
    };
    Ok(value::line_ends(text))
}

#[cfg(test)]
mod tests {
    use super::super::budget::MAX_UNPACKED;
    use super::super::package::zip_of;
    use super::*;

    #[test]
    fn every_sheet_read_counts_even_when_sheets_share_a_part() {
        let root = r#"<Relationships><Relationship Id="r" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        let rels = r#"<Relationships><Relationship Id="s" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="a" r:id="s"/><sheet name="b" r:id="s"/><sheet name="c" r:id="s"/></sheets></workbook>"#;
        let sheet = format!(
            "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>{}</t></is></c></row></sheetData></worksheet>",
            "x".repeat(1000)
        );
        let bytes = zip_of(&[
            ("_rels/.rels", root.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ]);
        let small = (root.len() + rels.len() + workbook.len()) as u64;
        let read_with = |reads: u64| {
            let mut pkg = Package::open("t.xlsx", &bytes, SheetFormat::Xlsx).unwrap();
            let mut budget = Budget::default();
            budget
                .unpack(MAX_UNPACKED - small - reads * sheet.len() as u64)
                .unwrap();
            read(&mut pkg, &mut budget, "t.xlsx").map(|s| s.len())
        };
        assert_eq!(read_with(3).unwrap(), 3);
        assert_eq!(
            read_with(2).err().unwrap().to_string(),
            "t.xlsx: xl/worksheets/sheet1.xml: the workbook unpacks to more than 256 MiB (counting every part read)"
        );
    }

    #[test]
    fn targets_resolve_against_their_source() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
        assert_eq!(resolve("xl/", "../xl/./a.xml"), "xl/a.xml");
        assert_eq!(resolve("", "../../x.xml"), "x.xml");
        assert_eq!(dir_of("xl/workbook.xml"), "xl/");
        assert_eq!(dir_of("workbook.xml"), "");
    }

    fn text_of(xml: &str) -> String {
        let mut r = xml::reader(xml.as_bytes());
        let _ = r.read_event().unwrap();
        rich_text(&mut r).unwrap()
    }

    #[test]
    fn rich_text_leaves_out_phonetic_runs() {
        assert_eq!(
            text_of("<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>カンジ</t></rPh></si>"),
            "漢字"
        );
        assert_eq!(
            text_of("<si><r><t xml:space=\"preserve\">a </t></r><r><t> b</t></r></si>"),
            "a b"
        );
        assert_eq!(text_of("<si/>"), "");
        assert_eq!(text_of("<si><t>x_x000D_y</t></si>"), "x\ry");
    }
}
