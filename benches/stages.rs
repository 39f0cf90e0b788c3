//! Per-stage costs of a build (issue 16): each stage of the pipeline alone, on the 1.20
//! revision. Reading the PDF (bytes → grid), reading the spreadsheet, normalizing each grid
//! into a model, writing the model as YAML, diffing (the cross-check of the PDF's model with
//! the spreadsheet's), rendering each target, and the whole `build` in memory.
//!
//! Run: `cargo bench --bench stages`. Whole processes against `pdftotext`: `scripts/bench.sh`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use oqs_catalog::app::{catalog_yaml, Project};
use oqs_catalog::model::SourceKind;
use oqs_catalog::normalize::errata::Errata;
use oqs_catalog::normalize::normalize;
use oqs_catalog::read::read_bytes;
use oqs_catalog::render::{render_target, RenderInput, Target};

const PDF: &str = "input/1.20/message-id-contacts-1.20.pdf";
const XLSX: &str = "input/1.20/message-id-contacts-1.20.xlsx";
const ERRATA: &str = "input/errata.yaml";

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::new(root);
    let pdf = std::fs::read(root.join(PDF)).expect("fixture");
    let xlsx = std::fs::read(root.join(XLSX)).expect("fixture");
    let errata_text = std::fs::read_to_string(root.join(ERRATA)).expect("errata");
    let errata = Errata::parse(ERRATA, &errata_text).expect("errata parse");

    let mut g = c.benchmark_group("read");
    g.bench_function("pdf", |b| {
        b.iter(|| read_bytes(PDF, SourceKind::Pdf, &pdf).expect("read"))
    });
    g.bench_function("xlsx", |b| {
        b.iter(|| read_bytes(XLSX, SourceKind::Xlsx, &xlsx).expect("read"))
    });
    g.finish();

    let from_pdf = read_bytes(PDF, SourceKind::Pdf, &pdf).expect("read");
    let from_xlsx = read_bytes(XLSX, SourceKind::Xlsx, &xlsx).expect("read");
    let mut g = c.benchmark_group("normalize");
    for (name, src) in [("pdf", &from_pdf), ("xlsx", &from_xlsx)] {
        g.bench_function(name, |b| {
            b.iter(|| normalize(&src.grid, src.source(), &errata).expect("normalize"))
        });
    }
    g.finish();

    let a = normalize(&from_pdf.grid, from_pdf.source(), &errata)
        .expect("normalize")
        .catalog;
    let b2 = normalize(&from_xlsx.grid, from_xlsx.source(), &errata)
        .expect("normalize")
        .catalog;
    c.bench_function("yaml", |b| b.iter(|| catalog_yaml(&a).expect("yaml")));
    c.bench_function("diff (cross-check)", |b| {
        b.iter(|| oqs_catalog::diff::diff(&a, &b2))
    });

    let catalogs = vec![a];
    let identifiers = project.identifiers().expect("identifiers");
    let series = oqs_catalog::render::rust_api::series(&catalogs, &identifiers).expect("series");
    let history = oqs_catalog::history::History::new(&catalogs, &series.changes);
    let mut g = c.benchmark_group("render");
    for target in Target::ALL {
        g.bench_function(target.name(), |b| {
            b.iter(|| {
                let input = RenderInput {
                    catalogs: &catalogs,
                    identifiers: &identifiers,
                    series: &series,
                    history: &history,
                };
                render_target(input, target).expect("render")
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("build");
    g.sample_size(20);
    g.bench_function("outputs", |b| {
        b.iter(|| project.outputs(false).expect("build"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
