//! `lookup ID [--in FILE | --version V]`: every entry for a message ID (ranges included), in
//! a source file or model, or in a generated model (the newest by default).

use std::path::Path;

use crate::app::Project;
use crate::error::Error;
use crate::model::{self, Catalog};
use crate::terminal;

/// Parses `0x04000011`, `04000011` or `4000011` (any case) into a message ID value.
pub fn parse_id(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

pub fn run(
    project: &Project,
    id: &str,
    input: Option<&Path>,
    version: Option<&str>,
) -> Result<i32, Error> {
    let Some(value) = parse_id(id) else {
        return Err(Error::Usage(format!(
            "`{}` is not a message ID (expected up to eight hex digits, e.g. 0x04000001)",
            terminal::quote(id)
        )));
    };
    let catalog = match input {
        Some(path) => project.load_any(path)?,
        None => project.generated_model(version)?,
    };
    print!("{}", terminal::text(&lookup_report(&catalog, value)));
    Ok(0)
}

/// The text `lookup` prints for one message ID.
pub fn lookup_report(catalog: &Catalog, id: u32) -> String {
    use std::fmt::Write as _;
    let hits = catalog.lookup(id);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} entr{} in revision {}",
        model::message_id::hex(id),
        hits.len(),
        if hits.len() == 1 { "y" } else { "ies" },
        catalog.document.version
    );
    for (code, e) in hits {
        let tags: String = code.tags.iter().map(|t| format!("【{t}】")).collect();
        let _ = writeln!(s, "\n{} {tags}{}  ({})", code.code, code.title, e.at);
        let one = |v: &Option<String>| v.as_deref().unwrap_or("").replace('\n', "\n              ");
        let _ = writeln!(
            s,
            "  message ID  {}",
            e.message_id.map(|m| m.to_string()).unwrap_or_default()
        );
        let _ = writeln!(s, "  error type  {}", one(&e.error_type));
        let _ = writeln!(s, "  cause       {}", one(&e.cause));
        let _ = writeln!(s, "  action      {}", one(&e.action));
        let _ = writeln!(s, "  contact     {}", one(&e.contacts_text()));
    }
    s
}
