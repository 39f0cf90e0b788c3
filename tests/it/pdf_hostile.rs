//! The PDF reader against the hostile files of issue 10 (made by `common::hostile_pdf`): a
//! damaged page is an error for `ingest` and `build` and a warning for `grid`; each file that
//! asks for too much work is one error naming the file, the page and what was exceeded.
//! (Time and memory are measured on the release build, not here; see the example
//! `make-hostile-pdfs`.)

use crate::common;

use common::hostile_pdf::*;
use common::{assert_refused, run, scratch};
use oqs_catalog::diagnostic::Severity;
use oqs_catalog::model::SourceKind;
use oqs_catalog::read::{read_bytes, read_bytes_with, OnDamage};

/// A scratch project whose revision 1.20 holds only `pdf`, as `input/1.20/x.pdf`.
fn project_with(pdf: &[u8]) -> tempfile::TempDir {
    let dir = scratch();
    let rev = dir.path().join("input/1.20");
    for e in std::fs::read_dir(&rev).expect("revision folder") {
        std::fs::remove_file(e.expect("entry").path()).expect("remove");
    }
    std::fs::write(rev.join("x.pdf"), pdf).expect("write");
    dir
}

/// The error `read_bytes` gives for `pdf`, refusing damage.
fn error_of(pdf: &[u8]) -> String {
    match read_bytes("x.pdf", SourceKind::Pdf, pdf) {
        Ok(_) => panic!("x.pdf was read"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_page_cut_short_stops_ingest_and_build() {
    let (pdf, stream) = fixture_with_cut_page();
    let dir = project_with(&pdf);
    let message = format!(
        "input/1.20/x.pdf: page 3: content stream {stream} 0 R cannot be decoded \
         (its compressed data ends before the end of the stream)"
    );
    let r = run(dir.path(), &["ingest", "input/1.20/x.pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.trim(), format!("error: {message}"));
    assert!(r.stdout.is_empty(), "a partial model was printed");
    assert_refused(dir.path(), &["build"], &[&message]);
}

#[test]
fn grid_reads_a_damaged_page_as_far_as_it_goes_and_says_so() {
    let (pdf, stream) = fixture_with_cut_page();
    let dir = project_with(&pdf);
    let r = run(dir.path(), &["grid", "input/1.20/x.pdf", "--stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.trim(),
        format!(
            "input/1.20/x.pdf: page 3: warning: content stream {stream} 0 R cannot be decoded \
             (its compressed data ends before the end of the stream); read as far as it goes"
        )
    );
    assert!(r.stdout.contains("9 pages"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("1 streams or objects could not be decoded: their content is lost"),
        "{}",
        r.stdout
    );
    // The pages before and after the damage are read in full.
    let read = read_bytes_with("x.pdf", SourceKind::Pdf, &pdf, OnDamage::Warn).expect("reads");
    assert_eq!(read.grid.pages.len(), 9);
    let warnings = read
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Warning);
    assert_eq!(warnings.count(), 1, "{:?}", read.warnings);
    let coverage = read.coverage.expect("coverage");
    assert_eq!(coverage.undecoded, 1);
    assert!(!coverage.is_complete());
}

#[test]
fn overwritten_compressed_bytes_are_damage_too() {
    let (pdf, stream) = fixture_with_corrupt_page();
    assert_eq!(
        error_of(&pdf),
        format!(
            "x.pdf: page 3: content stream {stream} 0 R cannot be decoded \
             (its compressed data fails its checksum)"
        )
    );
}

#[test]
fn the_undamaged_fixture_reads_complete() {
    let pdf = std::fs::read(common::root().join(common::PDF)).expect("fixture");
    let read = read_bytes_with("x.pdf", SourceKind::Pdf, &pdf, OnDamage::Warn).expect("reads");
    // Nothing but the notes on line ends only guessed (six in this fixture, `lint` lists them).
    let severities: Vec<Severity> = read.warnings.iter().map(|w| w.severity).collect();
    assert_eq!(severities, vec![Severity::Note; 6], "{:?}", read.warnings);
    assert!(read.coverage.expect("coverage").is_complete());
}

#[test]
fn text_in_a_missing_font_names_the_font_and_what_is_wrong() {
    assert_eq!(
        error_of(&unnamed_font()),
        "x.pdf: page 1: font F9: text is shown in it, but the resources have no font of that name"
    );
    let message = error_of(&missing_font_object());
    assert!(
        message.starts_with("x.pdf: page 1: font F1: text is shown in it, but its object ")
            && message.ends_with(" 0 R is missing or cannot be read"),
        "{message}"
    );
}

// The work of issue 10's files, at the sizes it reported them, each stopped by its allowance.
// (52 million operators take 46 s to reach the limit in a debug build; the allowance of
// operators is tested at a small size in src/read/pdf/tests.rs.)

#[test]
fn a_million_nested_q_is_refused_at_the_nesting_limit() {
    assert_eq!(
        error_of(&nested_q(1_000_000)),
        "x.pdf: page 1: the page exceeds the limit of 256 graphics states open at once (q without Q)"
    );
}

#[test]
fn a_512_kb_to_unicode_destination_is_refused() {
    assert_eq!(
        error_of(&long_destination(512 * 1024)),
        "x.pdf: page 1: font F1: its ToUnicode CMap maps a code to a string of 524288 bytes, \
         more than the 512 that PDF 32000-1 §9.10.3 allows"
    );
}

#[test]
fn ten_thousand_cmap_ranges_stop_at_the_mapped_codes_limit() {
    assert_eq!(
        error_of(&many_cmap_ranges(10_000)),
        "x.pdf: page 1: the file exceeds the limit of 1048576 codes mapped by ToUnicode CMaps"
    );
}

#[test]
fn ten_thousand_width_ranges_stop_at_the_widths_limit() {
    assert_eq!(
        error_of(&many_width_ranges(10_000)),
        "x.pdf: page 1: the file exceeds the limit of 4194304 glyph widths in /W arrays"
    );
}

#[test]
fn a_form_drawn_100000_times_stops_at_the_form_uses_limit() {
    assert_eq!(
        error_of(&form_drawn(100_000)),
        "x.pdf: page 1: the file exceeds the limit of 10000 form XObject uses"
    );
    // At the limit the form is read every time.
    let read = read_bytes("x.pdf", SourceKind::Pdf, &form_drawn(10_000)).expect("reads");
    assert_eq!(read.coverage.expect("coverage").glyphs, 10_000);
}

#[test]
fn eight_million_glyphs_stop_at_the_glyphs_limit() {
    assert_eq!(
        error_of(&many_glyphs(2, 4_000_000)),
        "x.pdf: page 1: the file exceeds the limit of 2000000 glyphs shown"
    );
}

#[test]
fn a_page_of_a_million_visible_glyphs_is_the_most_one_page_draws() {
    assert_eq!(
        error_of(&many_visible_glyphs(1, 1_001_000)),
        "x.pdf: page 1: the page exceeds the limit of 1000000 glyphs drawn on one page"
    );
}

#[test]
fn a_dense_grid_of_rulings_stops_at_the_layout_limit() {
    assert_eq!(
        error_of(&ruled_tables(1, 16_000, 0)),
        "x.pdf: page 1: the file exceeds the limit of 250000000 layout steps"
    );
}

#[test]
fn many_large_tables_on_a_page_stop_at_the_slots_limit() {
    assert_eq!(
        error_of(&ruled_tables(30, 316, 0)),
        "x.pdf: page 1: the page exceeds the limit of 200000 table slots on one page"
    );
}

#[test]
fn a_content_stream_beyond_8_mib_is_refused_before_it_is_parsed() {
    let message = error_of(&scattered_glyphs(1, 600_000));
    assert_eq!(
        message,
        "x.pdf: page 1: the page's content exceeds the limit of 8 MiB of decoded content in one stream"
    );
}
