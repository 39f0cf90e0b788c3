//! Ingest speed: the 1.20 PDF and spreadsheet through the whole pipeline (read + normalize),
//! and the PDF reader alone on the 1.20 pages repeated to 90 and 900 pages, to show that the
//! time per page stays flat.
//!
//! Run: `cargo bench --bench ingest`. For the comparison with `pdftotext -layout` on the same
//! file see `scripts/bench-vs-pdftotext.sh`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lopdf::{Document, Object};
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
