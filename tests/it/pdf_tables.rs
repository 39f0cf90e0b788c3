//! The PDF reader on bordered tables drawn the ways other producers draw them (issue 11):
//! small PDFs made in memory, one mechanism per group of tests.

use lopdf::{dictionary, Dictionary, Object, Stream};
use oqs_catalog::grid::{Page, Table};
use oqs_catalog::read::pdf::read_pdf;

use crate::common::hostile_pdf::{flate, with_helvetica, Pdf};

/// The first page of a one-page PDF drawing `content`; `extra` adds resources beside /F1.
fn page_with(content: &str, extra: impl FnOnce(&mut Pdf) -> Dictionary) -> Page {
    let mut pdf = Pdf::new();
    let mut resources = with_helvetica(&mut pdf);
    for (k, v) in extra(&mut pdf) {
        resources.set(k, v);
    }
    pdf.page(content.as_bytes(), resources);
    let (mut grid, _) = read_pdf("t.pdf", &pdf.bytes()).expect("reads");
    grid.pages.remove(0)
}

fn page(content: &str) -> Page {
    page_with(content, |_| dictionary! {})
}

/// Text `s` in /F1 at 10 pt from (x, y) in PDF user space.
fn at(x: f64, y: f64, s: &str) -> String {
    format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n")
}

/// The texts of a 2 × 2 table from (100, 600) to (300, 700), one in each cell's lower left.
fn texts_2x2(texts: [&str; 4]) -> String {
    let places = [
        (120.0, 670.0),
        (220.0, 670.0),
        (120.0, 620.0),
        (220.0, 620.0),
    ];
    let mut out = String::from("0 g ");
    for ((x, y), s) in places.into_iter().zip(texts) {
        out.push_str(&at(x, y, s));
    }
    out
}

/// Each cell as (row, col, rowspan, colspan, text).
fn cells(table: &Table) -> Vec<(usize, usize, usize, usize, &str)> {
    table
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
        .collect()
}

/// The table's texts by row, as a person would write it down.
fn rows(table: &Table) -> Vec<Vec<String>> {
    let mut out = vec![vec![String::new(); table.cols]; table.rows];
    for c in &table.cells {
        out[c.row][c.col] = c.text.clone();
    }
    out
}

// --- 1. Colour and visibility of drawn shapes -------------------------------------------

/// A frame from (100, 600) to (300, 700), "A" and "B" in its halves, and a thin filled
/// vertical line at x = 200 painted by `paint` (which sets the fill colour).
fn divided(paint: &str) -> String {
    format!(
        "0 G 1 w 100 600 200 100 re S\n{paint} 199.5 600 1 100 re f\n0 g {}{}",
        at(120.0, 650.0, "A"),
        at(260.0, 650.0, "B")
    )
}

/// Colour-space resources for the divider cases.
fn spaces(pdf: &mut Pdf) -> Dictionary {
    let icc = pdf.add(Stream::new(dictionary! { "N" => 4 }, vec![]));
    let lookup = pdf.add(flate(dictionary! {}, &[0, 0, 0, 255, 255, 255]));
    let pattern = pdf.add(dictionary! { "PatternType" => 2, "Shading" => dictionary! {} });
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    dictionary! {
        "ColorSpace" => dictionary! {
            "Sep" => vec![name("Separation"), name("Spot"), name("DeviceCMYK"), Object::Null],
            "NoInk" => vec![name("Separation"), name("None"), name("DeviceCMYK"), Object::Null],
            "DN" => vec![name("DeviceN"), Object::Array(vec![name("Cyan"), name("Spot")]), name("DeviceCMYK"), Object::Null],
            "Icc4" => vec![name("ICCBased"), icc.into()],
            "Idx" => vec![name("Indexed"), name("DeviceRGB"), 1.into(), lookup.into()],
        },
        "Pattern" => dictionary! { "P0" => pattern },
    }
}

#[test]
fn a_line_is_a_border_only_when_its_colour_shows() {
    let cases = [
        ("0 g", 2),
        ("1 g", 1),
        ("1 1 1 rg", 1),
        ("0 0 1 rg", 2),
        ("0 0 0 0 k", 1),
        ("0 0 0 1 k", 2),
        // Separation and DeviceN by tint: 1 is full ink (and the initial colour), 0 none.
        ("/Sep cs", 2),
        ("/Sep cs 1 scn", 2),
        ("/Sep cs 0 scn", 1),
        ("/NoInk cs 1 scn", 1),
        ("/DN cs 0 0.7 scn", 2),
        ("/DN cs 0 0 scn", 1),
        ("/Icc4 cs 0 0 0 0 scn", 1),
        ("/Icc4 cs 0 0 0 1 scn", 2),
        ("/Idx cs 1 sc", 1),
        ("/Idx cs 0 sc", 2),
        // A pattern is visible, whatever its colours.
        ("/Pattern cs /P0 scn", 2),
        // On a coloured band, a white line shows and one of the band's colour does not.
        ("0.6 g 100 600 200 100 re f 1 g", 2),
        ("0.6 g 100 600 200 100 re f 0.6 g", 1),
    ];
    for (paint, cols) in cases {
        let page = page_with(&divided(paint), spaces);
        assert_eq!(page.tables.len(), 1, "{paint}");
        let t = &page.tables[0];
        assert_eq!((t.rows, t.cols), (1, cols), "{paint}");
        let expected: Vec<Vec<String>> = if cols == 2 {
            vec![vec!["A".into(), "B".into()]]
        } else {
            vec![vec!["A B".into()]]
        };
        assert_eq!(rows(t), expected, "{paint}");
    }
}

#[test]
fn white_boxes_and_fills_of_the_colour_beneath_are_not_borders() {
    // A 2 × 2 table with black rules; behind each text a white box (on white paper), and
    // the header row shaded grey with per-cell boxes of the same grey inset 3 pt (both as
    // producers of reports draw them).
    let mut content = String::from("0.8 g 100 650 200 50 re f\n");
    for (x, y) in [(100.0, 650.0), (200.0, 650.0)] {
        content.push_str(&format!("0.8 g {} {} 94 44 re f\n", x + 3.0, y + 3.0));
    }
    for (x, y) in [(100.0, 600.0), (200.0, 600.0)] {
        content.push_str(&format!("1 g {} {} 80 20 re f\n", x + 10.0, y + 15.0));
    }
    content.push_str("0 G 1 w 100 600 200 100 re S 200 600 m 200 700 l S 100 650 m 300 650 l S\n");
    content.push_str(&texts_2x2(["Head 1", "Head 2", "a", "b"]));
    let page = page(&content);
    assert_eq!(page.tables.len(), 1);
    assert_eq!(
        cells(&page.tables[0]),
        vec![
            (0, 0, 1, 1, "Head 1"),
            (0, 1, 1, 1, "Head 2"),
            (1, 0, 1, 1, "a"),
            (1, 1, 1, 1, "b")
        ]
    );
}

#[test]
fn rows_drawn_only_as_alternating_bands_are_rows() {
    // Three rows 20 pt high; the first and the third shaded, the second not; the bands'
    // edges are the only row borders. One vertical rule between the columns.
    let mut content = String::new();
    for y in [660.0, 620.0] {
        content.push_str(&format!("0.85 0.9 1 rg 100 {y} 200 20 re f\n"));
    }
    content.push_str("0 G 0.5 w 200 620 m 200 680 l S\n0 g ");
    for (k, y) in [665.0, 645.0, 625.0].iter().enumerate() {
        content.push_str(&at(110.0, *y, &format!("r{k}")));
        content.push_str(&at(210.0, *y, &format!("v{k}")));
    }
    let page = page(&content);
    assert_eq!(page.tables.len(), 1);
    assert_eq!(
        rows(&page.tables[0]),
        vec![vec!["r0", "v0"], vec!["r1", "v1"], vec!["r2", "v2"]]
    );
}

// --- 6. Glyphs the font dictionary does not map ------------------------------------------

/// The test font: glyph 1 is "A" in its Unicode cmap, glyph 2 is named `uni2460` (①),
/// glyph 3 has neither; one-byte codes `!`, `"`, `#` select glyphs 1–3 in its (1,0) cmap.
fn test_font() -> Vec<u8> {
    crate::common::ttf::font(
        4,
        &[('A', 1)],
        &[(b'!', 1), (b'"', 2), (b'#', 3)],
        &["A", "uni2460", "glyph3"],
    )
}

/// Resources with /F1, a TrueType font (`simple`: a simple one with `dict` merged in; else an
/// Identity-H composite) embedding [`test_font`]; `to_unicode` its ToUnicode CMap.
fn embedded(
    simple: bool,
    dict: Dictionary,
    to_unicode: Option<&'static str>,
) -> impl FnOnce(&mut Pdf) -> Dictionary {
    move |pdf: &mut Pdf| {
        let program = pdf.add(flate(dictionary! {}, &test_font()));
        let descriptor = pdf.add(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "Test", "Flags" => 4,
            "Ascent" => 800, "Descent" => -200, "FontFile2" => program,
        });
        let mut font = if simple {
            dictionary! {
                "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Test",
                "FirstChar" => 0, "Widths" => vec![Object::Integer(500); 256],
                "FontDescriptor" => descriptor,
            }
        } else {
            let descendant = pdf.add(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Test",
                "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
                "FontDescriptor" => descriptor, "DW" => 500,
            });
            dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Test",
                "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()],
            }
        };
        for (k, v) in dict {
            font.set(k, v);
        }
        if let Some(cmap) = to_unicode {
            let id = pdf.add(flate(dictionary! {}, cmap.as_bytes()));
            font.set("ToUnicode", id);
        }
        let font = pdf.add(font);
        dictionary! { "Font" => dictionary! { "F2" => font } }
    }
}

/// Reads `shown` (a string operand) in /F2 under `on_damage`.
fn read_shown(
    shown: &str,
    resources: impl FnOnce(&mut Pdf) -> Dictionary,
    on_damage: oqs_catalog::read::OnDamage,
) -> Result<oqs_catalog::read::pdf::PdfRead, oqs_catalog::read::pdf::PdfError> {
    let mut pdf = Pdf::new();
    let res = resources(&mut pdf);
    pdf.page(
        format!("BT /F2 10 Tf 50 700 Td {shown} Tj ET").as_bytes(),
        res,
    );
    oqs_catalog::read::pdf::read_pdf_with("t.pdf", pdf.bytes(), on_damage)
}

fn outside_text(read: &oqs_catalog::read::pdf::PdfRead) -> String {
    read.grid.pages[0]
        .outside
        .iter()
        .map(|b| b.text.as_str())
        .collect()
}

use oqs_catalog::read::OnDamage;

#[test]
fn identity_h_without_to_unicode_reads_the_embedded_cmap_and_names() {
    let read = read_shown(
        "<000100020003>",
        embedded(false, dictionary! {}, None),
        OnDamage::Warn,
    )
    .expect("reads");
    assert_eq!(outside_text(&read), "A①\u{FFFD}");
    let warnings: Vec<String> = read
        .unmapped
        .iter()
        .map(|u| u.diagnostic("t.pdf").to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("t.pdf: page 1")
            && warnings[0].contains("font Test")
            && warnings[0].contains("<0003>")
            && warnings[0].contains("U+FFFD"),
        "{warnings:?}"
    );
    // Where damage is refused (ingest, build), what cannot be read stays an error.
    let err = read_shown(
        "<000100020003>",
        embedded(false, dictionary! {}, None),
        OnDamage::Refuse,
    )
    .expect_err("refused");
    assert!(
        err.to_string().contains("font Test: character code <0003>"),
        "{err}"
    );
}

#[test]
fn a_partial_to_unicode_map_falls_back_per_code() {
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        1 beginbfchar <0001> <0058> endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end";
    let read = read_shown(
        "<00010002>",
        embedded(false, dictionary! {}, Some(cmap)),
        OnDamage::Refuse,
    )
    .expect("reads");
    assert_eq!(outside_text(&read), "X①");
}

#[test]
fn symbolic_truetype_without_encoding_reads_its_own_cmap() {
    let read = read_shown(
        "(!\")",
        embedded(true, dictionary! {}, None),
        OnDamage::Refuse,
    )
    .expect("reads");
    assert_eq!(outside_text(&read), "A①");
}

#[test]
fn differences_names_of_producers_read_as_text() {
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let encoding = dictionary! {
        "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![
            65.into(), name("g1"), name("cid00002"), name("G2"), name("glyph1"),
            name("uni30A2"), name("u1F600"), name("f_f_i"),
        ],
    };
    let read = read_shown(
        "(ABCDEFG)",
        embedded(true, dictionary! { "Encoding" => encoding }, None),
        OnDamage::Refuse,
    )
    .expect("reads");
    assert_eq!(outside_text(&read), "A①①Aア😀ffi");
}

// --- 2, 3. Boundaries that bound nothing, and double borders ------------------------------

/// A 2 × 2 table from (100, 600) to (300, 700), its rules drawn by `rule(x0, y0, x1, y1)`
/// (PDF user space), with a text in each cell.
fn grid_2x2(rule: impl Fn(f64, f64, f64, f64) -> String, extra: &str) -> String {
    let mut content = String::new();
    for y in [600.0, 650.0, 700.0] {
        content.push_str(&rule(100.0, y, 300.0, y));
    }
    for x in [100.0, 200.0, 300.0] {
        content.push_str(&rule(x, 600.0, x, 700.0));
    }
    content.push_str(extra);
    content.push_str(&texts_2x2(["a", "b", "c", "d"]));
    content
}

fn stroked(x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    format!("0 G 0.5 w {x0} {y0} m {x1} {y1} l S\n")
}

fn assert_2x2(page: &Page) {
    assert_eq!(page.tables.len(), 1, "{page:?}");
    assert_eq!(rows(&page.tables[0]), vec![vec!["a", "b"], vec!["c", "d"]]);
    assert!(page.tables[0]
        .cells
        .iter()
        .all(|c| c.rowspan == 1 && c.colspan == 1));
}

#[test]
fn squares_at_the_joints_and_ticks_on_the_frame_make_no_rows_or_columns() {
    // A 3 pt square on each of the nine joints, and 5 pt ticks hanging from the top rule and
    // standing on the bottom one in the middle of each column.
    let mut extra = String::new();
    for x in [100.0, 200.0, 300.0] {
        for y in [600.0, 650.0, 700.0] {
            extra.push_str(&format!("0 g {} {} 3 3 re f\n", x - 1.5, y - 1.5));
        }
    }
    for x in [150.0, 250.0] {
        extra.push_str(&stroked(x, 700.0, x, 695.0));
        extra.push_str(&stroked(x, 600.0, x, 605.0));
    }
    assert_2x2(&page(&grid_2x2(stroked, &extra)));
}

#[test]
fn rules_drawn_as_chains_of_small_squares_are_lines() {
    // Every rule a dotted line of 1 pt squares 1.8 pt apart.
    let dotted = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let n = ((x1 - x0).abs().max((y1 - y0).abs()) / 1.8) as usize;
        (0..=n)
            .map(|k| {
                let t = k as f64 / n as f64;
                let (x, y) = (x0 + t * (x1 - x0), y0 + t * (y1 - y0));
                format!("0 g {} {} 1 1 re f\n", x - 0.5, y - 0.5)
            })
            .collect::<String>()
    };
    assert_2x2(&page(&grid_2x2(dotted, "")));
}

#[test]
fn double_borders_are_one_border() {
    // Each rule drawn twice, 2 pt apart (a Word double border).
    let double = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let (dx, dy) = if y0 == y1 { (0.0, 1.0) } else { (1.0, 0.0) };
        stroked(x0 - dx, y0 - dy, x1 - dx, y1 - dy) + &stroked(x0 + dx, y0 + dy, x1 + dx, y1 + dy)
    };
    assert_2x2(&page(&grid_2x2(double, "")));
}

#[test]
fn a_narrow_column_that_holds_text_is_kept() {
    // A column 3 pt wide between the two, holding one small glyph: a column, not a double
    // border.
    let extra = format!(
        "{}BT /F1 4 Tf 200.4 680 Td (x) Tj ET\n",
        stroked(203.0, 600.0, 203.0, 700.0)
    );
    let page = page(&grid_2x2(stroked, &extra));
    assert_eq!(page.tables.len(), 1);
    assert_eq!(
        rows(&page.tables[0]),
        vec![vec!["a", "x", "b"], vec!["c", "", "d"]]
    );
}

// --- 4. Nested tables ---------------------------------------------------------------------

#[test]
fn a_table_inside_a_frame_keeps_its_text() {
    // A frame around a caption and a 2 × 2 table that does not touch it.
    let content = format!(
        "0 G 0.5 w 80 560 240 170 re S\n{}{}",
        at(90.0, 712.0, "Caption"),
        grid_2x2(stroked, "")
    );
    let page = page(&content);
    assert_eq!(page.tables.len(), 2);
    let (outer, inner) = if page.tables[0].cells.len() == 1 {
        (&page.tables[0], &page.tables[1])
    } else {
        (&page.tables[1], &page.tables[0])
    };
    assert_eq!(cells(outer), vec![(0, 0, 1, 1, "Caption")]);
    assert_eq!(rows(inner), vec![vec!["a", "b"], vec!["c", "d"]]);
}

// --- 7. Tables without side borders -------------------------------------------------------

#[test]
fn a_table_without_side_borders_is_closed_at_its_rules() {
    // Full-width row rules and one column divider: no vertical rule at either side.
    let mut content = String::new();
    for y in [600.0, 650.0, 700.0] {
        content.push_str(&stroked(100.0, y, 300.0, y));
    }
    content.push_str(&stroked(200.0, 600.0, 200.0, 700.0));
    content.push_str(&texts_2x2(["a", "b", "c", "d"]));
    let page = page(&content);
    assert_2x2(&page);
    assert_eq!(
        page.tables[0].cells[0].bbox,
        Some([100.0, 142.0, 200.0, 192.0])
    );
}

// --- 9. Right-to-left text ----------------------------------------------------------------

/// The text outside tables of one page drawn by `content` in /F2: Helvetica with the codes
/// A, B, C… renamed to `glyphs` through `/Differences`.
fn lines_in_renamed_helvetica(glyphs: &[&str], content: &[u8]) -> Vec<String> {
    let mut differences: Vec<Object> = vec![65.into()];
    differences.extend(glyphs.iter().map(|g| Object::Name(g.as_bytes().to_vec())));
    let mut pdf = Pdf::new();
    let font = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => dictionary! {
            "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => differences,
        },
    });
    pdf.page(
        content,
        dictionary! { "Font" => dictionary! { "F2" => font } },
    );
    let (grid, _) = read_pdf("t.pdf", &pdf.bytes()).expect("reads");
    grid.pages[0]
        .outside
        .iter()
        .map(|b| b.text.clone())
        .collect()
}

#[test]
fn right_to_left_text_reads_in_logical_order() {
    // A, B, C renamed alef, bet, gimel. Hebrew is drawn right to left, so the word אבג shows
    // as C B A from left to right; a number keeps its digits' order.
    let texts = lines_in_renamed_helvetica(
        &["uni05D0", "uni05D1", "uni05D2"],
        b"BT /F2 10 Tf 50 700 Td (CBA) Tj ET BT /F2 10 Tf 50 650 Td (12 BA) Tj ET",
    );
    assert_eq!(texts, vec!["\u{5D0}\u{5D1}\u{5D2}", "\u{5D0}\u{5D1} 12"]);
}

#[test]
fn arabic_presentation_forms_read_as_the_letters_a_person_writes() {
    // Producers that shape Arabic themselves map each glyph to its contextual form (Arabic
    // Presentation Forms-B; tabula-java's arabic.pdf does): ﻣ (U+FEE3, meem initial) and ﻦ
    // (U+FEE6, noon final), drawn right to left, and the lam-alef ligature ﻻ (U+FEFB). A
    // person copying the page writes the letters (NFKC): من and لا.
    let texts = lines_in_renamed_helvetica(
        &["uniFEE3", "uniFEE6", "uniFEFB"],
        b"BT /F2 10 Tf 50 700 Td (BA) Tj ET BT /F2 10 Tf 50 650 Td (C) Tj ET",
    );
    assert_eq!(texts, vec!["\u{645}\u{646}", "\u{644}\u{627}"]);
}

// --- 8. Words at wraps --------------------------------------------------------------------

/// Resources with /F1 (Helvetica) and /F2, a composite font without a font program whose two-byte codes 1–6 read
/// あいうえおか, each 1 em wide.
fn japanese(pdf: &mut Pdf) -> Dictionary {
    let ranges: Vec<String> = "あいうえおか"
        .chars()
        .zip(1..)
        .map(|(c, code)| format!("<{code:04X}> <{code:04X}> <{:04X}>", c as u32))
        .collect();
    let cmap = crate::common::hostile_pdf::to_unicode(&ranges);
    let res = crate::common::hostile_pdf::with_type0(pdf, Some(&cmap), vec![]);
    let font = res
        .get(b"Font")
        .and_then(Object::as_dict)
        .and_then(|f| f.get(b"F1"))
        .expect("font")
        .clone();
    let helvetica = pdf.add(crate::common::hostile_pdf::helvetica());
    dictionary! { "Font" => dictionary! { "F1" => helvetica, "F2" => font } }
}

/// A line of Latin text `s` in /F1, drawn from the origin it is given.
fn latin(s: &'static str) -> impl Fn(f64, f64) -> String {
    move |x, y| at(x, y, s)
}

/// A line of Japanese in /F2, drawn from the origin it is given: `codes` are [`japanese`]'s
/// codes 1–6.
fn kana(codes: &'static [u8]) -> impl Fn(f64, f64) -> String {
    move |x, y| {
        let hex: String = codes.iter().map(|c| format!("00{c:02X}")).collect();
        format!("BT /F2 10 Tf {x} {y} Td <{hex}> Tj ET\n")
    }
}

/// The text of the one cell of a frame from x = 100 to `right`, y = 600 to 700, holding two
/// lines drawn by `first` and `second` (each given the line's origin).
fn two_lines(
    right: f64,
    first: impl Fn(f64, f64) -> String,
    second: impl Fn(f64, f64) -> String,
) -> String {
    let content = format!(
        "0 G 0.5 w 100 600 {} 100 re S 0 g\n{}{}",
        right - 100.0,
        first(102.0, 680.0),
        second(102.0, 668.0)
    );
    let page = page_with(&content, japanese);
    assert_eq!(page.tables.len(), 1);
    let cells = cells(&page.tables[0]);
    assert_eq!(cells.len(), 1, "{cells:?}");
    cells[0].4.to_string()
}

// Each first line below fills the 50 pt cell: the next line's first word (or character) would
// not have fitted after it, so the line end is a wrap.

#[test]
fn two_latin_words_wrapped_keep_their_space() {
    let text = two_lines(150.0, latin("Relative"), latin("Precision"));
    assert_eq!(text, "Relative Precision");
}

#[test]
fn two_numbers_wrapped_stay_two_numbers() {
    let text = two_lines(150.0, latin("7,723,293"), latin("7,793,704"));
    assert_eq!(text, "7,723,293 7,793,704");
}

#[test]
fn japanese_wrapped_joins_without_a_space() {
    let text = two_lines(150.0, kana(&[1, 2, 3, 4]), kana(&[5, 6]));
    assert_eq!(text, "あいうえおか");
}

#[test]
fn latin_and_japanese_wrapped_join_without_a_space() {
    let text = two_lines(150.0, latin("Relative"), kana(&[1, 2]));
    assert_eq!(text, "Relativeあい");
    let text = two_lines(150.0, kana(&[1, 2, 3, 4]), latin("Windows"));
    assert_eq!(text, "あいうえWindows");
}

#[test]
fn a_line_break_between_latin_words_stays_a_break() {
    // The same lines in a 100 pt cell: "Precision" would have fitted after "Relative".
    let text = two_lines(200.0, latin("Relative"), latin("Precision"));
    assert_eq!(text, "Relative\nPrecision");
}

#[test]
fn a_paragraph_under_a_table_keeps_the_space_at_its_wrap() {
    // Two lines under a 50 pt table, the first reaching the table's right border.
    let content = format!(
        "0 G 0.5 w 100 600 50 100 re S 0 g\n{}{}{}",
        at(102.0, 680.0, "x"),
        at(102.0, 580.0, "Relative"),
        at(102.0, 568.0, "Precision")
    );
    let page = page(&content);
    let texts: Vec<&str> = page.outside.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["Relative Precision"]);
}

// --- 5. Widths of the 14 standard fonts ---------------------------------------------------

/// A one-row table with columns 100–200 and 200–300: "Filial little Illinois" from x = 102
/// and "4,151" from x = 202, both in /F1 at 10 pt. In Helvetica the first text is 71.7 pt
/// wide (Helvetica.afm) and ends well inside its cell; measured at a default half-em width
/// it would reach x = 212 and its last glyphs would fall into the next cell.
fn narrow_text_beside_a_number() -> String {
    format!(
        "0 G 1 w 100 600 200 50 re S 200 600 m 200 650 l S\n0 g {}{}",
        at(102.0, 620.0, "Filial little Illinois"),
        at(202.0, 620.0, "4,151")
    )
}

/// The rows of the first table of [`narrow_text_beside_a_number`] with /F1 being `font`.
fn standard_font_rows(font: Dictionary) -> Vec<Vec<String>> {
    let page = page_with(&narrow_text_beside_a_number(), |pdf| {
        let f1 = pdf.add(font);
        dictionary! { "Font" => dictionary! { "F1" => f1 } }
    });
    rows(&page.tables[0])
}

fn expected_standard_font_rows() -> Vec<Vec<String>> {
    vec![vec!["Filial little Illinois".into(), "4,151".into()]]
}

#[test]
fn helvetica_without_widths_is_measured_with_its_own_metrics() {
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    "Encoding" => "WinAnsiEncoding" };
    assert_eq!(standard_font_rows(font), expected_standard_font_rows());
}

#[test]
fn standard_font_aliases_and_subset_prefixes_are_measured_too() {
    for base in [
        "Arial",
        "ABCDEF+ArialMT",
        "Arial,Bold",
        "TimesNewRomanPS-BoldMT",
        "Times-Italic",
    ] {
        let font = dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => base,
        "Encoding" => "WinAnsiEncoding" };
        assert_eq!(
            standard_font_rows(font),
            expected_standard_font_rows(),
            "{base}"
        );
    }
}

#[test]
fn widths_given_in_the_font_still_win() {
    // /Widths of 1000 for every code: the producer's own widths, even for Helvetica, place
    // "ois" past the border (x = 102 + 19 em of 10 pt).
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 126,
    "Widths" => vec![Object::Integer(1000); 95] };
    let rows = standard_font_rows(font);
    assert_ne!(rows, expected_standard_font_rows());
    assert!(rows[0][0].starts_with("Filial l"), "{rows:?}");
}
