//! `input/errata.yaml`: reviewed corrections of defects in the official sources, applied while
//! normalizing and recorded in the model next to the printed text.

use serde::Deserialize;

use crate::model::yaml::{self, YamlError};
use crate::model::Field;

/// One reviewed correction: in revision `version`, under display code `code`, a `field` cell
/// printed `printed` is read as `corrected`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    pub version: String,
    pub code: String,
    pub field: Field,
    pub printed: String,
    pub corrected: String,
    pub reason: String,
}

/// All errata, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errata {
    pub file: String,
    pub items: Vec<Erratum>,
}

impl Errata {
    pub fn parse(file: &str, text: &str) -> Result<Errata, YamlError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ErrataFile {
            #[serde(default)]
            errata: Vec<Erratum>,
        }
        let parsed: ErrataFile = yaml::from_str(file, text)?;
        for e in &parsed.errata {
            if e.field == Field::Code {
                return Err(YamlError::invalid(
                    file,
                    format!(
                        "erratum for {} code {}: the code itself cannot be corrected",
                        crate::terminal::quote(&e.version),
                        crate::terminal::quote(&e.code)
                    ),
                ));
            }
        }
        Ok(Errata {
            file: file.to_string(),
            items: parsed.errata,
        })
    }

    /// The erratum for this cell, if one was reviewed, with its position in the file (so the
    /// caller can tell which errata matched nothing). The printed text matches ignoring white
    /// space and line breaks: where a PDF producer breaks or spaces a cell depends on its
    /// column widths (issue 11: Chromium prints 901's range as `0xF0000000~` /
    /// `0xF7FFFFF`, the 1.20 PDF as `0xF0000000~ 0xF7FFFFF`).
    pub fn find(
        &self,
        version: &str,
        code: &str,
        field: Field,
        printed: &str,
    ) -> Option<(usize, &Erratum)> {
        self.items.iter().enumerate().find(|(_, e)| {
            e.version == version
                && e.code == code
                && e.field == field
                && same_but_white_space(&e.printed, printed)
        })
    }
}

/// Whether `a` and `b` are the same text once white space (line breaks included) is removed.
fn same_but_white_space(a: &str, b: &str) -> bool {
    let ink = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<Vec<char>>()
    };
    ink(a) == ink(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_text_matches_however_the_producer_broke_or_spaced_it() {
        let errata = Errata {
            file: "errata.yaml".into(),
            items: vec![Erratum {
                version: "1.20".into(),
                code: "901".into(),
                field: Field::MessageId,
                printed: "0xF0000000~ 0xF7FFFFF".into(),
                corrected: "0xF0000000~0xF7FFFFFF".into(),
                reason: "one F dropped in print".into(),
            }],
        };
        let find = |printed| errata.find("1.20", "901", Field::MessageId, printed);
        for printed in [
            "0xF0000000~ 0xF7FFFFF",
            "0xF0000000~0xF7FFFFF",
            "0xF0000000~\n0xF7FFFFF",
            " 0xF0000000 ~\n 0xF7FFFFF ",
        ] {
            assert_eq!(find(printed).map(|(i, _)| i), Some(0), "{printed:?}");
        }
        // Other characters still differ.
        assert!(find("0xF0000000~0xF7FFFFFF").is_none());
        assert!(find("0xF0000000-0xF7FFFFF").is_none());
        assert!(errata
            .find("1.20", "902", Field::MessageId, "0xF0000000~0xF7FFFFF")
            .is_none());
    }
}
