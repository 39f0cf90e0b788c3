//! Tables, turned frames and text outside tables.

use lopdf::dictionary;
use oqs_catalog::read::pdf::read_pdf;

use super::build::{document, pdf, save, with_helvetica};

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
fn turned_table(
    cm: &str,
    extra: &str,
) -> (oqs_catalog::grid::Page, oqs_catalog::read::pdf::Coverage) {
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
fn outside_texts(page: &oqs_catalog::grid::Page) -> Vec<&str> {
    page.outside.iter().map(|b| b.text.as_str()).collect()
}

fn spans_and_texts(table: &oqs_catalog::grid::Table) -> Vec<(usize, usize, usize, usize, &str)> {
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
    let bytes = include_bytes!("../../data/chromium-rotated.pdf");
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
