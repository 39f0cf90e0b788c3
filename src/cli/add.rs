//! `add FILE`: files a downloaded source under `input/<version>/`, the version read from the
//! document's title line (「… 1.21版」) as `build` reads it, and then says what
//! `input/names.yaml` and `input/errata.yaml` still need before `build` accepts the revision.
//! Input: a source file (.pdf, .xlsx, .ods) anywhere; output: the copy, and the lines to add.
//! It never overwrites a different file, never edits `names.yaml` or `errata.yaml` (their
//! identifiers and corrections are for a person to choose and review), and writes nothing
//! when the file cannot be read as a catalog.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::app::Project;
use crate::error::Error;
use crate::model::message_id::{self, ParsedMessageId};
use crate::model::{self, Catalog, Field};
use crate::read;
use crate::terminal;

use super::say;

/// Where [`file`] put the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    /// `input/<version>/<file name>` under the root.
    pub dest: PathBuf,
    pub version: String,
    /// False when the same bytes were already there.
    pub copied: bool,
}

/// Reads `src` as a catalog, and copies it to `input/<version>/` under its own name (moves
/// it, when it lies directly in `input/`, where `build` refuses it). Prints what it did.
pub fn file(project: &Project, src: &Path) -> Result<Filed, Error> {
    let name = project.display(src);
    let Some(file_name) = src.file_name().filter(|_| read::kind_of(src).is_some()) else {
        return Err(Error::Usage(format!(
            "{name}: not a source file (add takes a .pdf, .xlsx or .ods)"
        )));
    };
    let bytes = read::read_file(src, &name, read::SOURCE_LIMIT)?;
    let normalized = project.ingest(src)?;
    let catalog = &normalized.catalog;
    // The file was opened twice: the bytes copied must be the bytes read as this version.
    if read::hex_digest(&bytes) != catalog.document.source.sha256 {
        return Err(Error::Usage(format!(
            "{name}: the file changed while it was read; run add again"
        )));
    }
    let version = catalog.document.version.clone();
    // The version names a folder: digits and dots only (DESIGN §7).
    model::check_version(&version)
        .map_err(|why| Error::Usage(format!("{name}: title line: {why}")))?;
    let input = project.root.join("input");
    let dir = input.join(&version);
    let dest = dir.join(file_name);
    let shown = project.display(&dest);
    let filed = |copied| Filed {
        dest: dest.clone(),
        version: version.clone(),
        copied,
    };
    match std::fs::symlink_metadata(&dest) {
        Ok(meta) if !meta.is_file() => {
            return Err(Error::Usage(format!(
                "{shown}: is {}, not a regular file; remove it to file {name} there",
                read::file::kind(&meta)
            )))
        }
        Ok(_) => {
            let there = read::read_file(&dest, &shown, read::SOURCE_LIMIT)?;
            if there != bytes {
                return Err(Error::Usage(format!(
                    "{shown}: already exists with other content; remove it first to file \
                     {name} there"
                )));
            }
            let same = src.canonicalize().ok() == dest.canonicalize().ok();
            say(&if same {
                format!("{shown}: already filed, revision {version}")
            } else {
                format!("{shown}: already filed (same bytes as {name}), revision {version}")
            });
            return Ok(filed(false));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&dest, e)),
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    write_new(&dest, &bytes)?;
    let loose = src
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .is_some_and(|p| input.canonicalize().is_ok_and(|i| i == p));
    if loose {
        std::fs::remove_file(src).map_err(|e| Error::io(src, e))?;
        say(&format!("moved {name} to {shown} (revision {version})"));
    } else {
        say(&format!("copied {name} to {shown} (revision {version})"));
    }
    Ok(filed(true))
}

/// Writes `bytes` to a file that must not exist yet (a file that appeared meanwhile is not
/// overwritten); removes what it wrote when writing fails.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    if let Err(e) = f.write_all(bytes).and_then(|()| f.sync_all()) {
        drop(f);
        let _ = std::fs::remove_file(path);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// One erratum to fill in: `input/errata.yaml`'s fields, with the correction and the reason
/// left for the reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Blank {
    version: String,
    code: String,
    field: Field,
    printed: String,
    corrected: String,
    reason: String,
}

/// The errata a revision still needs: one per malformed message ID that no erratum corrects
/// (the printed text is kept in `source_text`, the ID left out), once per cell.
fn errata_needed(catalog: &Catalog) -> Vec<Blank> {
    let mut out: Vec<Blank> = Vec::new();
    for (code, entry) in catalog.entries() {
        let Some(printed) = &entry.source_text.message_id else {
            continue;
        };
        if entry.message_id.is_some()
            || !matches!(message_id::parse(printed), ParsedMessageId::Malformed(_))
        {
            continue;
        }
        let blank = Blank {
            version: catalog.document.version.clone(),
            code: code.code.clone(),
            field: Field::MessageId,
            printed: printed.clone(),
            corrected: String::new(),
            reason: String::new(),
        };
        if !out.contains(&blank) {
            out.push(blank);
        }
    }
    out
}

/// After `lint` of the filed copy: prints what `names.yaml` and `errata.yaml` still need, as
/// lines to paste, and returns the exit code: 0 when `build` would accept the revision, 1 when
/// something is left to do (the file is filed either way).
pub fn advise(project: &Project, filed: &Filed) -> Result<i32, Error> {
    let normalized = project.ingest(&filed.dest)?;
    let (names_file, names) = project.names()?;
    let missing = names.missing(&normalized.catalog);
    let errata = errata_needed(&normalized.catalog);
    let blocking = normalized.diagnostics.iter().filter(|d| d.blocks()).count();
    let mut text = String::new();
    if !missing.is_empty() {
        text.push_str(&format!(
            "\n{names_file} needs {} line{} (choose each identifier: ASCII, UpperCamelCase):\n",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        ));
        for section in ["contacts", "tags"] {
            let lines: Vec<_> = missing.iter().filter(|m| m.section == section).collect();
            if lines.is_empty() {
                continue;
            }
            text.push_str(&format!("  {section}:\n"));
            for m in lines {
                text.push_str(&format!(
                    "    {}: Identifier    # used by {}\n",
                    yaml_key(&m.name),
                    m.first_use
                ));
            }
        }
    }
    if !errata.is_empty() {
        let yaml = serde_yaml::to_string(&errata)
            .map_err(|e| Error::Usage(format!("add: cannot write the errata: {e}")))?;
        text.push_str(&format!(
            "\ninput/errata.yaml needs {} errat{} under `errata:` (check the printed text in \
             the source, then fill in corrected and reason):\n",
            errata.len(),
            if errata.len() == 1 { "um" } else { "a" }
        ));
        for line in yaml.lines() {
            text.push_str(&format!("  {line}\n"));
        }
    }
    if blocking > 0 {
        text.push_str(&format!(
            "\n{blocking} source error{} above stop{} the build until corrected\n",
            if blocking == 1 { "" } else { "s" },
            if blocking == 1 { "s" } else { "" }
        ));
    }
    let done = missing.is_empty() && blocking == 0;
    if done {
        text.push_str(&format!(
            "\nrevision {} is ready: run `oqs-catalog build`\n",
            filed.version
        ));
    } else {
        text.push_str("\nthen run `oqs-catalog build`\n");
    }
    print!("{}", terminal::text(&text));
    Ok(if done { 0 } else { 1 })
}

/// A mapping key as YAML reads it back: plain when that is safe, else double-quoted.
fn yaml_key(name: &str) -> String {
    let mut one = std::collections::BTreeMap::new();
    one.insert(name, "x");
    serde_yaml::to_string(&one)
        .ok()
        .and_then(|s| s.strip_suffix(": x\n").map(str::to_string))
        .unwrap_or_else(|| format!("{name:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_quoted_only_when_yaml_needs_it() {
        assert_eq!(
            yaml_key("顔認証付きカードリーダーベンダー"),
            "顔認証付きカードリーダーベンダー"
        );
        let quoted = yaml_key("a: b");
        let back: std::collections::BTreeMap<String, String> =
            serde_yaml::from_str(&format!("{quoted}: X\n")).expect("reads back");
        assert_eq!(back.keys().next().map(String::as_str), Some("a: b"));
    }
}
