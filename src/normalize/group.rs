//! Grouping and fill-down: data rows → display-code groups with their entries. A row with a
//! code starts a group (or continues it across a page); a blank or covered cell takes the
//! value of the cell above it within the group; headings, message IDs and contacts are
//! parsed; reviewed errata replace the printed text they correct.
//!
//! Input: the rows `layout` found. Output: the codes, with findings. Every value it places is
//! consumed in the [`Ledger`]. It does not decide which rows are data (see `layout`).

use std::collections::{BTreeMap, HashSet};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::message_id::{self, ParsedMessageId};
use crate::model::{AppliedErratum, Code, Entry, Field, MessageId, SourceText};

use super::errata::{Errata, Erratum};
use super::layout::RawRow;
use super::ledger::Ledger;
use super::{text, NormalizeError};

/// The grouping of one source's rows, row by row.
pub struct Grouping<'a, 'g> {
    /// The revision, for matching errata.
    version: &'a str,
    errata: &'a Errata,
    ledger: &'a mut Ledger<'g>,
    /// Indices of the errata that matched a cell.
    used_errata: HashSet<usize>,
    diagnostics: Vec<Diagnostic>,
    codes: Vec<Code>,
    /// Where each code's group starts.
    first_seen: BTreeMap<String, Location>,
    /// The values the current group's rows inherit when their own cell is blank.
    carried: BTreeMap<Field, (String, Location)>,
}

/// The codes of a source, and the findings on the way.
pub struct Grouped {
    pub codes: Vec<Code>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a, 'g> Grouping<'a, 'g> {
    pub fn new(
        version: &'a str,
        errata: &'a Errata,
        ledger: &'a mut Ledger<'g>,
    ) -> Grouping<'a, 'g> {
        Grouping {
            version,
            errata,
            ledger,
            used_errata: HashSet::new(),
            diagnostics: Vec::new(),
            codes: Vec::new(),
            first_seen: BTreeMap::new(),
            carried: BTreeMap::new(),
        }
    }

    /// Groups `rows` in order; then reports every erratum of this revision that matched no
    /// cell of `file`.
    pub fn run(mut self, file: &str, rows: Vec<RawRow>) -> Result<Grouped, NormalizeError> {
        for row in rows {
            self.row(row)?;
        }
        for (i, e) in self.errata.items.iter().enumerate() {
            if e.version == self.version && !self.used_errata.contains(&i) {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    Location::file(&self.errata.file),
                    format!(
                        "the erratum for {} code {} {} (printed 「{}」) matches no cell of {file}",
                        e.version, e.code, e.field, e.printed
                    ),
                ));
            }
        }
        Ok(Grouped {
            codes: self.codes,
            diagnostics: self.diagnostics,
        })
    }

    fn row(&mut self, row: RawRow) -> Result<(), NormalizeError> {
        let loc = |f: Field| row.loc.get(&f).unwrap_or(&row.here).clone();
        let new_code = row.values.get(&Field::Code).map(|piece| {
            self.ledger.consume(piece.id);
            display_code(&piece.text)
        });
        if let Some(code) = &new_code {
            let continues = row.first_on_page && self.codes.last().is_some_and(|c| &c.code == code);
            if !continues {
                self.start_group(code, &row, loc(Field::Code))?;
            }
        }
        let Some(current) = self.codes.last() else {
            return Err(NormalizeError::OrphanRow {
                at: row.here.clone(),
            });
        };
        let code = current.code.clone();
        // Heading and message cells on later rows of a group (a continued page that repeats
        // them) must agree with the group's.
        if new_code.is_none() || !current.entries.is_empty() {
            let group_values = [
                (Field::Heading, Some(current.heading())),
                (Field::Message, current.message.clone()),
            ];
            for (f, group_value) in group_values {
                if let Some(piece) = row.values.get(&f) {
                    self.ledger.consume(piece.id);
                    if Some(&piece.text) != group_value.as_ref() {
                        self.diagnostics.push(Diagnostic::new(
                            Severity::Error,
                            loc(f),
                            format!(
                                "{} 「{}」 differs from the group's (code {code})",
                                f.caption(),
                                piece.text
                            ),
                        ));
                    }
                }
            }
        }
        let error_type = self.value(&row, Field::ErrorType).map(|(v, _)| v);
        let id_text = self.value(&row, Field::MessageId);
        let cause = self.value(&row, Field::Cause).map(|(v, _)| v);
        let action = self.value(&row, Field::Action).map(|(v, _)| v);
        let contact_text = self.value(&row, Field::Contacts).map(|(v, _)| v);
        let mut extra = BTreeMap::new();
        for (name, piece) in row.extra {
            self.ledger.consume(piece.id);
            extra.insert(name, piece.text);
        }
        let mut entry = Entry {
            error_type,
            message_id: None,
            cause,
            action,
            contacts: Vec::new(),
            extra,
            source_text: SourceText::default(),
            errata: Vec::new(),
            at: row.at,
        };
        // Text errata: the printed cell is replaced by its reviewed correction.
        for (f, slot) in [
            (Field::ErrorType, &mut entry.error_type),
            (Field::Cause, &mut entry.cause),
            (Field::Action, &mut entry.action),
        ] {
            if let Some(printed) = slot.clone() {
                if let Some((i, e)) = self.errata.find(self.version, &code, f, &printed) {
                    self.used_errata.insert(i);
                    *slot = Some(e.corrected.clone());
                    entry.errata.push(applied(e));
                }
            }
        }
        if let Some((printed, id_at)) = id_text {
            entry.message_id = self.message_id(&printed, id_at, &code, &mut entry);
            if entry.message_id.map(|m| m.to_string()) != Some(printed.clone()) {
                entry.source_text.message_id = Some(printed);
            }
        }
        if let Some(printed) = contact_text {
            let (printed, corrected) =
                match self
                    .errata
                    .find(self.version, &code, Field::Contacts, &printed)
                {
                    Some((i, e)) => {
                        self.used_errata.insert(i);
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
        if let Some(current) = self.codes.last_mut() {
            current.entries.push(entry);
        }
        Ok(())
    }

    /// Starts the group of `code` at `row` (its code cell at `at`): heading and message are
    /// the group's.
    fn start_group(
        &mut self,
        code: &str,
        row: &RawRow,
        at: Location,
    ) -> Result<(), NormalizeError> {
        if let Some(first) = self.first_seen.get(code) {
            return Err(NormalizeError::DuplicateCode {
                at,
                code: code.to_string(),
                first: first.clone(),
            });
        }
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
            self.diagnostics.push(Diagnostic::new(
                Severity::Error,
                at.clone(),
                format!("display code 「{code}」 is not three digits"),
            ));
        }
        self.first_seen.insert(code.to_string(), at);
        self.carried.clear();
        let heading = row.values.get(&Field::Heading);
        let message = row.values.get(&Field::Message);
        for piece in heading.iter().chain(&message) {
            self.ledger.consume(piece.id);
        }
        let (tags, title, heading_text) =
            text::split_heading(heading.map_or("", |p| p.text.as_str()));
        let message = message.map(|p| p.text.clone());
        if let (Some(m), true) = (&message, code.len() == 3) {
            if let Some(named) = text::code_named_in_message(m) {
                if named != code {
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        row.loc.get(&Field::Message).unwrap_or(&row.here).clone(),
                        format!("the message ends in 【{named}：…】 but belongs to code {code}"),
                    ));
                }
            }
        }
        self.codes.push(Code {
            code: code.to_string(),
            tags,
            title,
            message,
            heading_text,
            entries: Vec::new(),
        });
        Ok(())
    }

    /// The row's value of `f` and where it was printed: its own cell's, or (blank or covered)
    /// the one carried down from the cell above it in the group.
    fn value(&mut self, row: &RawRow, f: Field) -> Option<(String, Location)> {
        match row.values.get(&f) {
            Some(piece) => {
                self.ledger.consume(piece.id);
                let at = row.loc.get(&f).unwrap_or(&row.here).clone();
                self.carried.insert(f, (piece.text.clone(), at));
            }
            None if !self.carried.contains_key(&f) => return None,
            None => {}
        }
        self.carried.get(&f).cloned()
    }

    /// The message ID printed `printed` at `at`, or its reviewed correction when malformed.
    fn message_id(
        &mut self,
        printed: &str,
        at: Location,
        code: &str,
        entry: &mut Entry,
    ) -> Option<MessageId> {
        let why = match message_id::parse(printed) {
            ParsedMessageId::None => return None,
            ParsedMessageId::Valid(id) => return Some(id),
            ParsedMessageId::Malformed(why) => why,
        };
        let version = self.version;
        let mut diagnostic = Diagnostic::new(
            Severity::Error,
            at,
            format!("malformed message ID 「{printed}」: {why}"),
        );
        let id = match self.errata.find(version, code, Field::MessageId, printed) {
            Some((i, e)) => {
                self.used_errata.insert(i);
                match message_id::parse(&e.corrected) {
                    ParsedMessageId::Valid(id) => {
                        diagnostic.corrected = Some(e.reason.clone());
                        if !entry.errata.iter().any(|a| a.field == Field::MessageId) {
                            entry.errata.push(applied(e));
                        }
                        Some(id)
                    }
                    _ => {
                        diagnostic.message.push_str(&format!(
                            "; the erratum's correction 「{}」 is not a valid message ID either",
                            e.corrected
                        ));
                        None
                    }
                }
            }
            None => {
                diagnostic.message.push_str(&format!(
                    "; correct it in input/errata.yaml (version {version}, code {code}, field message_id)"
                ));
                None
            }
        };
        // The same merged cell fills several rows: report it once.
        if !self
            .diagnostics
            .iter()
            .any(|d| d.at == diagnostic.at && d.message == diagnostic.message)
        {
            self.diagnostics.push(diagnostic);
        }
        id
    }
}

/// A display code as printed, white space removed; one or two digits padded to three.
fn display_code(printed: &str) -> String {
    let digits: String = printed.chars().filter(|ch| !ch.is_whitespace()).collect();
    if !digits.is_empty() && digits.len() < 3 && digits.chars().all(|d| d.is_ascii_digit()) {
        format!("{digits:0>3}")
    } else {
        digits
    }
}

fn applied(e: &Erratum) -> AppliedErratum {
    AppliedErratum {
        field: e.field,
        printed: e.printed.clone(),
        corrected: e.corrected.clone(),
        reason: e.reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_display_codes_are_padded_to_three_digits() {
        assert_eq!(display_code("1"), "001");
        assert_eq!(display_code(" 4 2"), "042");
        assert_eq!(display_code("901"), "901");
        assert_eq!(display_code("A1"), "A1");
    }
}
