//! Findings that do not stop the work by themselves (source defects, reader warnings and
//! notes) and where things are: [`Location`], the one position type every error and warning
//! carries, as data. Every stage returns its findings beside its result (DESIGN §2); the driver
//! decides what stops a build, and the CLI prints them (as text through `Display`, here and
//! nowhere else, or as JSON through `Serialize`).
//!
//! It imports nothing of the crate: it is the bottom layer.

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;

/// How serious a finding is: errors stop `build`, warnings stop it only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    /// Not a defect: something a reader should check (`lint` lists it, `build` does not).
    Note,
}

impl Severity {
    /// The word printed before the message: `error`, `warning`, `note`.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Where something is: a file and a place in it.
///
/// Text forms (the one rendering, [`fmt::Display`]): `file` (whole file), `file: page 3`,
/// `file: page 4, table row 7, column 5`, `file: sheet 一覧`, `file: 一覧!E52`,
/// `names.yaml:12:5`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file as named to the user.
    pub file: String,
    /// Boxed: a location travels in every error, and `Result`s stay small.
    #[serde(flatten)]
    pub place: Box<Place>,
}

/// A place inside a file. JSON: `{"kind": "cell", "sheet": "一覧", "cell": "E52"}` and so on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// The file as a whole.
    File,
    /// A PDF page (1-based), optionally a cell of a table on it (1-based row and column of
    /// the cell's top-left slot) and the box the thing occupies.
    Page {
        page: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        bbox: Option<BBox>,
    },
    /// A whole sheet of a workbook.
    Sheet { sheet: String },
    /// A cell of a sheet, by its reference (`E52`).
    Cell { sheet: String, cell: String },
    /// A 1-based line and column of a text file (YAML).
    Line { line: usize, column: usize },
}

/// `[x0, y0, x1, y1]` in PDF points, origin at the top left of the page (as `grid::Cell`).
/// Compared and ordered bit for bit (`f64::total_cmp`) so locations can be sorted and
/// deduplicated.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
pub struct BBox(pub [f64; 4]);

impl PartialEq for BBox {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for BBox {}

impl PartialOrd for BBox {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BBox {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| a.total_cmp(b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl std::hash::Hash for BBox {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for v in self.0 {
            v.to_bits().hash(state);
        }
    }
}

impl Location {
    /// The whole of `file`.
    pub fn file(file: &str) -> Location {
        Location::new(file, Place::File)
    }

    /// A whole PDF page.
    pub fn page(file: &str, page: u32) -> Location {
        Location::new(
            file,
            Place::Page {
                page,
                row: None,
                column: None,
                bbox: None,
            },
        )
    }

    /// The table cell whose top-left slot is (`row`, `col`), 0-based as in the grid.
    pub fn table_cell(
        file: &str,
        page: u32,
        row: usize,
        col: usize,
        bbox: Option<[f64; 4]>,
    ) -> Location {
        Location::new(
            file,
            Place::Page {
                page,
                row: Some(row + 1),
                column: Some(col + 1),
                bbox: bbox.map(BBox),
            },
        )
    }

    /// A whole sheet.
    pub fn sheet(file: &str, sheet: &str) -> Location {
        Location::new(
            file,
            Place::Sheet {
                sheet: sheet.to_string(),
            },
        )
    }

    /// A sheet's cell by reference (`E52`).
    pub fn cell(file: &str, sheet: &str, cell: &str) -> Location {
        Location::new(
            file,
            Place::Cell {
                sheet: sheet.to_string(),
                cell: cell.to_string(),
            },
        )
    }

    /// A 1-based line and column of a text file.
    pub fn line(file: &str, line: usize, column: usize) -> Location {
        Location::new(file, Place::Line { line, column })
    }

    /// `place` in `file`.
    pub fn new(file: &str, place: Place) -> Location {
        Location {
            file: file.to_string(),
            place: Box::new(place),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place.as_ref() {
            Place::File => f.write_str(&self.file),
            Place::Line { line, column } => write!(f, "{}:{line}:{column}", self.file),
            place => write!(f, "{}: {place}", self.file),
        }
    }
}

/// The place without its file (`page 4, table row 7, column 5`, `一覧!E52`, `12:5`), for a
/// message that has named the file already.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => f.write_str("the whole file"),
            Place::Page {
                page,
                row: Some(row),
                column: Some(column),
                ..
            } => write!(f, "page {page}, table row {row}, column {column}"),
            Place::Page { page, .. } => write!(f, "page {page}"),
            Place::Sheet { sheet } => write!(f, "sheet {sheet}"),
            Place::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
            Place::Line { line, column } => write!(f, "{line}:{column}"),
        }
    }
}

/// A source defect or a reader's finding, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub at: Location,
    pub message: String,
    /// The reason of the erratum that corrects it, when `input/errata.yaml` has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
}

impl Diagnostic {
    /// A finding no erratum corrects.
    pub fn new(severity: Severity, at: Location, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            at,
            message,
            corrected: None,
        }
    }

    /// Whether it still blocks a build (an error no erratum corrects).
    pub fn blocks(&self) -> bool {
        self.shown() == Severity::Error
    }

    /// The severity it is reported and counted with: a defect an erratum corrects is a note,
    /// whatever it would be without the erratum (issue 15: `lint` printed `error:` and then
    /// "0 errors").
    pub fn shown(&self) -> Severity {
        match self.corrected {
            Some(_) => Severity::Note,
            None => self.severity,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.corrected {
            Some(reason) => write!(
                f,
                "{}: {}: corrected by errata: {} ({reason})",
                self.at,
                self.shown().word(),
                self.message
            ),
            None => write!(f, "{}: {}: {}", self.at, self.severity.word(), self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_render_as_the_messages_always_did() {
        let cases = [
            (Location::file("input/errata.yaml"), "input/errata.yaml"),
            (Location::page("a.pdf", 3), "a.pdf: page 3"),
            (
                Location::table_cell("a.pdf", 4, 6, 4, Some([1.0, 2.0, 3.0, 4.0])),
                "a.pdf: page 4, table row 7, column 5",
            ),
            (Location::sheet("a.xlsx", "一覧"), "a.xlsx: sheet 一覧"),
            (Location::cell("a.xlsx", "一覧", "E52"), "a.xlsx: 一覧!E52"),
            (Location::line("names.yaml", 12, 5), "names.yaml:12:5"),
        ];
        for (at, text) in cases {
            assert_eq!(at.to_string(), text);
        }
    }

    #[test]
    fn locations_serialize_as_structured_data() {
        let at = Location::table_cell("a.pdf", 4, 6, 4, Some([1.0, 2.0, 3.0, 4.0]));
        assert_eq!(
            serde_json::to_value(&at).unwrap(),
            serde_json::json!({
                "file": "a.pdf", "kind": "page", "page": 4, "row": 7, "column": 5,
                "bbox": [1.0, 2.0, 3.0, 4.0]
            })
        );
        let at = Location::cell("a.xlsx", "一覧", "E52");
        assert_eq!(
            serde_json::to_value(&at).unwrap(),
            serde_json::json!({"file": "a.xlsx", "kind": "cell", "sheet": "一覧", "cell": "E52"})
        );
    }

    #[test]
    fn a_diagnostic_prints_its_location_first() {
        let d = Diagnostic {
            corrected: Some("typo".into()),
            ..Diagnostic::new(
                Severity::Error,
                Location::cell("a.xlsx", "一覧", "E52"),
                "bad".into(),
            )
        };
        assert_eq!(
            d.to_string(),
            "a.xlsx: 一覧!E52: note: corrected by errata: bad (typo)"
        );
    }
}
