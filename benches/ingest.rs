//! Ingest speed: the 1.20 PDF and spreadsheet through the whole pipeline (read + normalize),
//! and the PDF reader alone on the 1.20 pages repeated to 90 and 900 pages, to show that the
//! time per page stays flat; and on pages of a ruled table in non-embedded Helvetica without
//! `/Widths`, each page with a font object of its own, measured with the standard fonts'
//! metrics (issue 11, mechanism 5).
//!
//! Run: `cargo bench --bench ingest`. For the comparison with `pdftotext -layout` on the same
//! file see `scripts/bench-vs-pdftotext.sh`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lopdf::{dictionary, Document, Object, Stream};
use oqs_catalog::app::Project;

const PDF: &str = "input/1.20/message-id-contacts-1.20.pdf";
const XLSX: &str = "input/1.20/message-id-contacts-1.20.xlsx";

/// The fixture with its page list repeated until it has `pages` pages. The copies share the
/// page objects' content streams, as a long catalog would share its fonts.
fn repeated(bytes: &[u8], pages: usize) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).expect("fixture loads");
    let catalog = doc.catalog().expect("catalog").clone();
    let pages_id = catalog
        .get(b"Pages")
        .and_then(Object::as_reference)
        .expect("page tree");
    let kids: Vec<Object> = doc
        .get_dictionary(pages_id)
        .and_then(|d| d.get(b"Kids"))
        .and_then(Object::as_array)
        .expect("kids")
        .clone();
    let mut all = Vec::with_capacity(pages);
    while all.len() < pages {
        for k in &kids {
            if all.len() == pages {
                break;
            }
            let id = k.as_reference().expect("page ref");
            let page = doc.get_object(id).expect("page").clone();
            let new_id = doc.add_object(page);
            all.push(Object::Reference(new_id));
        }
    }
    let tree = doc.get_dictionary_mut(pages_id).expect("page tree");
    tree.set("Kids", Object::Array(all));
    tree.set("Count", Object::Integer(pages as i64));
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// `pages` pages of a table of 20 rows and 6 columns of numbers, ruled, in Helvetica without
/// `/Widths`; each page names a font object of its own, so each loads the font's metrics.
fn standard_font_pages(pages: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut content = String::from("0 G 0.5 w\n");
    for r in 0..=20 {
        let y = 780 - 30 * r;
        content.push_str(&format!("50 {y} m 550 {y} l S\n"));
    }
    for c in 0..=6 {
        let x = 50 + 500 * c / 6;
        content.push_str(&format!("{x} 180 m {x} 780 l S\n"));
    }
    for r in 0..20 {
        for c in 0..6 {
            let (x, y) = (54 + 500 * c / 6, 760 - 30 * r);
            let text = format!("{},{:03}.{:02}", r * 7 + c, r * 131 + c, c * 9);
            content.push_str(&format!("BT /F1 9 Tf {x} {y} Td ({text}) Tj ET\n"));
        }
    }
    let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let kids: Vec<Object> = (0..pages)
        .map(|_| {
            let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1",
            "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" });
            let page = doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            });
            page.into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => pages as i64 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::new(root);
    let mut g = c.benchmark_group("ingest");
    for file in [PDF, XLSX] {
        g.bench_function(file.rsplit('/').next().unwrap_or(file), |b| {
            b.iter(|| project.ingest(&root.join(file)).expect("ingest"))
        });
    }
    g.finish();

    let fixture = std::fs::read(root.join(PDF)).expect("fixture");
    let mut g = c.benchmark_group("read_pdf per page");
    g.sample_size(10);
    for pages in [9usize, 90, 900] {
        let bytes = if pages == 9 {
            fixture.clone()
        } else {
            repeated(&fixture, pages)
        };
        g.throughput(Throughput::Elements(pages as u64));
        g.bench_with_input(BenchmarkId::from_parameter(pages), &bytes, |b, bytes| {
            b.iter(|| oqs_catalog::read::pdf::read_pdf("bench.pdf", bytes).expect("read"))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("read_pdf standard-font page");
    g.sample_size(20);
    let pages = 50;
    let bytes = standard_font_pages(pages);
    g.throughput(Throughput::Elements(pages as u64));
    g.bench_with_input(BenchmarkId::from_parameter(pages), &bytes, |b, bytes| {
        b.iter(|| oqs_catalog::read::pdf::read_pdf("bench.pdf", bytes).expect("read"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
