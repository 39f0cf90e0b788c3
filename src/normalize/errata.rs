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
    /// caller can tell which errata matched nothing).
    pub fn find(
        &self,
        version: &str,
        code: &str,
        field: Field,
        printed: &str,
    ) -> Option<(usize, &Erratum)> {
        self.items.iter().enumerate().find(|(_, e)| {
            e.version == version && e.code == code && e.field == field && e.printed == printed
        })
    }
}
