//! The OpenDocument spreadsheet path: the 1.20 workbook written as `.ods` (merges as covered
//! cells, line breaks as paragraphs) reads into the same model as the `.xlsx`.

use crate::common;

use std::io::Write;

use oqs_catalog::grid::Table;
use oqs_catalog::project::Project;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An ODS package holding `table` as sheet `name`.
fn ods(name: &str, table: &Table) -> Vec<u8> {
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
                body.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\" table:number-rows-spanned=\"{}\" table:number-columns-spanned=\"{}\">",
                    c.rowspan, c.colspan
                ));
                for line in c.text.split('\n') {
                    body.push_str(&format!("<text:p>{}</text:p>", escape(line)));
                }
                body.push_str("</table:table-cell>");
            } else {
                body.push_str("<table:table-cell/>");
            }
        }
        body.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{name}">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(manifest.as_bytes()).unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn ods_gives_the_same_model_as_xlsx() {
    let root = common::root();
    let project = Project::new(&root);
    let src = oqs_catalog::read::read_source(&root.join(common::XLSX), common::XLSX).unwrap();
    let page = &src.grid.pages[0];
    let bytes = ods(page.sheet.as_deref().unwrap(), &page.tables[0]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("1.20.ods");
    std::fs::write(&path, bytes).unwrap();
    let from_ods = project
        .ingest(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .catalog;
    let from_xlsx = project.ingest(&root.join(common::XLSX)).unwrap().catalog;
    assert_eq!(
        from_ods.document.source.kind,
        oqs_catalog::model::SourceKind::Ods
    );
    assert_eq!(from_ods.entries().count(), 93);
    // Rows are numbered the same way, so even `at` agrees; only the source differs.
    let mut a = from_ods.clone();
    a.document.source = from_xlsx.document.source.clone();
    assert_eq!(a, from_xlsx);
}
