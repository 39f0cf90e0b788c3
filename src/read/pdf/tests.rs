//! The reader on small PDFs made in memory: one behaviour per test.

use lopdf::content::Content;
use lopdf::{dictionary, Dictionary, Document, Object, Stream};

use super::{read_pdf, PdfError};

const PAGE_W: i64 = 200;
const PAGE_H: i64 = 100;

fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

/// A one-page document; `setup` adds objects and returns the page's resources.
fn document(
    content: &str,
    page_extra: Dictionary,
    setup: impl FnOnce(&mut Document) -> Dictionary,
) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let resources = setup(&mut doc);
    // Round-trip through lopdf's parser so that the test content is well-formed.
    let ops = Content::decode(content.as_bytes()).expect("test content parses");
    let content_id = doc.add_object(Stream::new(dictionary! {}, ops.encode().expect("encodes")));
    let mut page = dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
    };
    for (k, v) in page_extra.into_iter() {
        page.set(k, v);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

fn with_helvetica(doc: &mut Document) -> Dictionary {
    let font = doc.add_object(helvetica());
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

fn pdf(content: &str) -> Vec<u8> {
    save(document(content, dictionary! {}, with_helvetica))
}

#[test]
fn bordered_table_with_a_merged_cell_and_a_title() {
    let bytes = pdf(
        "0.5 w 10 20 100 60 re S 60 20 m 60 80 l S 60 50 m 110 50 l S
        BT /F1 10 Tf 20 45 Td (A) Tj ET
        BT /F1 10 Tf 70 62 Td (B) Tj ET
        BT /F1 10 Tf 70 32 Td (C) Tj ET
        BT /F1 10 Tf 10 88 Td (Title) Tj ET",
    );
    let (grid, coverage) = read_pdf("t.pdf", &bytes).expect("reads");
    let page = &grid.pages[0];
    assert_eq!(page.page, 1);
    let table = &page.tables[0];
    assert_eq!((table.rows, table.cols), (2, 2));
    let cells: Vec<_> = table
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
        .collect();
    assert_eq!(
        cells,
        vec![(0, 0, 2, 1, "A"), (0, 1, 1, 1, "B"), (1, 1, 1, 1, "C")]
    );
    // Top-left origin: the table's top edge (PDF y = 80) is at y = 20.
    assert_eq!(table.cells[0].bbox, Some([10.0, 20.0, 60.0, 80.0]));
    assert_eq!(page.outside.len(), 1);
    assert_eq!(page.outside[0].text, "Title");
    let b = page.outside[0].bbox.expect("bbox");
    assert!(b[1] < 12.0 && b[3] > 12.0 && b[3] < 20.0, "{b:?}");
    assert_eq!(
        (coverage.glyphs, coverage.placed, coverage.clipped),
        (8, 8, 0)
    );
}

/// The table of [`bordered_table_with_a_merged_cell_and_a_title`] drawn under the CTM `cm` on
/// a portrait page (100 × 200): a landscape table turned a quarter.
/// `extra` is drawn after it, upright.
fn turned_table(cm: &str, extra: &str) -> (crate::grid::Page, super::Coverage) {
    let content = format!(
        "q {cm} cm 0.5 w 10 20 100 60 re S 60 20 m 60 80 l S 60 50 m 110 50 l S
        BT /F1 10 Tf 20 45 Td (A) Tj ET
        BT /F1 10 Tf 70 62 Td (B) Tj ET
        BT /F1 10 Tf 70 32 Td (C) Tj ET
        BT /F1 10 Tf 10 88 Td (Title) Tj ET Q {extra}"
    );
    let doc = document(
        &content,
        dictionary! { "MediaBox" => vec![0.into(), 0.into(), 100.into(), 200.into()] },
        with_helvetica,
    );
    let (mut grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    (grid.pages.remove(0), coverage)
}

/// The texts of a page's blocks outside tables, in reading order.
fn outside_texts(page: &crate::grid::Page) -> Vec<&str> {
    page.outside.iter().map(|b| b.text.as_str()).collect()
}

fn spans_and_texts(table: &crate::grid::Table) -> Vec<(usize, usize, usize, usize, &str)> {
    table
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
        .collect()
}

#[test]
fn table_drawn_a_quarter_turn_left_reads_as_drawn() {
    // Text runs bottom to top on the page.
    let (page, coverage) = turned_table("0 1 -1 0 100 0", "");
    assert_eq!(page.tables.len(), 1);
    let table = &page.tables[0];
    assert_eq!((table.rows, table.cols), (2, 2));
    assert_eq!(
        spans_and_texts(table),
        vec![(0, 0, 2, 1, "A"), (0, 1, 1, 1, "B"), (1, 1, 1, 1, "C")]
    );
    // Boxes stay in display space: the merged cell (table space x 10–60, y 20–80) lies at
    // page x 20–80, y 10–60 (PDF), so display y 140–190.
    assert_eq!(table.cells[0].bbox, Some([20.0, 140.0, 80.0, 190.0]));
    assert_eq!(table.cells[1].bbox, Some([20.0, 90.0, 50.0, 140.0]));
    let texts = outside_texts(&page);
    assert_eq!(texts, vec!["Title"]);
    // The title is left of the table on the page (its baseline at x = 12), its text running
    // up from display y 190 (0.5 em a glyph).
    let b = page.outside[0].bbox.expect("bbox");
    assert!(b[0] < 12.0 && b[2] > 12.0 && b[2] < 20.0, "{b:?}");
    assert_eq!((b[1], b[3]), (165.0, 190.0));
    assert_eq!(
        (coverage.glyphs, coverage.placed, coverage.clipped),
        (8, 8, 0)
    );
}

#[test]
fn table_drawn_a_quarter_turn_right_reads_as_drawn() {
    // Text runs top to bottom on the page.
    let (page, coverage) = turned_table("0 -1 1 0 0 200", "");
    assert_eq!(page.tables.len(), 1);
    let table = &page.tables[0];
    assert_eq!((table.rows, table.cols), (2, 2));
    assert_eq!(
        spans_and_texts(table),
        vec![(0, 0, 2, 1, "A"), (0, 1, 1, 1, "B"), (1, 1, 1, 1, "C")]
    );
    assert_eq!(table.cells[0].bbox, Some([20.0, 10.0, 80.0, 60.0]));
    assert_eq!(table.cells[1].bbox, Some([50.0, 60.0, 80.0, 110.0]));
    let texts = outside_texts(&page);
    assert_eq!(texts, vec!["Title"]);
    // Right of the table (baseline at x = 88), running down from display y 10.
    let b = page.outside[0].bbox.expect("bbox");
    assert!(b[0] > 80.0 && b[0] < 88.0 && b[2] > 88.0, "{b:?}");
    assert_eq!((b[1], b[3]), (10.0, 35.0));
    assert_eq!(
        (coverage.glyphs, coverage.placed, coverage.clipped),
        (8, 8, 0)
    );
}

#[test]
fn table_drawn_upside_down_reads_as_drawn() {
    let bytes = pdf(
        "q -1 0 0 -1 200 100 cm 0.5 w 10 20 100 60 re S 60 20 m 60 80 l S
        60 50 m 110 50 l S
        BT /F1 10 Tf 20 45 Td (A) Tj ET
        BT /F1 10 Tf 70 62 Td (B) Tj ET
        BT /F1 10 Tf 70 32 Td (C) Tj ET
        BT /F1 10 Tf 10 88 Td (Title) Tj ET Q",
    );
    let (grid, _) = read_pdf("t.pdf", &bytes).expect("reads");
    let page = &grid.pages[0];
    let table = &page.tables[0];
    assert_eq!(
        spans_and_texts(table),
        vec![(0, 0, 2, 1, "A"), (0, 1, 1, 1, "B"), (1, 1, 1, 1, "C")]
    );
    assert_eq!(table.cells[0].bbox, Some([140.0, 20.0, 190.0, 80.0]));
    let texts = outside_texts(page);
    assert_eq!(texts, vec!["Title"]);
}

#[test]
fn upright_text_beside_a_turned_table_reads_upright() {
    // A page number at the foot of the page, not turned with the table.
    let (page, coverage) = turned_table("0 1 -1 0 100 0", "BT /F1 10 Tf 30 5 Td (Page 7) Tj ET");
    assert_eq!(
        spans_and_texts(&page.tables[0]),
        vec![(0, 0, 2, 1, "A"), (0, 1, 1, 1, "B"), (1, 1, 1, 1, "C")]
    );
    let texts = outside_texts(&page);
    assert_eq!(texts, vec!["Title", "Page 7"]);
    let b = page.outside[1].bbox.expect("bbox");
    assert_eq!((b[0], b[2]), (30.0, 60.0));
    assert!(b[1] < 195.0 && b[3] > 195.0, "{b:?}");
    assert_eq!((coverage.glyphs, coverage.placed), (13, 13));
}

#[test]
fn turned_table_on_an_upright_page_reads_in_its_own_frame() {
    // Most text is upright; the table (the one of `turned_table`, untitled) is drawn a
    // quarter turn left on a 300 × 200 page, at page x 120–180, y 60–160.
    let doc = document(
        "BT /F1 10 Tf 10 180 Td (Some upright words) Tj ET
        q 0 1 -1 0 200 50 cm 0.5 w 10 20 100 60 re S 60 20 m 60 80 l S 60 50 m 110 50 l S
        BT /F1 10 Tf 20 45 Td (A) Tj ET
        BT /F1 10 Tf 70 62 Td (B) Tj ET
        BT /F1 10 Tf 70 32 Td (C) Tj ET Q",
        dictionary! { "MediaBox" => vec![0.into(), 0.into(), 300.into(), 200.into()] },
        with_helvetica,
    );
    let (grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let page = &grid.pages[0];
    assert_eq!(page.tables.len(), 1);
    let table = &page.tables[0];
    assert_eq!((table.rows, table.cols), (2, 2));
    assert_eq!(
        spans_and_texts(table),
        vec![(0, 0, 2, 1, "A"), (0, 1, 1, 1, "B"), (1, 1, 1, 1, "C")]
    );
    assert_eq!(table.cells[0].bbox, Some([120.0, 90.0, 180.0, 140.0]));
    let texts = outside_texts(page);
    assert_eq!(texts, vec!["Some upright words"]);
    assert_eq!((coverage.glyphs, coverage.placed), (19, 19));
}

#[test]
fn chromium_table_turned_by_css_reads_as_drawn() {
    // tests/data/chromium-rotated.html printed by headless Chromium: Identity-H text and
    // filled borders under a CTM that turns them a quarter left.
    let bytes = include_bytes!("../../../tests/data/chromium-rotated.pdf");
    let (grid, coverage) = read_pdf("chromium-rotated.pdf", bytes).expect("reads");
    let page = &grid.pages[0];
    assert_eq!(page.tables.len(), 1);
    let table = &page.tables[0];
    assert_eq!((table.rows, table.cols), (3, 3));
    assert_eq!(
        spans_and_texts(table),
        vec![
            (0, 0, 2, 1, "Merged"),
            (0, 1, 1, 1, "B1"),
            (0, 2, 1, 1, "C1"),
            (1, 1, 1, 1, "B2"),
            (1, 2, 1, 1, "C2 text"),
            (2, 0, 1, 1, "A3"),
            (2, 1, 1, 2, "Wide cell"),
        ]
    );
    // In display space the table's first row is its left column, read from the bottom up.
    let merged = table.cells[0].bbox.expect("bbox");
    let c1 = table.cells[2].bbox.expect("bbox");
    assert!(
        merged[1] > c1[3] - 0.01 && merged[0] == c1[0],
        "{merged:?} {c1:?}"
    );
    let texts = outside_texts(page);
    assert_eq!(texts, vec!["Rotated title"]);
    assert_eq!(coverage.glyphs, coverage.placed);
}

#[test]
fn a_cell_written_turned_reads_as_one_line() {
    // The merged cell's text runs bottom to top (a heading set vertically); the rest of the
    // page is upright.
    let bytes = pdf(
        "0.5 w 10 20 100 60 re S 60 20 m 60 80 l S 60 50 m 110 50 l S
        BT /F1 10 Tf 0 1 -1 0 40 30 Tm (Hello) Tj ET
        BT /F1 10 Tf 70 62 Td (Bbb) Tj ET
        BT /F1 10 Tf 70 32 Td (Ccc) Tj ET
        BT /F1 10 Tf 10 88 Td (Title) Tj ET",
    );
    let (grid, coverage) = read_pdf("t.pdf", &bytes).expect("reads");
    let page = &grid.pages[0];
    assert_eq!(
        spans_and_texts(&page.tables[0]),
        vec![
            (0, 0, 2, 1, "Hello"),
            (0, 1, 1, 1, "Bbb"),
            (1, 1, 1, 1, "Ccc")
        ]
    );
    assert_eq!(page.outside[0].text, "Title");
    assert_eq!((coverage.glyphs, coverage.placed), (16, 16));
}

#[test]
fn two_tables_with_spanning_title_rows() {
    // Two 3 × 2 tables side by side; each first row is one cell across both columns (the
    // middle rule stops below it).
    let table = |x: i64| {
        let (x1, mid) = (x + 80, x + 40);
        format!(
            "{x} 20 80 60 re S {x} 65 m {x1} 65 l S {x} 40 m {x1} 40 l S {mid} 20 m {mid} 65 l S"
        )
    };
    let text = |x: i64, y: i64, s: &str| format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET ");
    let mut content = format!("0.5 w {} {} ", table(10), table(110));
    for (dx, names) in [
        (0, ["T1", "a", "b", "c", "d"]),
        (100, ["T2", "e", "f", "g", "h"]),
    ] {
        content += &text(12 + dx, 70, names[0]);
        content += &text(20 + dx, 50, names[1]);
        content += &text(60 + dx, 50, names[2]);
        content += &text(20 + dx, 28, names[3]);
        content += &text(60 + dx, 28, names[4]);
    }
    let (grid, coverage) = read_pdf("t.pdf", &pdf(&content)).expect("reads");
    let page = &grid.pages[0];
    assert_eq!(page.tables.len(), 2);
    for (table, names) in page
        .tables
        .iter()
        .zip([["T1", "a", "b", "c", "d"], ["T2", "e", "f", "g", "h"]])
    {
        assert_eq!((table.rows, table.cols), (3, 2));
        assert_eq!(
            spans_and_texts(table),
            vec![
                (0, 0, 1, 2, names[0]),
                (1, 0, 1, 1, names[1]),
                (1, 1, 1, 1, names[2]),
                (2, 0, 1, 1, names[3]),
                (2, 1, 1, 1, names[4]),
            ]
        );
    }
    assert_eq!(
        page.tables[1].cells[0].bbox,
        Some([110.0, 20.0, 190.0, 35.0])
    );
    assert!(page.outside.is_empty());
    assert_eq!((coverage.glyphs, coverage.placed), (12, 12));
}

#[test]
fn thin_filled_rectangles_are_borders() {
    // Chromium-style: each border is a 0.5 pt filled rectangle.
    let bytes = pdf(
        "10 79.75 100 0.5 re f 10 49.75 100 0.5 re f 10 19.75 100 0.5 re f
        9.75 20 0.5 60 re f 59.75 20 0.5 60 re f 109.75 20 0.5 60 re f
        BT /F1 10 Tf 70 32 Td (D) Tj ET",
    );
    let (grid, _) = read_pdf("t.pdf", &bytes).expect("reads");
    let table = &grid.pages[0].tables[0];
    assert_eq!((table.rows, table.cols, table.cells.len()), (2, 2, 4));
    assert_eq!(table.cell_at(1, 1).map(|c| c.text.as_str()), Some("D"));
}

#[test]
fn clipped_text_is_counted_not_placed() {
    let bytes = pdf("q 0 0 50 100 re W n BT /F1 10 Tf 100 50 Td (Hidden) Tj ET Q
        BT /F1 10 Tf 10 50 Td (Shown) Tj ET");
    let (grid, coverage) = read_pdf("t.pdf", &bytes).expect("reads");
    let texts = outside_texts(&grid.pages[0]);
    assert_eq!(texts, vec!["Shown"]);
    assert_eq!(
        (coverage.glyphs, coverage.placed, coverage.clipped),
        (5, 5, 6)
    );
}

#[test]
fn wrapped_and_broken_lines_in_a_cell() {
    // A 60 pt wide cell; Helvetica without /Widths falls back to 0.5 em (5 pt at 10 pt).
    // Line 1 fills the cell (wrap), line 2 stops short (break), line 3 ends the cell. The
    // wrap falls between Latin letters, so it reads as a word boundary (`text::joint`).
    let bytes = pdf("0.5 w 10 20 60 60 re S
        BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET
        BT /F1 10 Tf 11 55 Td (lm) Tj ET
        BT /F1 10 Tf 11 45 Td (nop) Tj ET");
    let (grid, _) = read_pdf("t.pdf", &bytes).expect("reads");
    assert_eq!(grid.pages[0].tables[0].cells[0].text, "abcdefghijk lm\nnop");
}

/// Makes `doc` tagged: a structure tree root with `parent_tree` and the elements `kids`.
fn set_struct_tree(doc: &mut Document, parent_tree: lopdf::ObjectId, kids: Vec<Object>) {
    let root = doc.add_object(dictionary! {
        "Type" => "StructTreeRoot", "ParentTree" => parent_tree, "K" => kids,
    });
    let catalog = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    doc.get_dictionary_mut(catalog)
        .expect("catalog")
        .set("StructTreeRoot", root);
}

/// Four lines in a 60 pt cell (see [`wrapped_and_broken_lines_in_a_cell`]): the first and the
/// third fill it. Tagged (`elements` given), each line is its own marked-content sequence, and
/// `elements[i]` is the structure element of line `i`.
fn tagged_cell(elements: Option<[usize; 4]>) -> String {
    let content = "0.5 w 10 20 60 60 re S
        /P <</MCID 0>> BDC BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET EMC
        /P /Second BDC BT /F1 10 Tf 11 55 Td (lm) Tj ET EMC
        /P <</MCID 2>> BDC BT /F1 10 Tf 11 45 Td (n opqrstuvw) Tj ET EMC
        /Span BMC /P <</MCID 3>> BDC BT /F1 10 Tf 11 35 Td (xyz) Tj ET EMC EMC";
    let mut doc = document(
        content,
        dictionary! { "StructParents" => 7 },
        |doc: &mut Document| {
            let font = doc.add_object(helvetica());
            dictionary! {
                "Font" => dictionary! { "F1" => font },
                "Properties" => dictionary! { "Second" => dictionary! { "MCID" => 1 } },
            }
        },
    );
    if let Some(of_line) = elements {
        let elements: Vec<Object> = (0..4)
            .map(|_| {
                doc.add_object(dictionary! { "Type" => "StructElem", "S" => "P" })
                    .into()
            })
            .collect();
        let by_mcid = of_line.iter().map(|&e| elements[e].clone()).collect();
        // A parent tree with an intermediate node, as large files have.
        let leaf = doc.add_object(dictionary! {
            "Limits" => vec![7.into(), 7.into()],
            "Nums" => vec![7.into(), Object::Array(by_mcid)],
        });
        let parent_tree = doc.add_object(dictionary! { "Kids" => vec![leaf.into()] });
        set_struct_tree(&mut doc, parent_tree, elements);
    }
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    grid.pages[0].tables[0].cells[0].text.clone()
}

#[test]
fn tagged_structure_tells_a_break_from_a_wrap_on_a_full_line() {
    // Line 1 fills the cell but line 2 starts another element: a break. Lines 3 and 4 are one
    // element (a producer that gives each line of a paragraph its own MCID): a wrap.
    assert_eq!(
        tagged_cell(Some([0, 1, 2, 2])),
        "abcdefghijk\nlm\nn opqrstuvw xyz"
    );
    // The same page untagged reads by geometry alone: a full line is a wrap.
    let untagged = "abcdefghijk lm\nn opqrstuvw xyz";
    assert_eq!(tagged_cell(None), untagged);
    // A producer that makes every visual line its own element says nothing about wraps: its
    // structure is not used (no element on the page holds two lines).
    assert_eq!(tagged_cell(Some([0, 1, 2, 3])), untagged);
}

/// Page 1 as in [`tagged_cell`] with `first` as its elements; page 2 holds only a full line
/// and a short one, each its own element (so page 2 alone shows no element over two lines).
/// Returns page 2's cell text.
fn second_tagged_page(first: [usize; 4]) -> String {
    let content = "0.5 w 10 20 60 60 re S
        /P <</MCID 0>> BDC BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET EMC
        /P <</MCID 1>> BDC BT /F1 10 Tf 11 55 Td (n opqrstuvw) Tj ET EMC
        /P <</MCID 2>> BDC BT /F1 10 Tf 11 45 Td (xyz) Tj ET EMC
        /P <</MCID 3>> BDC BT /F1 10 Tf 11 35 Td (lm) Tj ET EMC";
    let mut doc = document(
        content,
        dictionary! { "StructParents" => 0 },
        with_helvetica,
    );
    let pages = doc.get_pages();
    let first_page = pages[&1];
    let page = doc.get_dictionary(first_page).expect("page 1").clone();
    let second = Content::decode(
        b"0.5 w 10 20 60 60 re S
        /P <</MCID 0>> BDC BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET EMC
        /P <</MCID 1>> BDC BT /F1 10 Tf 11 55 Td (lm) Tj ET EMC",
    )
    .expect("parses");
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        second.encode().expect("encodes"),
    ));
    let mut page2 = page.clone();
    page2.set("Contents", content_id);
    page2.set("StructParents", 1);
    let page2 = doc.add_object(page2);
    let parent = page
        .get(b"Parent")
        .and_then(Object::as_reference)
        .expect("parent");
    let tree = doc.get_dictionary_mut(parent).expect("pages");
    tree.set("Kids", vec![first_page.into(), page2.into()]);
    tree.set("Count", 2);
    let elements: Vec<Object> = (0..6)
        .map(|_| {
            doc.add_object(dictionary! { "Type" => "StructElem", "S" => "P" })
                .into()
        })
        .collect();
    let on_page1 = first.iter().map(|&e| elements[e].clone()).collect();
    let on_page2 = vec![elements[4].clone(), elements[5].clone()];
    let parent_tree = doc.add_object(dictionary! {
        "Nums" => vec![0.into(), Object::Array(on_page1), 1.into(), Object::Array(on_page2)],
    });
    set_struct_tree(&mut doc, parent_tree, elements);
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    grid.pages[1].tables[0].cells[0].text.clone()
}

#[test]
fn structure_seen_on_an_earlier_page_decides_a_later_one() {
    // Page 1 shows an element over two lines (its lines 2 and 3): page 2's element change
    // after a full line is a break.
    assert_eq!(second_tagged_page([0, 1, 1, 2]), "abcdefghijk\nlm");
    // Page 1 tags each line on its own: the structure is never trusted.
    assert_eq!(second_tagged_page([0, 1, 2, 3]), "abcdefghijk lm");
}

#[test]
fn malformed_structure_is_ignored_not_followed_forever() {
    // Marked content nested 300 deep, closed too often, with MCIDs out of range; a parent
    // tree whose node lists itself among its kids.
    let mut content = String::from("0.5 w 10 20 60 60 re S ");
    content.push_str(&"/P <</MCID -1>> BDC ".repeat(300));
    content.push_str("/P <</MCID 4000000000>> BDC BT /F1 10 Tf 11 65 Td (ab) Tj ET EMC ");
    content.push_str(&"EMC ".repeat(310));
    content.push_str("BT /F1 10 Tf 11 55 Td (cd) Tj ET");
    let mut doc = document(
        &content,
        dictionary! { "StructParents" => 0 },
        with_helvetica,
    );
    let node = doc.new_object_id();
    doc.objects.insert(
        node,
        Object::Dictionary(dictionary! {
            "Kids" => vec![node.into(), node.into()],
            "Nums" => vec![0.into(), Object::Array(vec![Object::Null])],
        }),
    );
    set_struct_tree(&mut doc, node, Vec::new());
    let (grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    assert_eq!(grid.pages[0].tables[0].cells[0].text, "ab\ncd");
    assert_eq!(coverage.placed, 4);
}

#[test]
fn wrapped_lines_under_a_table_join_into_one_block() {
    // A table 100 pt wide; under it a note whose first line reaches the table's right edge
    // (19 glyphs of 5 pt: no room for "are"), so its second line is a wrap; then a short
    // line, and a line after it that starts a new block though it is right under it.
    let bytes = pdf("0.5 w 10 60 100 30 re S
        BT /F1 10 Tf 12 70 Td (cell) Tj ET
        BT /F1 10 Tf 10 48 Td (Notes on this table) Tj ET
        BT /F1 10 Tf 10 38 Td (are short.) Tj ET
        BT /F1 10 Tf 10 28 Td (Second note.) Tj ET
        BT /F1 10 Tf 10 18 Td (Third.) Tj ET");
    let (grid, coverage) = read_pdf("t.pdf", &bytes).expect("reads");
    let texts = outside_texts(&grid.pages[0]);
    assert_eq!(
        texts,
        ["Notes on this table are short.", "Second note.", "Third."]
    );
    let b = grid.pages[0].outside[0].bbox.expect("bbox");
    assert!(b[1] < 52.0 && b[3] > 62.0, "one box over both lines: {b:?}");
    assert_eq!(coverage.placed, coverage.glyphs);
}

#[test]
fn rotated_page_gives_display_coordinates() {
    // /Rotate 90: text drawn along user-space y reads left to right on screen.
    let doc = document(
        "BT /F1 10 Tf 0 1 -1 0 50 20 Tm (Up) Tj ET",
        dictionary! { "Rotate" => 90 },
        with_helvetica,
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "Up");
    let b = block.bbox.expect("bbox");
    assert!(
        (b[0] - 20.0).abs() < 0.01 && (b[2] - 30.0).abs() < 0.01,
        "{b:?}"
    );
    assert!(b[1] > 40.0 && b[3] < 52.0, "{b:?}");
}

#[test]
fn crop_box_moves_the_origin() {
    let doc = document(
        "BT /F1 10 Tf 60 50 Td (X) Tj ET",
        dictionary! { "CropBox" => vec![50.into(), 0.into(), 150.into(), 80.into()] },
        with_helvetica,
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let b = grid.pages[0].outside[0].bbox.expect("bbox");
    assert!(
        (b[0] - 10.0).abs() < 0.01 && b[3] > 28.0 && b[3] < 32.0,
        "{b:?}"
    );
}

#[test]
fn form_xobjects_use_their_matrix_and_resources() {
    let doc = document("q /Fm1 Do Q", dictionary! {}, |doc| {
        let font = doc.add_object(helvetica());
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 50.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 30.into(), 40.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F9" => font } },
            },
            b"BT /F9 10 Tf 0 0 Td (Form) Tj ET".to_vec(),
        );
        let form = doc.add_object(form);
        dictionary! { "XObject" => dictionary! { "Fm1" => form } }
    });
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "Form");
    let b = block.bbox.expect("bbox");
    assert!((b[0] - 30.0).abs() < 0.01, "{b:?}");
}

#[test]
fn self_referencing_form_is_an_error_not_a_stack_overflow() {
    let doc = document("/Fm1 Do", dictionary! {}, |doc| {
        let id = doc.new_object_id();
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 50.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "Fm1" => id } },
            },
            b"/Fm1 Do".to_vec(),
        );
        doc.objects.insert(id, Object::Stream(form));
        dictionary! { "XObject" => dictionary! { "Fm1" => id } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("recursion is refused");
    assert!(matches!(err, PdfError::TooDeep { .. }));
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: form XObjects are nested more than 16 deep"
    );
}

#[test]
fn image_only_page_has_no_text_layer() {
    let doc = document("q 100 0 0 100 0 0 cm /Im1 Do Q", dictionary! {}, |doc| {
        let image = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0],
        );
        let image = doc.add_object(image);
        dictionary! { "XObject" => dictionary! { "Im1" => image } }
    });
    let err = read_pdf("scan.pdf", &save(doc)).expect_err("no text");
    assert_eq!(err.to_string(), "scan.pdf: page 1 has no text layer");
}

fn type0(to_unicode: Option<&[u8]>) -> impl FnOnce(&mut Document) -> Dictionary + '_ {
    move |doc: &mut Document| {
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "TestGothic",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
            "DW" => 1000,
            "W" => vec![5.into(), vec![Object::Integer(500)].into()],
        });
        let mut font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "TestGothic",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()],
        };
        if let Some(cmap) = to_unicode {
            font.set(
                "ToUnicode",
                doc.add_object(Stream::new(dictionary! {}, cmap.to_vec())),
            );
        }
        let font = doc.add_object(font);
        dictionary! { "Font" => dictionary! { "F1" => font } }
    }
}

#[test]
fn type0_identity_font_with_to_unicode() {
    let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
        1 beginbfrange <0004> <0005> <3042> endbfrange";
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <00040005> Tj ET",
        dictionary! {},
        type0(Some(cmap)),
    );
    let (grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "あぃ");
    // Widths from /DW (1000) and /W (500 for CID 5).
    let b = block.bbox.expect("bbox");
    assert!((b[2] - b[0] - 15.0).abs() < 0.01, "{b:?}");
    assert_eq!(coverage.glyphs, 2);
}

#[test]
fn unmapped_glyph_is_an_error_naming_page_and_font() {
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        type0(None),
    );
    let err = read_pdf("t.pdf", &save(doc)).expect_err("no mapping");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: font TestGothic: character code <0004> has no Unicode mapping"
    );
}

/// A non-embedded Adobe-Japan1 CID font with the CMap `encoding` and no ToUnicode.
fn japan1(encoding: &str) -> impl FnOnce(&mut Document) -> Dictionary + '_ {
    move |doc: &mut Document| {
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "KozMinPr6N-Regular",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Japan1"), "Supplement" => 6 },
            "DW" => 1000,
            // Half-width Latin 'A' of 90ms-RKSJ-H is CID 264.
            "W" => vec![264.into(), vec![Object::Integer(500)].into()],
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "KozMinPr6N-Regular",
            "Encoding" => encoding, "DescendantFonts" => vec![descendant.into()],
        });
        dictionary! { "Font" => dictionary! { "F1" => font } }
    }
}

#[test]
fn shift_jis_cmap_without_to_unicode_decodes_through_adobe_japan1() {
    // 「コード」 (two-byte codes), 'A' and ¥ (one-byte 0x41 and 0x5C, which 90ms-RKSJ-H maps to
    // the yen sign).
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <8352815B8368415C> Tj ET",
        dictionary! {},
        japan1("90ms-RKSJ-H"),
    );
    let (grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    let block = &grid.pages[0].outside[0];
    assert_eq!(block.text, "コードA¥");
    // /DW 1000 for the kana, /W 500 for CID 264 ('A'), /DW for ¥ (no /W entry).
    let b = block.bbox.expect("bbox");
    assert!((b[2] - b[0] - 45.0).abs() < 0.01, "{b:?}");
    assert_eq!(coverage.glyphs, 5);
}

#[test]
fn ucs2_cmap_codes_are_unicode() {
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <30B330FC30C9> Tj ET",
        dictionary! {},
        japan1("UniJIS-UCS2-H"),
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    assert_eq!(grid.pages[0].outside[0].text, "コード");
}

#[test]
fn identity_cids_of_adobe_japan1_need_no_to_unicode() {
    // CID 943 is コ in Adobe-Japan1.
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <03AF> Tj ET",
        dictionary! {},
        japan1("Identity-H"),
    );
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    assert_eq!(grid.pages[0].outside[0].text, "コ");
}

#[test]
fn unknown_predefined_cmap_is_an_error_naming_it() {
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0041> Tj ET",
        dictionary! {},
        japan1("No-Such-H"),
    );
    let err = read_pdf("t.pdf", &save(doc)).expect_err("unknown CMap");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: font F1: predefined CMap No-Such-H is not supported"
    );
}

#[test]
fn corrupt_and_truncated_files_are_errors_not_panics() {
    let err = read_pdf("junk.pdf", b"this is not a PDF").expect_err("junk");
    assert!(err.to_string().starts_with("junk.pdf: "), "{err}");
    let good = pdf("BT /F1 10 Tf 10 50 Td (Hello) Tj ET");
    for cut in (0..good.len()).step_by(7) {
        let _ = read_pdf("cut.pdf", &good[..cut]);
    }
    let mut flipped = good.clone();
    for i in (0..flipped.len()).step_by(13) {
        flipped[i] ^= 0x5A;
        let _ = read_pdf("flipped.pdf", &flipped);
    }
}

fn encrypted(user_password: &str) -> Vec<u8> {
    use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
    let mut doc = document(
        "BT /F1 10 Tf 10 50 Td (Secret) Tj ET",
        dictionary! {},
        with_helvetica,
    );
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(b"0123456789abcdef".to_vec()),
            Object::string_literal(b"0123456789abcdef".to_vec()),
        ],
    );
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypts");
    save(doc)
}

#[test]
fn encrypted_with_empty_user_password_reads() {
    let (grid, _) = read_pdf("e.pdf", &encrypted("")).expect("reads with the empty password");
    assert_eq!(grid.pages[0].outside[0].text, "Secret");
}

#[test]
fn encrypted_with_a_user_password_needs_it() {
    let err = read_pdf("e.pdf", &encrypted("secret")).expect_err("needs a password");
    assert_eq!(err.to_string(), "e.pdf: the PDF needs a password");
}

// Issue 10: damaged content, work allowances, and text in a font that is not there.

use super::budget::{Allowance, Budget};
use super::{read_pdf_with, read_within};
use crate::read::OnDamage;

fn zlib(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// The page's content stream replaced by `stream`, raw (not round-tripped through lopdf's
/// content parser, which would repair what these tests break).
fn with_raw_content(mut doc: Document, stream: Stream) -> Vec<u8> {
    let page = *doc.get_pages().get(&1).expect("a page");
    let id = doc
        .get_dictionary(page)
        .and_then(|p| p.get(b"Contents"))
        .and_then(Object::as_reference)
        .expect("a content stream");
    doc.objects.insert(id, Object::Stream(stream));
    save(doc)
}

/// Forty lines of text ("Line 0" at the top), compressed, then cut to `keep` of its
/// compressed bytes.
fn cut_content(keep: f64) -> Vec<u8> {
    let text: String = (0..40)
        .map(|k| format!("BT /F1 1 Tf 10 {} Td (Line {k}) Tj ET\n", 95 - 2 * k))
        .collect();
    let mut data = zlib(text.as_bytes());
    data.truncate((data.len() as f64 * keep) as usize);
    let doc = document("", dictionary! {}, with_helvetica);
    with_raw_content(
        doc,
        Stream::new(dictionary! { "Filter" => "FlateDecode" }, data),
    )
}

#[test]
fn a_content_stream_cut_short_is_an_error_naming_page_and_stream() {
    let bytes = cut_content(0.5);
    let err = read_pdf("t.pdf", &bytes).expect_err("damage is refused");
    assert!(matches!(err, PdfError::Damaged { page: 1, .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("t.pdf: page 1: content stream ")
            && text.ends_with(
                " 0 R cannot be decoded (its compressed data ends before the end of the stream)"
            ),
        "{text}"
    );
}

#[test]
fn under_warn_damage_is_read_as_far_as_it_goes_and_counted_as_lost() {
    let bytes = cut_content(0.5);
    let read = read_pdf_with("t.pdf", &bytes, OnDamage::Warn).expect("reads on");
    assert_eq!(read.damage.len(), 1, "{:?}", read.damage);
    assert_eq!(read.damage[0].page, 1);
    assert!(read.damage[0].what.contains("cannot be decoded"));
    let warning = read.damage[0].diagnostic("t.pdf");
    assert_eq!(warning.severity, crate::diagnostic::Severity::Warning);
    assert_eq!(warning.at.to_string(), "t.pdf: page 1");
    assert!(warning.message.ends_with("; read as far as it goes"));
    assert_eq!(read.coverage.undecoded, 1);
    assert!(!read.coverage.is_complete());
    // What was decoded before the cut is there, and not more.
    let lines = &read.grid.pages[0].outside;
    assert_eq!(lines[0].text, "Line 0");
    assert!(lines.len() < 40, "{}", lines.len());
    // A whole file is complete.
    let whole = read_pdf_with(
        "t.pdf",
        &pdf("BT /F1 10 Tf 10 50 Td (A) Tj ET"),
        OnDamage::Warn,
    )
    .expect("reads");
    assert!(whole.damage.is_empty() && whole.coverage.is_complete());
}

#[test]
fn content_that_breaks_off_is_damage() {
    let garbage = with_raw_content(
        document("", dictionary! {}, with_helvetica),
        Stream::new(
            dictionary! {},
            b"BT /F1 10 Tf 10 80 Td (A) Tj ET ) BT /F1 10 Tf 10 50 Td (B) Tj ET".to_vec(),
        ),
    );
    let err = read_pdf("t.pdf", &garbage).expect_err("the rest would be lost");
    assert!(
        err.to_string().ends_with(
            " 0 R cannot be read to its end (it holds bytes that are not content-stream syntax)"
        ),
        "{err}"
    );
    let cut = with_raw_content(
        document("", dictionary! {}, with_helvetica),
        Stream::new(dictionary! {}, b"BT /F1 10 Tf 10 80".to_vec()),
    );
    let err = read_pdf("t.pdf", &cut).expect_err("cut inside an operation");
    assert!(
        err.to_string().ends_with("(it ends inside an operation)"),
        "{err}"
    );
    // The end mark cannot be faked by content that names it.
    let named = with_raw_content(
        document("", dictionary! {}, with_helvetica),
        Stream::new(dictionary! {}, b"OQSend0 ) OQSend0".to_vec()),
    );
    assert!(read_pdf("t.pdf", &named).is_err());
}

#[test]
fn missing_objects_are_damage() {
    let mut doc = document("", dictionary! {}, with_helvetica);
    let page = *doc.get_pages().get(&1).expect("page");
    let missing = doc.new_object_id();
    doc.get_dictionary_mut(page)
        .expect("page")
        .set("Contents", missing);
    let err = read_pdf("t.pdf", &save(doc)).expect_err("content missing");
    assert_eq!(
        err.to_string(),
        format!("t.pdf: page 1: content stream {} 0 R is missing", missing.0)
    );

    let err = read_pdf("t.pdf", &pdf("/Fm9 Do")).expect_err("no such XObject");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: XObject /Fm9 is drawn, but the resources have no XObject of that name"
    );
    let doc = document("/Fm1 Do", dictionary! {}, |doc| {
        let missing = doc.new_object_id();
        dictionary! { "XObject" => dictionary! { "Fm1" => missing } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("XObject missing");
    assert!(err.to_string().ends_with(" 0 R) is missing"), "{err}");
}

#[test]
fn damaged_form_and_font_streams_are_damage() {
    let form = |content: Vec<u8>| {
        move |doc: &mut Document| {
            let id = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "Filter" => "FlateDecode",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 50.into()] },
                content,
            ));
            dictionary! { "XObject" => dictionary! { "Fm1" => id } }
        }
    };
    let mut data = zlib(&b"0 0 m 10 10 l S ".repeat(100));
    data.truncate(data.len() / 2);
    let err = read_pdf(
        "t.pdf",
        &save(document("/Fm1 Do", dictionary! {}, form(data))),
    )
    .expect_err("form cut");
    assert!(
        err.to_string().contains("form XObject /Fm1 (")
            && err.to_string().contains("cannot be decoded"),
        "{err}"
    );

    let mut cmap = zlib(&b"1 beginbfchar <0004> <3042> endbfchar ".repeat(50));
    cmap.truncate(cmap.len() / 2);
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        |doc| {
            let resources = type0(None)(doc);
            let font = resources
                .get(b"Font")
                .and_then(Object::as_dict)
                .and_then(|f| f.get(b"F1"))
                .and_then(Object::as_reference)
                .expect("font");
            let id = doc.add_object(Stream::new(dictionary! { "Filter" => "FlateDecode" }, cmap));
            doc.get_dictionary_mut(font)
                .expect("font")
                .set("ToUnicode", id);
            resources
        },
    );
    let err = read_pdf("t.pdf", &save(doc)).expect_err("ToUnicode cut");
    assert!(
        err.to_string().contains("ToUnicode CMap ")
            && err
                .to_string()
                .contains(" of font TestGothic cannot be decoded"),
        "{err}"
    );

    let mut program = zlib(&[7u8; 5000]);
    program.truncate(program.len() / 2);
    let doc = document("BT /F1 10 Tf 10 50 Td (A) Tj ET", dictionary! {}, |doc| {
        let file = doc.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            program,
        ));
        let descriptor = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "Helvetica", "FontFile2" => file,
        });
        let mut font = helvetica();
        font.set("FontDescriptor", descriptor);
        let font = doc.add_object(font);
        dictionary! { "Font" => dictionary! { "F1" => font } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("font program cut");
    assert!(
        err.to_string().contains("font program ")
            && err
                .to_string()
                .contains(" of font Helvetica cannot be decoded"),
        "{err}"
    );
}

#[test]
fn text_in_a_font_that_is_not_there_says_which_and_why() {
    let err = read_pdf("t.pdf", &pdf("BT /F9 10 Tf 10 50 Td (A) Tj ET")).expect_err("no F9");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: font F9: text is shown in it, but the resources have no font of that name"
    );
    let doc = document("BT /F1 10 Tf 10 50 Td (A) Tj ET", dictionary! {}, |doc| {
        let missing = doc.new_object_id();
        dictionary! { "Font" => dictionary! { "F1" => missing } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("F1 missing");
    assert!(
        err.to_string()
            .starts_with("t.pdf: page 1: font F1: text is shown in it, but its object ")
            && err
                .to_string()
                .ends_with(" 0 R is missing or cannot be read"),
        "{err}"
    );
    let doc = document("BT /F1 10 Tf 10 50 Td (A) Tj ET", dictionary! {}, |doc| {
        let number = doc.add_object(Object::Integer(7));
        dictionary! { "Font" => dictionary! { "F1" => number } }
    });
    let err = read_pdf("t.pdf", &save(doc)).expect_err("F1 not a font");
    assert!(
        err.to_string().ends_with(" 0 R is not a font dictionary"),
        "{err}"
    );
    // A font named but never used for text is no error; text with no `Tf` at all is the
    // old message.
    assert!(read_pdf("t.pdf", &pdf("BT /F9 10 Tf ET")).is_ok());
    let err = read_pdf("t.pdf", &pdf("BT 10 50 Td (A) Tj ET")).expect_err("no Tf");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: text is shown before a font is set"
    );
}

/// Reads `bytes` with `set` applied to a fresh budget.
fn read_with(bytes: &[u8], set: impl FnOnce(&mut Budget)) -> Result<super::PdfRead, PdfError> {
    let mut budget = Budget::new(1 << 20);
    set(&mut budget);
    read_within("t.pdf", bytes, budget)
}

#[test]
fn each_allowance_stops_the_file_with_one_error_naming_it() {
    let ops = pdf("q Q q Q q Q");
    assert!(read_with(&ops, |b| b.operators = Allowance::new(6, "operators")).is_ok());
    let err = read_with(&ops, |b| b.operators = Allowance::new(5, "operators")).expect_err("over");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: the file exceeds the limit of 5 operators"
    );
    let text = pdf("BT /F1 10 Tf 10 50 Td (ABCD) Tj ET");
    let err = read_with(&text, |b| b.glyphs = Allowance::new(3, "glyphs")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 3 glyphs"),
        "{err}"
    );
    let path = pdf("0 0 10 10 re S");
    let err = read_with(&path, |b| b.path_parts = Allowance::new(3, "parts")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 3 parts"),
        "{err}"
    );
    let table = pdf("10 10 50 50 re S 30 10 m 30 60 l S");
    let err = read_with(&table, |b| b.table_slots = Allowance::new(1, "slots")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 1 slots"),
        "{err}"
    );
    let err = read_with(&table, |b| b.layout_steps = Allowance::new(1, "steps")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 1 steps"),
        "{err}"
    );
    let cmap = b"1 beginbfrange <0000> <00FF> <0041> endbfrange";
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        type0(Some(cmap)),
    );
    let err = read_with(&save(doc), |b| {
        b.mapped_codes = Allowance::new(255, "codes")
    })
    .expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 255 codes"),
        "{err}"
    );
    let doc = document(
        "BT /F1 10 Tf 10 50 Td <0004> Tj ET",
        dictionary! {},
        type0(Some(cmap)),
    );
    let err = read_with(&save(doc), |b| b.widths = Allowance::new(0, "widths")).expect_err("over");
    assert!(
        err.to_string().ends_with("exceeds the limit of 0 widths"),
        "{err}"
    );
}

#[test]
fn forms_count_each_use_and_decode_once() {
    let form = |doc: &mut Document| {
        let fonts = with_helvetica(doc);
        let id = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => fonts,
            "BBox" => vec![0.into(), 0.into(), 200.into(), 100.into()] },
            b"BT /F1 10 Tf 10 50 Td (A) Tj ET".to_vec(),
        ));
        dictionary! { "XObject" => dictionary! { "Fm1" => id } }
    };
    let bytes = save(document("/Fm1 Do /Fm1 Do /Fm1 Do", dictionary! {}, form));
    let err = read_with(&bytes, |b| b.form_uses = Allowance::new(2, "uses")).expect_err("3 uses");
    assert!(
        err.to_string().ends_with("exceeds the limit of 2 uses"),
        "{err}"
    );
    // The form's 31 bytes and the page's 23 are decoded once each: 54 bytes suffice.
    let read = read_within("t.pdf", &bytes, Budget::new(54)).expect("decoded once");
    assert_eq!(read.coverage.glyphs, 3);
    assert!(read_within("t.pdf", &bytes, Budget::new(53)).is_err());
}

#[test]
fn q_nested_beyond_the_limit_is_an_error_not_a_wrong_state() {
    let err = read_pdf("t.pdf", &pdf(&"q ".repeat(257))).expect_err("too deep");
    assert_eq!(
        err.to_string(),
        "t.pdf: page 1: the page exceeds the limit of 256 graphics states open at once (q without Q)"
    );
    assert!(read_pdf("t.pdf", &pdf(&"q ".repeat(256))).is_ok());
}
