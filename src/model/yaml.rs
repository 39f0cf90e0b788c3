//! YAML and JSON text of the model. Errors carry `file:line:column`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Catalog;

/// A YAML file that could not be read as the expected structure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct YamlError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl YamlError {
    pub fn invalid(file: &str, message: String) -> YamlError {
        YamlError {
            file: file.to_string(),
            line: None,
            column: None,
            message,
        }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Deserializes `text`, naming `file` and the position in any error.
pub fn from_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let loc = e.location();
        let mut message = e.to_string();
        // yaml_serde appends " at line L column C"; the position goes in front instead.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        YamlError {
            file: file.to_string(),
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            message,
        }
    })
}

/// The model as YAML, preceded by `header` (comment lines, each starting with `# `).
pub fn to_yaml(catalog: &Catalog, header: &str) -> String {
    // Serializing plain data structs with string keys cannot fail.
    let body = serde_yaml::to_string(catalog).unwrap_or_default();
    format!("{header}{body}")
}

/// The model as JSON with exactly the YAML's structure.
pub fn to_json(value: &impl Serialize) -> String {
    // Serializing plain data structs with string keys cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// Loads a model written by [`to_yaml`], checking its format version.
pub fn load(file: &str, text: &str) -> Result<Catalog, YamlError> {
    let catalog: Catalog = from_str(file, text)?;
    if catalog.format != super::FORMAT {
        return Err(YamlError::invalid(
            file,
            format!(
                "model format {} is not the format this tool reads ({})",
                catalog.format,
                super::FORMAT
            ),
        ));
    }
    Ok(catalog)
}
