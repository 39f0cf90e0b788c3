//! The ZIP package around both formats (ECMA-376 Part 2 OPC, ODF 1.2 Part 3): finds a part by
//! name and unpacks it whole, checked and counted.
//!
//! Input: the file's bytes. Output: the bytes of named parts. Before any part is read the
//! package is refused when its directory lists one name twice (or, for OPC, two names that
//! differ only in case: OPC compares part names without case, Part 2 §9.1.1.4), when local
//! headers and directory disagree, or when the sizes it declares already exceed the budget.
//! Every part read is unpacked to its end, so its CRC-32 is checked (a damaged entry is an
//! error, not a blank sheet), and every byte unpacked is counted against the workbook's budget,
//! whatever the directory claims. It knows nothing of what the parts mean.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::budget::{Budget, MAX_UNPACKED};
use super::{SheetError, SheetFormat};

/// An opened package.
pub struct Package<'b> {
    file: &'b str,
    format: SheetFormat,
    archive: ZipArchive<Cursor<&'b [u8]>>,
    /// Part name (lower-cased for OPC) → entry index.
    index: HashMap<String, usize>,
}

impl<'b> Package<'b> {
    pub fn open(file: &'b str, bytes: &'b [u8], format: SheetFormat) -> Result<Self, SheetError> {
        let mut archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| SheetError::open(file, format, e.to_string()))?;
        if archive.has_duplicate_names() {
            return Err(SheetError::DuplicateEntry {
                file: file.to_string(),
                name: repeated_name(bytes, archive.central_directory_start())
                    .unwrap_or_else(|| "(unnamed)".to_string()),
            });
        }
        archive
            .validate_header_consistency()
            .map_err(|e| SheetError::open(file, format, e.to_string()))?;
        let mut declared: u64 = 0;
        let mut index = HashMap::new();
        for i in 0..archive.len() {
            let (name, size) = {
                let entry = archive
                    .by_index_raw(i)
                    .map_err(|e| SheetError::open(file, format, e.to_string()))?;
                let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
                (name, entry.size())
            };
            declared = declared.saturating_add(size);
            if declared > MAX_UNPACKED {
                return Err(SheetError::TooLarge {
                    file: file.to_string(),
                    part: name,
                    size_mib: size >> 20,
                    limit_mib: MAX_UNPACKED >> 20,
                });
            }
            let key = key(format, &name);
            if let Some(first) = index.insert(key, i) {
                let first = archive
                    .name_for_index(first)
                    .and_then(Result::ok)
                    .map(|n| n.into_owned())
                    .unwrap_or_default();
                return Err(SheetError::SameName {
                    file: file.to_string(),
                    first,
                    second: name,
                });
            }
        }
        Ok(Package {
            file,
            format,
            archive,
            index,
        })
    }

    /// The part's bytes, or `None` when the package has no such part.
    pub fn read(&mut self, name: &str, budget: &mut Budget) -> Result<Option<Vec<u8>>, SheetError> {
        let Some(&i) = self.index.get(&key(self.format, name)) else {
            return Ok(None);
        };
        let file = self.file;
        let damaged = |reason: String| SheetError::Damaged {
            file: file.to_string(),
            part: name.to_string(),
            reason,
        };
        let entry = self
            .archive
            .by_index(i)
            .map_err(|e| damaged(format!("it cannot be unpacked: {e}")))?;
        let left = budget.unpacked_left();
        let mut bytes = Vec::new();
        // One byte past what is left tells an exceeded budget from one used exactly.
        entry
            .take(left.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(io_reason(&e)))?;
        budget
            .unpack(bytes.len() as u64)
            .map_err(|what| SheetError::Budget {
                file: file.to_string(),
                place: name.to_string(),
                what,
            })?;
        Ok(Some(bytes))
    }
}

/// How a part name is looked up: OPC part names ignore case, ODF's do not.
fn key(format: SheetFormat, name: &str) -> String {
    match format {
        SheetFormat::Xlsx => name.to_lowercase(),
        SheetFormat::Ods => name.to_string(),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    if text.contains("checksum") {
        "its CRC-32 does not match its data".to_string()
    } else if text.contains("declared uncompressed size") {
        "it unpacks to more than its declared size".to_string()
    } else {
        format!("it cannot be unpacked: {text}")
    }
}

/// The first name the central directory lists twice (APPNOTE 4.3.12: each central header is
/// 46 bytes, then the name, extra field and comment). The zip crate keeps one entry per name,
/// so the repeated one is found by walking the directory itself.
fn repeated_name(bytes: &[u8], start: u64) -> Option<String> {
    let u16_at = |at: usize| -> Option<usize> {
        let b = bytes.get(at..at + 2)?;
        Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let mut seen = std::collections::HashSet::new();
    let mut at = usize::try_from(start).ok()?;
    while bytes.get(at..at + 4)? == b"PK\x01\x02" {
        let (n, m, k) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let name = bytes.get(at + 46..at + 46 + n)?;
        if !seen.insert(name) {
            return Some(String::from_utf8_lossy(name).into_owned());
        }
        at += 46 + n + m + k;
    }
    None
}

/// A deflated ZIP of `entries`, for tests.
#[cfg(test)]
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_part_and_counts_it() {
        let bytes = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
        let mut p = Package::open("t.xlsx", &bytes, SheetFormat::Xlsx).unwrap();
        let mut budget = Budget::default();
        let data = p.read("XL/Workbook.xml", &mut budget).unwrap();
        assert_eq!(
            data.as_deref(),
            Some(&b"<workbook/>"[..]),
            "OPC names ignore case"
        );
        assert_eq!(budget.unpacked_left(), MAX_UNPACKED - 11);
        assert!(p.read("xl/none.xml", &mut budget).unwrap().is_none());
    }

    #[test]
    fn names_equal_but_for_case_are_one_part_twice() {
        let bytes = zip_of(&[("a.xml", b"1"), ("A.XML", b"2")]);
        let e = Package::open("t.xlsx", &bytes, SheetFormat::Xlsx)
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            e,
            "t.xlsx: zip entries a.xml and A.XML name the same part (part names ignore case)"
        );
        // ODF part names keep case.
        assert!(Package::open("t.ods", &bytes, SheetFormat::Ods).is_ok());
    }

    #[test]
    fn exceeding_the_budget_while_unpacking_is_an_error() {
        let bytes = zip_of(&[("big.xml", &[b' '; 4096])]);
        let mut p = Package::open("t.ods", &bytes, SheetFormat::Ods).unwrap();
        let mut budget = Budget::default();
        budget.unpack(MAX_UNPACKED - 100).unwrap();
        let e = p.read("big.xml", &mut budget).err().unwrap().to_string();
        assert!(
            e.starts_with("t.ods: big.xml: the workbook unpacks to more than 256 MiB"),
            "{e}"
        );
    }
}
