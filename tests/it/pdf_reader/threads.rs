//! Pages read on several threads give what one thread gives: the same grid, coverage,
//! damage, unmapped codes and guesses in the same order, and the same first error — on the
//! fixture, on many-page files, under damage, with two pages failing and with an allowance of
//! the file running out on a late page.

use lopdf::{dictionary, Object, ObjectId};
use oqs_catalog::read::pdf::{read_pdf_on_threads, PdfRead};
use oqs_catalog::read::OnDamage;

use super::build::sans;
use crate::common::hostile_pdf::{flate, helvetica, text, with_helvetica, Pdf};

/// Thread counts compared with one thread: two (this machine's), more than the pages of
/// small files, and odd ones.
const THREADS: [usize; 4] = [2, 3, 5, 8];

/// The file read on one thread, after checking that every count in [`THREADS`] reads it alike
/// (a read as its full debug text, an error as its message).
fn read_alike(bytes: &[u8], on_damage: OnDamage) -> Result<PdfRead, String> {
    let one = read_pdf_on_threads("t.pdf", bytes, on_damage, 1).map_err(|e| e.to_string());
    let shown = format!("{one:?}");
    for threads in THREADS {
        // Twice: a race would show as a difference between runs.
        for _ in 0..2 {
            let many =
                read_pdf_on_threads("t.pdf", bytes, on_damage, threads).map_err(|e| e.to_string());
            assert_eq!(format!("{many:?}"), shown, "{threads} threads");
        }
    }
    one
}

#[test]
fn the_fixture_reads_alike_on_any_number_of_threads() {
    let bytes =
        std::fs::read(crate::common::root().join("input/1.20/message-id-contacts-1.20.pdf"))
            .expect("fixture");
    let read = read_alike(&bytes, OnDamage::Refuse).expect("reads");
    assert_eq!(read.grid.pages.len(), 9);
    assert!(read.coverage.is_complete(), "{:?}", read.coverage);
}

/// `pages` pages of tagged text: each a cell whose first line fills it and whose second line
/// is short, each line its own structure element, except on page `spanning`, where both
/// lines are one element (so from that page on the structure is trusted).
fn tagged_pages(pages: usize, spanning: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let font = pdf.add(sans());
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    let content = "0.5 w 10 20 60 60 re S
        /P <</MCID 0>> BDC BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET EMC
        /P <</MCID 1>> BDC BT /F1 10 Tf 11 55 Td (lm) Tj ET EMC";
    let mut nums = Vec::new();
    let mut elements = Vec::new();
    for k in 1..=pages {
        let page = pdf.page(content.as_bytes(), resources.clone());
        let key = k as i64;
        pdf.doc
            .get_dictionary_mut(page)
            .expect("page")
            .set("StructParents", key);
        let mut element = || -> Object {
            let id: ObjectId = pdf
                .doc
                .add_object(dictionary! { "Type" => "StructElem", "S" => "P" });
            elements.push(id.into());
            id.into()
        };
        let first = element();
        let second = if k == spanning {
            first.clone()
        } else {
            element()
        };
        nums.push(key.into());
        nums.push(Object::Array(vec![first, second]));
    }
    let tree = pdf.add(dictionary! { "Nums" => nums });
    let root =
        pdf.add(dictionary! { "Type" => "StructTreeRoot", "ParentTree" => tree, "K" => elements });
    pdf.bytes_with_catalog(dictionary! { "StructTreeRoot" => root })
}

#[test]
fn structure_trusted_from_a_later_page_on_reads_alike() {
    let read = read_alike(&tagged_pages(40, 23), OnDamage::Refuse).expect("reads");
    let texts: Vec<&str> = read
        .grid
        .pages
        .iter()
        .map(|p| p.tables[0].cells[0].text.as_str())
        .collect();
    // Before page 23 the structure is not trusted (no element holds two lines), so the full
    // line reads as wrapped; page 23 shows an element over two lines, and from there on the
    // change of element after the full line is a break.
    for (page, text) in (1..).zip(&texts) {
        let expected = if page <= 23 {
            "abcdefghijk lm"
        } else {
            "abcdefghijk\nlm"
        };
        assert_eq!(*text, expected, "page {page}");
    }
}

/// A page that draws a form XObject `uses` times, with a line of its own.
fn form_page(pdf: &mut Pdf, form: ObjectId, fonts: &lopdf::Dictionary, uses: usize, line: &str) {
    let mut resources = fonts.clone();
    resources.set("XObject", dictionary! { "Fm0" => form });
    let content = format!("{}{}", "/Fm0 Do\n".repeat(uses), text(line));
    pdf.page(content.as_bytes(), resources);
}

/// A form XObject showing one line of text.
fn text_form(pdf: &mut Pdf, fonts: &lopdf::Dictionary, data: &[u8]) -> ObjectId {
    let mut stream = flate(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => fonts.clone(),
        },
        data,
    );
    if data.is_empty() {
        stream.set_content(b"not flate data at all".to_vec());
    }
    pdf.add(stream)
}

/// `pages` pages in Helvetica, page `k` drawing one form `uses(k)` times and its line "page k".
fn form_pages(pages: usize, uses: impl Fn(usize) -> usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    let form = text_form(&mut pdf, &fonts, b"BT /F1 8 Tf 300 100 Td (form) Tj ET");
    for k in 1..=pages {
        form_page(&mut pdf, form, &fonts, uses(k), &format!("page {k}"));
    }
    pdf.bytes()
}

#[test]
fn many_pages_with_shared_forms_and_fonts_read_alike() {
    let read = read_alike(&form_pages(60, |k| k % 4), OnDamage::Refuse).expect("reads");
    assert_eq!(read.grid.pages.len(), 60);
    assert_eq!(read.grid.pages[59].outside[0].text, "page 60");
}

#[test]
fn damage_is_reported_where_one_thread_finds_it() {
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    // A form whose data is not FlateDecode data, and a font whose ToUnicode CMap is missing:
    // each is damage on the first page that uses it, and only there.
    let broken_form = text_form(&mut pdf, &fonts, b"");
    let missing = pdf.doc.new_object_id();
    let mut font = helvetica();
    font.set("ToUnicode", missing);
    let font = pdf.add(font);
    let damaged_font = dictionary! { "Font" => dictionary! { "F1" => font } };
    let cut = {
        let mut s = flate(dictionary! {}, text("cut short").repeat(50).as_bytes());
        let half = s.content.len() / 2;
        s.content.truncate(half);
        pdf.add(s)
    };
    for k in 1..=24u32 {
        match k {
            5 | 11 | 19 => {
                form_page(&mut pdf, broken_form, &fonts, 2, &format!("page {k}"));
            }
            7 | 8 | 20 => {
                pdf.page(text(&format!("page {k}")).as_bytes(), damaged_font.clone());
            }
            9 | 16 => {
                pdf.page_with(vec![cut.into()].into(), fonts.clone());
            }
            _ => {
                pdf.page(text(&format!("page {k}")).as_bytes(), fonts.clone());
            }
        }
    }
    let bytes = pdf.bytes();
    let read = read_alike(&bytes, OnDamage::Warn).expect("reads under Warn");
    let pages: Vec<u32> = read.damage.iter().map(|d| d.page).collect();
    assert_eq!(pages, [5, 7, 9, 16], "{:#?}", read.damage);
    assert!(
        read.damage[0].what.starts_with("form XObject /Fm0"),
        "{:?}",
        read.damage
    );
    assert!(
        read.damage[1].what.starts_with("ToUnicode CMap"),
        "{:?}",
        read.damage
    );
    assert_eq!(read.coverage.undecoded, 4);
    // Refused, the first damaged page is the error.
    let err = read_alike(&bytes, OnDamage::Refuse).expect_err("refused");
    assert!(err.starts_with("t.pdf: page 5: form XObject /Fm0"), "{err}");
}

#[test]
fn the_first_failing_page_is_the_error_however_fast_a_later_one_fails() {
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    for k in 1..=12 {
        let content = match k {
            // Slow to fail: many operators before text shown in no font.
            3 => format!("{}BT 50 700 Td (x) Tj ET", "q Q\n".repeat(100_000)),
            // Quick to fail: a font the resources do not name.
            4 | 9 => "BT /F9 10 Tf 50 700 Td (y) Tj ET".to_string(),
            _ => text(&format!("page {k}")),
        };
        pdf.page(content.as_bytes(), fonts.clone());
    }
    let err = read_alike(&pdf.bytes(), OnDamage::Refuse).expect_err("page 3 fails");
    assert_eq!(err, "t.pdf: page 3: text is shown before a font is set");
}

#[test]
fn an_allowance_of_the_file_runs_out_on_the_same_page() {
    // 400 form uses a page: the file's 10,000 run out on page 26.
    let err = read_alike(&form_pages(30, |_| 400), OnDamage::Refuse).expect_err("runs out");
    assert_eq!(
        err,
        "t.pdf: page 26: the file exceeds the limit of 10000 form XObject uses"
    );
}
