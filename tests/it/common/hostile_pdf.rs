//! Hostile PDFs made in memory (issue 10): damaged streams, and small files that ask for a
//! great deal of work. `tests/it/pdf_hostile.rs` reads them; `cargo run --release --example
//! make-hostile-pdfs DIR` writes them out so that time and memory can be measured.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

/// A document under construction: pages added one by one, each with its content stream
/// compressed (FlateDecode) and its resources.
pub struct Pdf {
    pub doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Default for Pdf {
    fn default() -> Self {
        Self::new()
    }
}

impl Pdf {
    pub fn new() -> Pdf {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        Pdf {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    pub fn add(&mut self, object: impl Into<Object>) -> ObjectId {
        self.doc.add_object(object)
    }

    /// A page of 595 × 842 points drawing `content`.
    pub fn page(&mut self, content: &[u8], resources: Dictionary) -> ObjectId {
        let content_id = self.add(flate(dictionary! {}, content));
        self.page_with(content_id.into(), resources)
    }

    /// A page whose `/Contents` is `contents` (a reference, or an array of them).
    pub fn page_with(&mut self, contents: Object, resources: Dictionary) -> ObjectId {
        let page = self.add(dictionary! {
            "Type" => "Page", "Parent" => self.pages_id, "Contents" => contents,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        self.kids.push(page.into());
        page
    }

    pub fn bytes(self) -> Vec<u8> {
        self.bytes_with_catalog(Dictionary::new())
    }

    /// The file, with `extra` entries in its catalog (a `/StructTreeRoot`).
    pub fn bytes_with_catalog(mut self, extra: Dictionary) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count },
            ),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => self.pages_id };
        for (k, v) in extra {
            catalog.set(k, v);
        }
        let catalog = self.doc.add_object(catalog);
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("saves");
        out
    }
}

/// A stream of `data` compressed with FlateDecode.
pub fn flate(mut dict: Dictionary, data: &[u8]) -> Stream {
    dict.set("Filter", "FlateDecode");
    Stream::new(dict, miniz_oxide::deflate::compress_to_vec_zlib(data, 9)).with_compression(false)
}

pub fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

/// Resources with Helvetica as /F1.
pub fn with_helvetica(pdf: &mut Pdf) -> Dictionary {
    let font = pdf.add(helvetica());
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

/// One line of text in /F1.
pub fn text(s: &str) -> String {
    format!("BT /F1 10 Tf 50 700 Td ({s}) Tj ET\n")
}

/// Resources with a composite font /F1 (Identity-H): `to_unicode` is its ToUnicode CMap,
/// `w` its descendant's `/W`.
pub fn with_type0(pdf: &mut Pdf, to_unicode: Option<&[u8]>, w: Vec<Object>) -> Dictionary {
    let descendant = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Test",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "W" => w,
    });
    let mut font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Test", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()],
    };
    if let Some(cmap) = to_unicode {
        let id = pdf.add(flate(dictionary! {}, cmap));
        font.set("ToUnicode", id);
    }
    let font = pdf.add(font);
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

/// A ToUnicode CMap of two-byte codes with the given `bfrange` lines.
pub fn to_unicode(ranges: &[String]) -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in ranges.chunks(100) {
        cmap.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for r in chunk {
            cmap.push_str(r);
            cmap.push('\n');
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    cmap.into_bytes()
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/input/1.20/message-id-contacts-1.20.pdf"
);

/// The 1.20 fixture with the compressed content stream of page `page` changed by `damage`;
/// returns the bytes and the stream's object number.
pub fn fixture_with_damaged_page(page: u32, damage: impl Fn(&mut Vec<u8>)) -> (Vec<u8>, u32) {
    let mut doc = Document::load(FIXTURE).expect("fixture loads");
    let page_id = *doc.get_pages().get(&page).expect("page exists");
    let content = doc
        .get_dictionary(page_id)
        .and_then(|p| p.get(b"Contents"))
        .and_then(Object::as_reference)
        .expect("one content stream");
    let Ok(Object::Stream(stream)) = doc.get_object_mut(content) else {
        panic!("content is a stream");
    };
    let mut data = stream.content.clone();
    damage(&mut data);
    stream.set_content(data);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    (out, content.0)
}

/// The fixture with page 3's content cut to its first half: the case issue 10 found read
/// as a page with nine entries missing.
pub fn fixture_with_cut_page() -> (Vec<u8>, u32) {
    fixture_with_damaged_page(3, |d| d.truncate(d.len() / 2))
}

/// The fixture with bytes in the middle of page 3's compressed content overwritten.
pub fn fixture_with_corrupt_page() -> (Vec<u8>, u32) {
    fixture_with_damaged_page(3, |d| {
        let at = d.len() / 2;
        d[at..at + 16].fill(0xFF);
    })
}

/// `pages` pages, each running `per_page` operators (`q` and `Q` in turn): a few KB each.
pub fn many_operators(pages: usize, per_page: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let content = "q\nQ\n".repeat(per_page / 2);
    let id = pdf.add(flate(dictionary! {}, content.as_bytes()));
    for _ in 0..pages {
        pdf.page_with(id.into(), dictionary! {});
    }
    pdf.bytes()
}

/// `q` nested `n` deep.
pub fn nested_q(n: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.page("q\n".repeat(n).as_bytes(), dictionary! {});
    pdf.bytes()
}

/// A ToUnicode `bfrange` of 256 codes whose destination string is `bytes` long.
pub fn long_destination(bytes: usize) -> Vec<u8> {
    let dst = "0041".repeat(bytes / 2);
    let mut pdf = Pdf::new();
    let cmap = to_unicode(&[format!("<0000> <00FF> <{dst}>")]);
    let resources = with_type0(&mut pdf, Some(&cmap), Vec::new());
    pdf.page(b"BT /F1 10 Tf 50 700 Td <0001> Tj ET", resources);
    pdf.bytes()
}

/// A ToUnicode CMap of `n` ranges, each over every two-byte code.
pub fn many_cmap_ranges(n: usize) -> Vec<u8> {
    let ranges = vec!["<0000> <FFFF> <0041>".to_string(); n];
    let mut pdf = Pdf::new();
    let cmap = to_unicode(&ranges);
    let resources = with_type0(&mut pdf, Some(&cmap), Vec::new());
    pdf.page(b"BT /F1 10 Tf 50 700 Td <0001> Tj ET", resources);
    pdf.bytes()
}

/// A `/W` array of `n` ranges, each over 65,536 CIDs.
pub fn many_width_ranges(n: usize) -> Vec<u8> {
    let mut w = Vec::new();
    for _ in 0..n {
        w.extend([0.into(), 65535.into(), 500.into()]);
    }
    let mut pdf = Pdf::new();
    let cmap = to_unicode(&["<0000> <00FF> <0041>".to_string()]);
    let resources = with_type0(&mut pdf, Some(&cmap), w);
    pdf.page(b"BT /F1 10 Tf 50 700 Td <0001> Tj ET", resources);
    pdf.bytes()
}

/// A form XObject (one line of text) drawn `n` times by one page.
pub fn form_drawn(n: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    let form = pdf.add(flate(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => fonts,
        },
        text("A").as_bytes(),
    ));
    pdf.page(
        "/Fm0 Do\n".repeat(n).as_bytes(),
        dictionary! { "XObject" => dictionary! { "Fm0" => form } },
    );
    pdf.bytes()
}

/// `pages` pages, each showing one string of `per_page` glyphs.
pub fn many_glyphs(pages: usize, per_page: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    let content = text(&"A".repeat(per_page));
    let id = pdf.add(flate(dictionary! {}, content.as_bytes()));
    for _ in 0..pages {
        pdf.page_with(id.into(), fonts.clone());
    }
    pdf.bytes()
}

/// A page of `tables` separate grids side by side, each ruled by `n` horizontal and `n`
/// vertical lines 2 points apart (beyond the page where they must be), and `glyphs` glyphs
/// in lines over the page (size 0.5, 1,000 a line).
pub fn ruled_tables(tables: usize, n: usize, glyphs: usize) -> Vec<u8> {
    let mut content = String::from("0.1 w\n");
    let size = 2.0 * (n as f64 - 1.0);
    for t in 0..tables {
        let x0 = 10.0 + t as f64 * (size + 4.0);
        for k in 0..n {
            let at = 2.0 * k as f64;
            content.push_str(&format!(
                "{x0} {y} m {x1} {y} l {x} 10 m {x} {y1} l\n",
                y = 10.0 + at,
                x1 = x0 + size,
                x = x0 + at,
                y1 = 10.0 + size,
            ));
        }
        content.push_str("S\n");
    }
    content.push_str("BT /F1 0.5 Tf 0.6 TL 10 815 Td\n");
    let line = format!("({}) '\n", "A".repeat(1000));
    for _ in 0..glyphs / 1000 {
        content.push_str(&line);
    }
    content.push_str("ET\n");
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    pdf.page(content.as_bytes(), fonts);
    pdf.bytes()
}

/// `pages` pages, each showing `per_page` glyphs in lines over the page (size 0.5, 1,000 a
/// line, 0.6 points apart: lines overlap, as they may).
pub fn many_visible_glyphs(pages: usize, per_page: usize) -> Vec<u8> {
    let mut content = String::from("BT /F1 0.5 Tf 0.6 TL 10 815 Td\n");
    let line = format!("({}) '\n", "A".repeat(1000));
    for _ in 0..per_page / 1000 {
        content.push_str(&line);
    }
    content.push_str("ET\n");
    helvetica_pages(&content, pages)
}

/// `pages` pages sharing one content stream that shows `per_page` glyphs, each far from the
/// others (every glyph a text block of its own).
pub fn scattered_glyphs(pages: usize, per_page: usize) -> Vec<u8> {
    let mut content = String::from("BT /F1 0.2 Tf 10 830 Td\n");
    for k in 1..=per_page {
        content.push_str(if k % 1000 == 0 {
            "(A) Tj -799.2 -1.4 Td\n"
        } else {
            "(A) Tj 0.8 0 Td\n"
        });
    }
    content.push_str("ET\n");
    helvetica_pages(&content, pages)
}

/// A form XObject of `parts` / 2 short lines (two path parts each), drawn `uses` times.
pub fn form_of_lines(parts: usize, uses: usize) -> Vec<u8> {
    let mut content = String::new();
    for k in 0..parts / 2 {
        let (x, y) = (10 + (k % 100) * 5, 10.0 + (k / 100) as f64 * 0.01);
        content.push_str(&format!("{x} {y:.2} m {} {y:.2} l\n", x + 3));
    }
    content.push_str("S\n");
    let mut pdf = Pdf::new();
    let form = pdf.add(flate(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] },
        content.as_bytes(),
    ));
    pdf.page(
        "/Fm0 Do\n".repeat(uses).as_bytes(),
        dictionary! { "XObject" => dictionary! { "Fm0" => form } },
    );
    pdf.bytes()
}

/// Text shown in a font the resources name, whose object is missing from the file.
pub fn missing_font_object() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let missing = pdf.doc.new_object_id();
    pdf.page(
        text("A").as_bytes(),
        dictionary! { "Font" => dictionary! { "F1" => missing } },
    );
    pdf.bytes()
}

/// Text shown in a font the resources do not name.
pub fn unnamed_font() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    pdf.page(b"BT /F9 10 Tf 50 700 Td (A) Tj ET", fonts);
    pdf.bytes()
}

/// `pages` pages in Helvetica sharing one content stream.
fn helvetica_pages(content: &str, pages: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let fonts = with_helvetica(&mut pdf);
    let id = pdf.add(flate(dictionary! {}, content.as_bytes()));
    for _ in 0..pages {
        pdf.page_with(id.into(), fonts.clone());
    }
    pdf.bytes()
}
