//! Normalization: Grid → Catalog (DESIGN §3).
//!
//! Finds the title line and its version, the header row of each table (columns by meaning),
//! the data rows and the notes under the table; groups rows by display code; fills merged and
//! continued cells down within a group; parses headings, message IDs and contacts; applies the
//! reviewed errata. Every piece of text of the grid is accounted for: it is placed in the
//! model, recognized as layout (title lines, header captions), or the run fails.
//!
//! It does not read files, does not judge names for generated code (see `model::names`), and
//! does not look at geometry: the reader already decided spans, lines and wraps.

pub mod errata;
pub mod header;
pub mod text;

use std::collections::{BTreeMap, HashSet};

pub use crate::diagnostic::{Diagnostic, Severity};
use crate::grid::{Cell, Grid, Page};
use crate::model::message_id::{self, ParsedMessageId};
use crate::model::{
    AppliedErratum, At, Catalog, Code, Document, Entry, Field, Footnote, MessageId, Source,
    SourceText, FORMAT,
};
use errata::Errata;
use header::Column;

/// The model of one source, with what was found on the way.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
    /// Non-white-space characters in the grid and in what the model holds of it.
    pub chars_read: usize,
    pub chars_placed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    #[error("{at}: no table header found (looking for {wanted}){best}")]
    NoHeader {
        at: String,
        wanted: String,
        best: String,
    },
    #[error("{at}: the header lacks the columns {missing}")]
    MissingColumns { at: String, missing: String },
    #[error("{at}: no version in the title line (expected 「…一覧 1.20版」){found}")]
    NoVersion { at: String, found: String },
    #[error("{at}: the table has a header but no rows")]
    NoRows { at: String },
    #[error("{at}: a row without a display code comes before any code group")]
    OrphanRow { at: String },
    #[error("{at}: code {code} appears a second time (first at {first})")]
    DuplicateCode {
        at: String,
        code: String,
        first: String,
    },
    #[error("{file}: text was read but not placed in the model: {detail}")]
    Unplaced { file: String, detail: String },
}

/// A data row of the table, before grouping.
struct RawRow {
    at: At,
    /// Location of each field's cell, for diagnostics.
    loc: BTreeMap<Field, String>,
    values: BTreeMap<Field, String>,
    extra: BTreeMap<String, String>,
    /// Whether this row starts a new page or table (a group may continue across it).
    first_on_page: bool,
}

/// A line of text outside the table body.
struct Line {
    text: String,
    at: String,
}

struct Walk<'g> {
    file: &'g str,
    columns: Option<BTreeMap<usize, Column>>,
    header_loc: String,
    before: Vec<Line>,
    after: Vec<Line>,
    rows: Vec<RawRow>,
    recognized: usize,
    diagnostics: Vec<Diagnostic>,
}

/// Normalizes a grid read from `source` into the canonical model.
pub fn normalize(
    grid: &Grid,
    source: Source,
    errata: &Errata,
) -> Result<Normalized, NormalizeError> {
    let file = source.file.clone();
    let mut walk = Walk {
        file: &file,
        columns: None,
        header_loc: String::new(),
        before: Vec::new(),
        after: Vec::new(),
        rows: Vec::new(),
        recognized: 0,
        diagnostics: Vec::new(),
    };
    for page in &grid.pages {
        walk.page(page)?;
    }
    if walk.columns.is_none() {
        return Err(NormalizeError::NoHeader {
            at: file.clone(),
            wanted: wanted(),
            best: "; the file holds no table".to_string(),
        });
    }
    if walk.rows.is_empty() {
        return Err(NormalizeError::NoRows {
            at: walk.header_loc.clone(),
        });
    }
    let chars_read: usize = grid
        .pages
        .iter()
        .flat_map(|p| {
            p.tables
                .iter()
                .flat_map(|t| t.cells.iter().map(|c| text::weight(&c.text)))
                .chain(p.outside.iter().map(|o| text::weight(&o.text)))
        })
        .sum();

    let Walk {
        before,
        after,
        rows,
        recognized,
        mut diagnostics,
        ..
    } = walk;
    let mut placed = recognized;

    // The title line: the first line above the table that ends in 「…版」.
    let Some((title_at, title, version)) = before
        .iter()
        .find_map(|l| header::split_title(&l.text).map(|(t, v)| (l.at.clone(), t, v)))
    else {
        let (at, found) = match before.first() {
            Some(l) => (
                l.at.clone(),
                format!("; the line above the table reads 「{}」", l.text),
            ),
            None => (
                file.clone(),
                "; there is no text above the table".to_string(),
            ),
        };
        return Err(NormalizeError::NoVersion { at, found });
    };
    let title_line = before
        .iter()
        .find(|l| l.at == title_at)
        .map(|l| l.text.clone())
        .unwrap_or_default();
    let mut notes = Vec::new();
    for l in &before {
        if l.text == title_line {
            placed += text::weight(&l.text);
        } else {
            if header::split_title(&l.text).is_some() {
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    at: l.at.clone(),
                    message: format!("a second, different title line 「{}」", l.text),
                    corrected: None,
                });
            }
            placed += text::weight(&l.text);
            notes.push(l.text.clone());
        }
    }

    let mut used_errata = HashSet::new();
    let codes = group(
        &file,
        &version,
        rows,
        errata,
        &mut used_errata,
        &mut diagnostics,
        &mut placed,
    )?;
    for (i, e) in errata.items.iter().enumerate() {
        if e.version == version && !used_errata.contains(&i) {
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                at: errata.file.clone(),
                message: format!(
                    "the erratum for {} code {} {} (printed 「{}」) matches no cell of {file}",
                    e.version, e.code, e.field, e.printed
                ),
                corrected: None,
            });
        }
    }

    let (footnotes, more_notes) = footnotes(after);
    for f in &footnotes {
        placed += f.mark.as_deref().map_or(0, text::weight) + text::weight(&f.text);
    }
    for n in &more_notes {
        placed += text::weight(n);
    }
    notes.extend(more_notes);

    if chars_read != placed {
        return Err(NormalizeError::Unplaced {
            file,
            detail: format!("{chars_read} characters read, {placed} placed"),
        });
    }
    let catalog = Catalog {
        format: FORMAT,
        document: Document {
            title,
            version,
            source,
            cross_checked: Vec::new(),
        },
        codes,
        footnotes,
        notes,
    };
    Ok(Normalized {
        catalog,
        diagnostics,
        chars_read,
        chars_placed: placed,
    })
}

fn wanted() -> String {
    Field::ALL
        .iter()
        .map(|f| f.caption())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a cell is, for messages.
fn locate(file: &str, page: &Page, cell: &Cell) -> String {
    match (&page.sheet, &cell.cell_ref) {
        (Some(sheet), Some(r)) => format!("{file}: {sheet}!{r}"),
        (Some(sheet), None) => format!(
            "{file}: {sheet}!{}",
            crate::grid::cell_ref(cell.row, cell.col)
        ),
        _ => format!(
            "{file}: page {}, table row {}, column {}",
            page.page,
            cell.row + 1,
            cell.col + 1
        ),
    }
}

fn page_at(page: &Page, row: usize) -> At {
    match &page.sheet {
        Some(sheet) => At {
            page: None,
            sheet: Some(sheet.clone()),
            row: Some(u32::try_from(row + 1).unwrap_or(u32::MAX)),
        },
        None => At {
            page: Some(page.page),
            sheet: None,
            row: None,
        },
    }
}

impl Walk<'_> {
    fn page(&mut self, page: &Page) -> Result<(), NormalizeError> {
        let file = self.file;
        // Outside text above the first table is title matter; the rest follows the table.
        let table_top = page.tables.first().and_then(|t| {
            t.cells
                .iter()
                .filter_map(|c| c.bbox)
                .map(|b| b[1])
                .reduce(f64::min)
        });
        let mut below = Vec::new();
        for block in &page.outside {
            let at = match (&page.sheet, &block.cell_ref) {
                (Some(s), Some(r)) => format!("{file}: {s}!{r}"),
                _ => format!("{file}: page {}", page.page),
            };
            let line = Line {
                text: text::clean(&block.text),
                at,
            };
            if line.text.is_empty() {
                continue;
            }
            let above = match (table_top, block.bbox) {
                (Some(top), Some(b)) => b[3] <= top + 0.5,
                (None, _) => self.columns.is_none(),
                _ => false,
            };
            if above {
                self.before.push(line);
            } else {
                below.push(line);
            }
        }
        for table in &page.tables {
            self.table(page, table)?;
            for cell in &table.cells {
                self.diagnostics
                    .extend(cell.guesses.iter().map(|guess| Diagnostic {
                        severity: Severity::Note,
                        at: locate(file, page, cell),
                        message: guess.clone(),
                        corrected: None,
                    }));
            }
        }
        self.after.extend(below);
        Ok(())
    }

    fn table(&mut self, page: &Page, table: &crate::grid::Table) -> Result<(), NormalizeError> {
        let file = self.file;
        let mut by_row: BTreeMap<usize, Vec<&Cell>> = BTreeMap::new();
        for cell in &table.cells {
            by_row.entry(cell.row).or_default().push(cell);
        }
        for cells in by_row.values_mut() {
            cells.sort_by_key(|c| c.col);
        }
        // A header row is one where at least four captions name known columns.
        let known = |cells: &[&Cell]| {
            cells
                .iter()
                .filter(|c| matches!(header::classify(&c.text), Column::Known(_)))
                .count()
        };
        let header_row = by_row
            .iter()
            .find(|(_, cells)| known(cells) >= 4)
            .map(|(r, _)| *r);
        let mut first_data_row = 0;
        match header_row {
            Some(hr) => {
                // Text above the header inside the table (a spreadsheet's title row).
                for (_, cells) in by_row.range(..hr) {
                    for c in cells {
                        let t = text::clean(&c.text);
                        if !t.is_empty() {
                            self.before.push(Line {
                                text: t,
                                at: locate(file, page, c),
                            });
                        }
                    }
                }
                let cells = &by_row[&hr];
                let columns = self.header(page, cells)?;
                self.columns = Some(columns);
                first_data_row = hr + 1;
            }
            None if self.columns.is_none() => {
                let best = by_row
                    .iter()
                    .max_by_key(|(r, cells)| (known(cells), std::cmp::Reverse(**r)))
                    .filter(|(_, cells)| known(cells) > 0);
                let (at, best) = match best {
                    Some((r, cells)) => {
                        let found: HashSet<Field> = cells
                            .iter()
                            .filter_map(|c| match header::classify(&c.text) {
                                Column::Known(f) => Some(f),
                                _ => None,
                            })
                            .collect();
                        let missing = missing_captions(&found);
                        (
                            locate(file, page, cells[0]),
                            format!("; the closest row, {}, lacks {missing}", r + 1),
                        )
                    }
                    None => (
                        match &page.sheet {
                            Some(s) => format!("{file}: sheet {s}"),
                            None => format!("{file}: page {}", page.page),
                        },
                        String::new(),
                    ),
                };
                return Err(NormalizeError::NoHeader {
                    at,
                    wanted: wanted(),
                    best,
                });
            }
            None => {}
        }
        let Some(columns) = self.columns.clone() else {
            return Ok(());
        };
        let mut first_on_page = true;
        let mut in_notes = false;
        for (&r, cells) in by_row.range(first_data_row..) {
            let filled: Vec<&&Cell> = cells.iter().filter(|c| !c.text.trim().is_empty()).collect();
            if filled.is_empty() {
                continue;
            }
            let lone_note = filled.len() == 1 && {
                let c = filled[0];
                let code_col = matches!(columns.get(&c.col), Some(Column::Known(Field::Code)));
                let looks_like_code = text::clean(&c.text).chars().all(|ch| ch.is_ascii_digit());
                c.colspan > 1 || (code_col && !looks_like_code) || !columns.contains_key(&c.col)
            };
            if in_notes || lone_note {
                in_notes = true;
                for c in filled {
                    self.after.push(Line {
                        text: text::clean(&c.text),
                        at: locate(file, page, c),
                    });
                }
                continue;
            }
            let mut row = RawRow {
                at: page_at(page, r),
                loc: BTreeMap::new(),
                values: BTreeMap::new(),
                extra: BTreeMap::new(),
                first_on_page,
            };
            first_on_page = false;
            for c in cells {
                let t = text::clean(&c.text);
                match columns.get(&c.col) {
                    Some(Column::Known(f)) => {
                        row.loc.insert(*f, locate(file, page, c));
                        if !t.is_empty() {
                            row.values.insert(*f, t);
                        }
                    }
                    Some(Column::Extra(name)) if !t.is_empty() => {
                        row.extra.insert(name.clone(), t);
                    }
                    Some(Column::Blank) | None if !t.is_empty() => {
                        let name = format!("列{}", crate::grid::column_letters(c.col));
                        self.diagnostics.push(Diagnostic {
                            severity: Severity::Warning,
                            at: locate(file, page, c),
                            message: format!(
                                "a value in a column without a caption, kept under extra: {name}"
                            ),
                            corrected: None,
                        });
                        row.extra.insert(name, t);
                    }
                    _ => {}
                }
            }
            self.rows.push(row);
        }
        Ok(())
    }

    fn header(
        &mut self,
        page: &Page,
        cells: &[&Cell],
    ) -> Result<BTreeMap<usize, Column>, NormalizeError> {
        let file = self.file;
        let mut columns = BTreeMap::new();
        let mut found = HashSet::new();
        for c in cells {
            self.recognized += text::weight(&c.text);
            let column = match header::classify(&c.text) {
                Column::Known(f) if !found.insert(f) => Column::Extra(text::clean(&c.text)),
                other => other,
            };
            if let Column::Extra(name) = &column {
                self.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    at: locate(file, page, c),
                    message: format!("unknown column 「{name}」: its values are kept under extra"),
                    corrected: None,
                });
            }
            columns.insert(c.col, column);
        }
        let missing = missing_captions(&found);
        if !missing.is_empty() {
            return Err(NormalizeError::MissingColumns {
                at: locate(file, page, cells[0]),
                missing,
            });
        }
        if self.header_loc.is_empty() {
            self.header_loc = locate(file, page, cells[0]);
        }
        Ok(columns)
    }
}

fn missing_captions(found: &HashSet<Field>) -> String {
    Field::ALL
        .iter()
        .filter(|f| !found.contains(f))
        .map(|f| f.caption())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Groups rows by display code, fills merged and continued cells down, parses the fields.
fn group(
    file: &str,
    version: &str,
    rows: Vec<RawRow>,
    errata: &Errata,
    used_errata: &mut HashSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
    placed: &mut usize,
) -> Result<Vec<Code>, NormalizeError> {
    let mut codes: Vec<Code> = Vec::new();
    let mut first_seen: BTreeMap<String, String> = BTreeMap::new();
    // The values the current group's rows inherit when their own cell is blank.
    let mut carried: BTreeMap<Field, (String, String)> = BTreeMap::new();
    for row in rows {
        let here = row
            .loc
            .values()
            .next()
            .cloned()
            .unwrap_or_else(|| format!("{file}: {}", row.at));
        let loc = |f: Field| row.loc.get(&f).cloned().unwrap_or_else(|| here.clone());
        let new_code = row.values.get(&Field::Code).map(|c| {
            let digits: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
            if !digits.is_empty() && digits.len() < 3 && digits.chars().all(|d| d.is_ascii_digit())
            {
                format!("{digits:0>3}")
            } else {
                digits
            }
        });
        if let Some(code) = &new_code {
            *placed += text::weight(&row.values[&Field::Code]);
            let continues = row.first_on_page && codes.last().is_some_and(|c| &c.code == code);
            if !continues {
                if let Some(first) = first_seen.get(code) {
                    let prefix = format!("{file}: ");
                    return Err(NormalizeError::DuplicateCode {
                        at: loc(Field::Code),
                        code: code.clone(),
                        first: first.strip_prefix(&prefix).unwrap_or(first).to_string(),
                    });
                }
                if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
                    diagnostics.push(Diagnostic {
                        severity: Severity::Error,
                        at: loc(Field::Code),
                        message: format!("display code 「{code}」 is not three digits"),
                        corrected: None,
                    });
                }
                first_seen.insert(code.clone(), loc(Field::Code));
                carried.clear();
                let heading = row.values.get(&Field::Heading).cloned().unwrap_or_default();
                let (tags, title, heading_text) = text::split_heading(&heading);
                let message = row.values.get(&Field::Message).cloned();
                if let (Some(m), true) = (&message, code.len() == 3) {
                    if let Some(named) = text::code_named_in_message(m) {
                        if &named != code {
                            diagnostics.push(Diagnostic {
                                severity: Severity::Warning,
                                at: loc(Field::Message),
                                message: format!(
                                    "the message ends in 【{named}：…】 but belongs to code {code}"
                                ),
                                corrected: None,
                            });
                        }
                    }
                }
                let c = Code {
                    code: code.clone(),
                    tags,
                    title,
                    message,
                    heading_text,
                    entries: Vec::new(),
                };
                *placed +=
                    text::weight(&c.heading()) + c.message.as_deref().map_or(0, text::weight);
                codes.push(c);
            }
        }
        let Some(current) = codes.last_mut() else {
            return Err(NormalizeError::OrphanRow { at: here });
        };
        // Heading and message cells on later rows of a group (a continued page that repeats
        // them) must agree with the group's.
        if new_code.is_none() || !current.entries.is_empty() {
            for (f, group_value) in [
                (Field::Heading, Some(current.heading())),
                (Field::Message, current.message.clone()),
            ] {
                if let Some(v) = row.values.get(&f) {
                    *placed += text::weight(v);
                    if Some(v) != group_value.as_ref() {
                        diagnostics.push(Diagnostic {
                            severity: Severity::Error,
                            at: loc(f),
                            message: format!(
                                "{} 「{v}」 differs from the group's (code {})",
                                f.caption(),
                                current.code
                            ),
                            corrected: None,
                        });
                    }
                }
            }
        }
        // A blank or covered cell takes the value, and the position, of the cell above it.
        let mut value = |f: Field| -> Option<(String, String)> {
            match row.values.get(&f) {
                Some(v) => {
                    *placed += text::weight(v);
                    let at = row.loc.get(&f).cloned().unwrap_or_else(|| here.clone());
                    carried.insert(f, (v.clone(), at));
                }
                None if !carried.contains_key(&f) => return None,
                None => {}
            }
            carried.get(&f).cloned()
        };
        let error_type = value(Field::ErrorType).map(|(v, _)| v);
        let id_text = value(Field::MessageId);
        let cause = value(Field::Cause).map(|(v, _)| v);
        let action = value(Field::Action).map(|(v, _)| v);
        let contact_text = value(Field::Contacts).map(|(v, _)| v);
        for v in row.extra.values() {
            *placed += text::weight(v);
        }
        let mut entry = Entry {
            error_type,
            message_id: None,
            cause,
            action,
            contacts: Vec::new(),
            extra: row.extra,
            source_text: SourceText::default(),
            errata: Vec::new(),
            at: row.at,
        };
        let code = current.code.clone();
        // Text errata: the printed cell is replaced by its reviewed correction.
        for (f, slot) in [
            (Field::ErrorType, &mut entry.error_type),
            (Field::Cause, &mut entry.cause),
            (Field::Action, &mut entry.action),
        ] {
            if let Some(printed) = slot.clone() {
                if let Some((i, e)) = errata.find(version, &code, f, &printed) {
                    used_errata.insert(i);
                    *slot = Some(e.corrected.clone());
                    entry.errata.push(applied(e));
                }
            }
        }
        if let Some((printed, id_at)) = id_text {
            entry.message_id = message_id(
                &printed,
                &id_at,
                &code,
                version,
                errata,
                used_errata,
                diagnostics,
                &mut entry,
            );
            if entry.message_id.map(|m| m.to_string()) != Some(printed.clone()) {
                entry.source_text.message_id = Some(printed);
            }
        }
        if let Some(printed) = contact_text {
            let (printed, corrected) = match errata.find(version, &code, Field::Contacts, &printed)
            {
                Some((i, e)) => {
                    used_errata.insert(i);
                    entry.errata.push(applied(e));
                    (printed, e.corrected.clone())
                }
                None => (printed.clone(), printed),
            };
            let (contacts, source) = text::parse_contacts(&corrected);
            entry.contacts = contacts;
            entry.source_text.contacts =
                source.or_else(|| (printed != corrected).then_some(printed));
        }
        current.entries.push(entry);
    }
    Ok(codes)
}

fn applied(e: &errata::Erratum) -> AppliedErratum {
    AppliedErratum {
        field: e.field,
        printed: e.printed.clone(),
        corrected: e.corrected.clone(),
        reason: e.reason.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn message_id(
    printed: &str,
    at: &str,
    code: &str,
    version: &str,
    errata: &Errata,
    used_errata: &mut HashSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
    entry: &mut Entry,
) -> Option<MessageId> {
    match message_id::parse(printed) {
        ParsedMessageId::None => None,
        ParsedMessageId::Valid(id) => Some(id),
        ParsedMessageId::Malformed(why) => {
            let fix = errata.find(version, code, Field::MessageId, printed);
            let mut diagnostic = Diagnostic {
                severity: Severity::Error,
                at: at.to_string(),
                message: format!("malformed message ID 「{printed}」: {why}"),
                corrected: None,
            };
            let id = match fix {
                Some((i, e)) => match message_id::parse(&e.corrected) {
                    ParsedMessageId::Valid(id) => {
                        used_errata.insert(i);
                        diagnostic.corrected = Some(e.reason.clone());
                        if !entry.errata.iter().any(|a| a.field == Field::MessageId) {
                            entry.errata.push(applied(e));
                        }
                        Some(id)
                    }
                    _ => {
                        used_errata.insert(i);
                        diagnostic.message.push_str(&format!(
                            "; the erratum's correction 「{}」 is not a valid message ID either",
                            e.corrected
                        ));
                        None
                    }
                },
                None => {
                    diagnostic.message.push_str(&format!(
                        "; correct it in input/errata.yaml (version {version}, code {code}, field message_id)"
                    ));
                    None
                }
            };
            // The same merged cell fills several rows: report it once.
            if !diagnostics
                .iter()
                .any(|d| d.at == diagnostic.at && d.message == diagnostic.message)
            {
                diagnostics.push(diagnostic);
            }
            id
        }
    }
}

/// Lines under the table → footnotes (`※1` starts one; the lines after it are its text) and
/// other notes (lines before any mark).
fn footnotes(lines: Vec<Line>) -> (Vec<Footnote>, Vec<String>) {
    let mut footnotes: Vec<Footnote> = Vec::new();
    let mut notes = Vec::new();
    for line in lines {
        let t = line.text;
        if let Some(rest) = t.strip_prefix('※') {
            let mark_len: usize = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '０'..='９' | '注'))
                .map(char::len_utf8)
                .sum();
            if mark_len > 0 {
                let mark = format!("※{}", &rest[..mark_len]);
                let body = rest[mark_len..].trim().to_string();
                footnotes.push(Footnote {
                    mark: Some(mark),
                    text: body,
                });
                continue;
            }
        }
        match footnotes.last_mut() {
            Some(f) => {
                if !f.text.is_empty() {
                    f.text.push('\n');
                }
                f.text.push_str(&t);
            }
            None => notes.push(t),
        }
    }
    (footnotes, notes)
}
