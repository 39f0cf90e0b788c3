//! Content streams built from structure (repeats, nesting, forms drawing forms, marked
//! content, damaged encodings), read under both damage policies; see `shapes/pdf.rs`.
#![no_main]

#[path = "../shapes/pdf.rs"]
mod pdf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<pdf::PageSpec>, Vec<pdf::FormSpec>)| {
    let (pages, forms) = input;
    if pages.is_empty() {
        return;
    }
    let helvetica = pdf::FontSpec {
        kind: pdf::FontKind::Helvetica,
        to_unicode: None,
        w: Vec::new(),
        dw: None,
        first_char: 32,
        widths: Vec::new(),
        program: None,
        missing: false,
    };
    pdf::check(&pdf::document(&pages, &forms, &[helvetica]));
});
