//! YAML and JSON text of the model, and the one door through which YAML input is read
//! (models, `names.yaml`, `errata.yaml`, the identifiers ledger). Errors carry
//! `file:line:column`.
//!
//! YAML input is plain data here: a file larger than [`YAML_LIMIT`], an explicit tag
//! (`!!binary`, `!custom`: yaml_serde would drop it silently), or aliases that repeat more than
//! the document holds is an error with its position, before anything is deserialized.

mod scan;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Catalog;
use crate::diagnostic::Location;

/// A YAML file that could not be read as the expected structure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct YamlError {
    /// The file, and the line and column when the parser knows them.
    pub at: Location,
    pub message: String,
}

impl YamlError {
    pub fn invalid(file: &str, message: String) -> YamlError {
        YamlError {
            at: Location::file(file),
            message,
        }
    }
}

/// The largest YAML file read, in bytes: about 140 times the 1.20 model (58 KB). Parsing
/// holds every event of the document in memory, so the size of the text bounds the work.
pub const YAML_LIMIT: u64 = 8 << 20;

/// Deserializes `text`, naming `file` and the position in any error.
pub fn from_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, YamlError> {
    if text.len() as u64 > YAML_LIMIT {
        return Err(YamlError::invalid(
            file,
            format!(
                "{} bytes, more than the {YAML_LIMIT} bytes of YAML this tool reads",
                text.len()
            ),
        ));
    }
    if let Some(found) = scan::scan(text) {
        let message = match found.problem {
            scan::Problem::Tag(tag) => format!(
                "YAML tag `{}` is not accepted (the file holds plain data: strings, numbers, \
                 lists and mappings)",
                crate::terminal::quote(&short_tag(&tag))
            ),
            scan::Problem::Nodes => format!(
                "more than {} YAML nodes (the 1.20 model has about 3,000)",
                scan::MAX_NODES
            ),
            scan::Problem::Depth => format!(
                "YAML nested more than {} levels deep (these files need about eight)",
                scan::MAX_DEPTH
            ),
            scan::Problem::Expansion { plain, repeated } => format!(
                "YAML aliases repeat {repeated} units of content in a document of {plain} \
                 (at most {} more than the document holds)",
                scan::ALIAS_SLACK
            ),
        };
        return Err(YamlError {
            at: Location::line(file, found.line, found.column),
            message,
        });
    }
    serde_yaml::from_str(text).map_err(|e| {
        let loc = e.location();
        let mut message = e.to_string();
        // yaml_serde appends " at line L column C"; the position goes in front instead.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        YamlError {
            at: match loc {
                Some(l) => Location::line(file, l.line(), l.column()),
                None => Location::file(file),
            },
            // serde quotes the offending value whole: a 52 MB scalar made a 52 MB message.
            message: clip_quoted(&message),
        }
    })
}

/// A tag as it was written: `!!binary` for the YAML 1.1 core tags libyaml resolved.
fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(name) => format!("!!{name}"),
        None => tag.to_string(),
    }
}

/// `message` with every run between a pair of `"` or `` ` `` quotes capped as
/// [`crate::terminal::quote`] caps a value.
fn clip_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        // serde writes strings with `{:?}`, so an inner quote is escaped as `\"`.
        let close = after
            .char_indices()
            .scan(false, |escaped, (i, c)| {
                let is_close = !*escaped && c.to_string() == quote;
                *escaped = !*escaped && c == '\\';
                Some((i, is_close))
            })
            .find(|&(_, is_close)| is_close)
            .map(|(i, _)| i);
        let Some(close) = close else {
            out.push_str(&crate::terminal::quote(after));
            return out;
        };
        out.push_str(&crate::terminal::quote(&after[..close]));
        out.push_str(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The model as YAML, preceded by `header` (comment lines, each starting with `# `). An error
/// names the model's source file: nothing is written from a model that cannot be serialized.
pub fn to_yaml(catalog: &Catalog, header: &str) -> Result<String, YamlError> {
    let body = to_yaml_text(&catalog.document.source.file, catalog)?;
    Ok(format!("{header}{body}"))
}

/// `value` as YAML; an error names `file` (what the text is of) and stops the caller, so no
/// empty file is ever written in its place.
pub fn to_yaml_text(file: &str, value: &impl Serialize) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|e| {
        YamlError::invalid(
            file,
            format!("cannot be written as YAML: {}", clip_quoted(&e.to_string())),
        )
    })
}

/// The model as JSON with exactly the YAML's structure.
pub fn to_json(value: &impl Serialize) -> String {
    // Serializing plain data structs with string keys cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// Loads a model written by [`to_yaml`], checking its format version and its version (file
/// names are made from it).
pub fn load(file: &str, text: &str) -> Result<Catalog, YamlError> {
    let catalog: Catalog = from_str(file, text)?;
    if let Err(why) = super::check_version(&catalog.document.version) {
        return Err(YamlError::invalid(file, format!("document.version: {why}")));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A value whose serialization fails, as a model with a broken `Serialize` would.
    struct Unwritable;

    impl Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no YAML for this"))
        }
    }

    #[test]
    fn a_value_that_cannot_be_written_is_an_error_not_an_empty_text() {
        let e = to_yaml_text("generated/identifiers.yaml", &Unwritable).unwrap_err();
        assert_eq!(e.at, Location::file("generated/identifiers.yaml"));
        assert_eq!(
            e.to_string(),
            "generated/identifiers.yaml: cannot be written as YAML: no YAML for this"
        );
    }
}
