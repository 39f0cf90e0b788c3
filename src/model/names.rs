//! `input/names.yaml`: stable ASCII identifiers for the Japanese names that generated code
//! needs (contacts and tags). A name missing there stops `build` with a message saying which
//! entry to add; two names may not share an identifier.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::yaml::{self, YamlError};
use super::Catalog;
use crate::terminal::quote;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    #[serde(default)]
    pub contacts: BTreeMap<String, String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A name the catalog uses that `names.yaml` lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingName {
    pub section: &'static str,
    pub name: String,
    /// Where the catalog uses it first, e.g. `code 001`.
    pub first_use: String,
}

impl Names {
    /// Parses and validates `names.yaml`: identifiers are ASCII UpperCamelCase, unique per
    /// section.
    pub fn parse(file: &str, text: &str) -> Result<Names, YamlError> {
        let names: Names = yaml::from_str(file, text)?;
        for (section, map) in [("contacts", &names.contacts), ("tags", &names.tags)] {
            let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
            for (name, ident) in map {
                if !is_identifier(ident) {
                    return Err(YamlError::invalid(
                        file,
                        format!(
                            "{section}: `{}` (for {}) is not an ASCII identifier starting with \
                             an upper-case letter",
                            quote(ident),
                            quote(name)
                        ),
                    ));
                }
                if let Some(other) = seen.insert(ident, name) {
                    return Err(YamlError::invalid(
                        file,
                        format!(
                            "{section}: identifier `{}` is given to both {} and {}",
                            quote(ident),
                            quote(other),
                            quote(name)
                        ),
                    ));
                }
            }
        }
        Ok(names)
    }

    /// Every contact name and tag of `catalog` that has no identifier here.
    pub fn missing(&self, catalog: &Catalog) -> Vec<MissingName> {
        let mut out: Vec<MissingName> = Vec::new();
        let mut push = |section: &'static str, name: &str, first_use: String| {
            if !out.iter().any(|m| m.section == section && m.name == name) {
                out.push(MissingName {
                    section,
                    name: name.to_string(),
                    first_use,
                });
            }
        };
        for code in &catalog.codes {
            for tag in &code.tags {
                if !self.tags.contains_key(tag) {
                    push("tags", tag, format!("code {}", code.code));
                }
            }
            for entry in &code.entries {
                for c in &entry.contacts {
                    if !self.contacts.contains_key(&c.name) {
                        push(
                            "contacts",
                            &c.name,
                            format!("code {} ({})", code.code, entry.at),
                        );
                    }
                }
            }
        }
        out
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('A'..='Z')) && chars.all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_and_duplicate_identifiers() {
        let bad = "contacts:\n  ベンダー: vendor\n";
        assert!(Names::parse("names.yaml", bad)
            .unwrap_err()
            .to_string()
            .contains("`vendor`"));
        let dup = "tags:\n  甲: Same\n  乙: Same\n";
        let err = Names::parse("names.yaml", dup).unwrap_err().to_string();
        assert!(err.contains("given to both"), "{err}");
        let ok = "contacts:\n  ベンダー: Vendor\n";
        assert_eq!(
            Names::parse("names.yaml", ok).unwrap().contacts["ベンダー"],
            "Vendor"
        );
    }
}
