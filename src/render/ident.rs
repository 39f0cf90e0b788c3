//! Identifiers of generated code (DESIGN §4), made by one function with explicit rules (after
//! prost-build), and a registry per namespace that turns a collision into an error instead of
//! silently generating code that does not compile or means something else.
//!
//! Rules of [`ident`]:
//! 1. The input is ASCII letters and digits, in words separated by `_`, `-`, `.` or spaces,
//!    or joined in UpperCamelCase. Anything else (Japanese names above all) is an error: such
//!    names get their identifier from `input/names.yaml` first.
//! 2. Words split at separators, before an upper-case letter that follows a lower-case letter,
//!    and before the last capital of an acronym followed by a lower-case letter
//!    (`OQSSystem` → `OQS` `System`). Digits never split a word, so hex digits stay one word
//!    (`8100000B`).
//! 3. [`Case::Verbatim`] keeps an UpperCamelCase name as written (identifiers from
//!    `names.yaml` are published and never re-cased); [`Case::UpperCamel`] capitalises each
//!    word; [`Case::ScreamingSnake`] upper-cases the words and joins them with `_`.
//! 4. The prefix is a word of its own; a result that starts with a digit is an error (give a
//!    prefix); a Rust keyword gets a trailing `_` (`Self` → `Self_`).

use std::collections::BTreeMap;

use super::RenderError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Verbatim,
    UpperCamel,
    ScreamingSnake,
}

const RUST_KEYWORDS: &[&str] = &[
    "Self", "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
    "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '_' | '-' | '.' | ' ') {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || (prev.is_ascii_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The identifier for `name` with `prefix` (may be empty) in `case`; `what` names the source
/// in errors (`contact 「…」`).
pub fn ident(prefix: &str, name: &str, case: Case, what: &str) -> Result<String, RenderError> {
    let bad = |why: &str| RenderError::Identifier {
        what: what.to_string(),
        name: name.to_string(),
        why: why.to_string(),
    };
    if name.is_empty() {
        return Err(bad("it is empty"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
    {
        return Err(bad(
            "only ASCII letters, digits and separators can make an identifier",
        ));
    }
    let mut all = words(prefix);
    let out = match case {
        Case::Verbatim => {
            if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad("a verbatim identifier has no separators"));
            }
            format!("{}{name}", all.concat())
        }
        Case::UpperCamel => {
            all.extend(words(name));
            all.iter()
                .map(|w| {
                    let mut cs = w.chars();
                    match cs.next() {
                        Some(f) => {
                            f.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase()
                        }
                        None => String::new(),
                    }
                })
                .collect()
        }
        Case::ScreamingSnake => {
            all.extend(words(name));
            all.iter()
                .map(|w| w.to_ascii_uppercase())
                .collect::<Vec<_>>()
                .join("_")
        }
    };
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(bad("an identifier cannot start with a digit"));
    }
    if RUST_KEYWORDS.contains(&out.as_str()) {
        return Ok(format!("{out}_"));
    }
    Ok(out)
}

/// Identifiers of one namespace (one enum, one set of constants); a second source for the same
/// identifier is an error naming both.
#[derive(Debug, Default)]
pub struct Namespace {
    name: &'static str,
    seen: BTreeMap<String, String>,
}

impl Namespace {
    pub fn new(name: &'static str) -> Namespace {
        Namespace {
            name,
            seen: BTreeMap::new(),
        }
    }

    /// Records `ident` for `source`; the same source may ask again.
    pub fn claim(&mut self, ident: String, source: &str) -> Result<String, RenderError> {
        match self.seen.get(&ident) {
            Some(other) if other != source => Err(RenderError::Collision {
                namespace: self.name,
                ident,
                first: other.clone(),
                second: source.to_string(),
            }),
            _ => {
                self.seen.insert(ident.clone(), source.to_string());
                Ok(ident)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let id = |p, n, c| ident(p, n, c, "test").unwrap();
        assert_eq!(id("Code", "001", Case::UpperCamel), "Code001");
        assert_eq!(id("OQS_CODE", "001", Case::ScreamingSnake), "OQS_CODE_001");
        assert_eq!(
            id("OQS_CONTACT", "EPrescriptionService", Case::ScreamingSnake),
            "OQS_CONTACT_E_PRESCRIPTION_SERVICE"
        );
        assert_eq!(id("", "OQSSystem", Case::ScreamingSnake), "OQS_SYSTEM");
        assert_eq!(id("", "OqsCallCenter", Case::Verbatim), "OqsCallCenter");
        assert_eq!(id("", "Self", Case::Verbatim), "Self_");
        assert_eq!(id("MSG", "8100000B", Case::ScreamingSnake), "MSG_8100000B");
        assert_eq!(
            id("MSG", "F0000000_F7FFFFFF", Case::ScreamingSnake),
            "MSG_F0000000_F7FFFFFF"
        );
    }

    #[test]
    fn refuses_what_cannot_be_an_identifier() {
        assert!(ident("", "ベンダー", Case::UpperCamel, "contact").is_err());
        assert!(ident("", "001", Case::UpperCamel, "code").is_err());
        assert!(ident("", "", Case::UpperCamel, "code").is_err());
    }

    #[test]
    fn collision_is_an_error() {
        let mut ns = Namespace::new("C constants");
        ns.claim("OQS_A_B".into(), "AB").unwrap();
        ns.claim("OQS_A_B".into(), "AB").unwrap();
        let err = ns.claim("OQS_A_B".into(), "A_B").unwrap_err().to_string();
        assert!(err.contains("`AB`") && err.contains("`A_B`"), "{err}");
    }
}
