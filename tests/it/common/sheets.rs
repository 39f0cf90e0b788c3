//! Workbooks built part by part, for the spreadsheet reader's tests: any XML in any part, so a
//! test can state exactly the hostile thing it feeds the reader (a claimed count, a far cell,
//! a repeat, a damaged entry), around a real catalog table.

use std::fmt::Write as _;
use std::io::Write;

use oqs_catalog::grid::Table;

use super::{HEADER, ROW, TITLE};

/// A ZIP of `entries` (name, bytes), deflated unless `stored`.
pub fn zip(entries: &[(&str, &[u8])], stored: bool) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        });
        for (name, data) in entries {
            zip.start_file(*name, opts).expect("zip entry");
            zip.write_all(data).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// XML text: `&`, `<`, `>` and `"` escaped.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The catalog's title, header and one row as SpreadsheetML rows (inline strings), rows 1–3.
pub fn catalog_rows() -> String {
    let mut s = String::new();
    let rows: [&[&str]; 3] = [&[TITLE], &HEADER, &ROW];
    for (r, row) in rows.iter().enumerate() {
        let _ = write!(s, "<row r=\"{}\">", r + 1);
        for (c, text) in row.iter().enumerate() {
            let _ = write!(
                s,
                "<c r=\"{}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                oqs_catalog::grid::cell_ref(r, c),
                esc(text)
            );
        }
        s.push_str("</row>");
    }
    s
}

/// A worksheet part: `rows` inside `sheetData`, then `after` (e.g. `<mergeCells>`).
pub fn worksheet(rows: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>{rows}</sheetData>{after}</worksheet>"#
    )
}

/// The parts of an xlsx package: sheets (name, part name under `xl/`) listed in the workbook
/// in order, each relationship pointing at its part; `parts` holds the parts' bytes (sheets,
/// `xl/sharedStrings.xml`, anything else).
pub fn xlsx_package(sheets: &[(&str, &str)], parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut list = String::new();
    let mut rels = String::new();
    for (i, (name, part)) in sheets.iter().enumerate() {
        let _ = write!(
            list,
            r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#,
            esc(name),
            i + 1,
            i + 1
        );
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{part}"/>"#,
            i + 1
        );
    }
    if parts.iter().any(|(n, _)| *n == "xl/sharedStrings.xml") {
        rels.push_str(r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
    }
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{list}</sheets></workbook>"#
    );
    let wb_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
    ];
    for (name, bytes) in parts {
        entries.push((name, bytes));
    }
    zip(&entries, false)
}

/// An xlsx of one sheet `一覧` whose part is `worksheet(rows, after)`.
pub fn xlsx_sheet(rows: &str, after: &str) -> Vec<u8> {
    xlsx_package(
        &[("一覧", "worksheets/sheet1.xml")],
        &[(
            "xl/worksheets/sheet1.xml",
            worksheet(rows, after).into_bytes(),
        )],
    )
}

/// The catalog's title, header and one row as ODF table rows, rows 1–3.
pub fn catalog_ods_rows() -> String {
    let mut s = String::new();
    let rows: [&[&str]; 3] = [&[TITLE], &HEADER, &ROW];
    for row in rows {
        s.push_str("<table:table-row>");
        for text in row {
            s.push_str(&ods_cell(text));
        }
        s.push_str("</table:table-row>");
    }
    s
}

/// A string cell, its lines as paragraphs.
pub fn ods_cell(text: &str) -> String {
    let mut s = String::from("<table:table-cell office:value-type=\"string\">");
    for line in text.split('\n') {
        let _ = write!(s, "<text:p>{}</text:p>", esc(line));
    }
    s.push_str("</table:table-cell>");
    s
}

/// An ODS package whose spreadsheet body is `tables` (`<table:table>` elements).
pub fn ods_package(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
        false,
    )
}

/// An ODS package holding `table` as sheet `name`: merges as spans over covered cells, line
/// breaks as paragraphs.
pub fn ods_of_table(name: &str, table: &Table) -> Vec<u8> {
    let mut body = String::new();
    let mut covered = std::collections::HashSet::new();
    for c in &table.cells {
        for r in c.row..c.row + c.rowspan {
            for k in c.col..c.col + c.colspan {
                if (r, k) != (c.row, c.col) {
                    covered.insert((r, k));
                }
            }
        }
    }
    for r in 0..table.rows {
        body.push_str("<table:table-row>");
        for k in 0..table.cols {
            if covered.contains(&(r, k)) {
                body.push_str("<table:covered-table-cell/>");
            } else if let Some(c) = table.cell_at(r, k) {
                let _ = write!(
                    body,
                    "<table:table-cell office:value-type=\"string\" table:number-rows-spanned=\"{}\" table:number-columns-spanned=\"{}\">",
                    c.rowspan, c.colspan
                );
                for line in c.text.split('\n') {
                    let _ = write!(body, "<text:p>{}</text:p>", esc(line));
                }
                body.push_str("</table:table-cell>");
            } else {
                body.push_str("<table:table-cell/>");
            }
        }
        body.push_str("</table:table-row>");
    }
    ods_package(&format!(
        "<table:table table:name=\"{}\">{body}</table:table>",
        esc(name)
    ))
}
