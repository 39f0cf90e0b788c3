//! The OpenDocument spreadsheet path: the 1.20 workbook written as `.ods` (merges as covered
//! cells, line breaks as paragraphs) reads into the same grid and model as the `.xlsx`.

use crate::common;

use oqs_catalog::app::Project;

#[test]
fn ods_gives_the_same_model_as_xlsx() {
    let root = common::root();
    let project = Project::new(&root);
    let src = oqs_catalog::read::read_source(&root.join(common::XLSX), common::XLSX).unwrap();
    let page = &src.grid.pages[0];
    let bytes = common::sheets::ods_of_table(page.sheet.as_deref().unwrap(), &page.tables[0]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("1.20.ods");
    std::fs::write(&path, bytes).unwrap();
    // Spans are read from the ODS too (table:number-rows-spanned over covered cells), so the
    // grids are the same, not only the models after fill-down.
    let ods_src = oqs_catalog::read::read_source(&path, "1.20.ods").unwrap();
    assert_eq!(ods_src.grid.pages[0].tables, page.tables);
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
