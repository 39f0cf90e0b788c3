//! Fonts built from structure (ToUnicode and embedded CMaps with large bfrange and
//! cidrange sections, predefined CMaps, `/W` arrays, font programs, damaged encodings), each
//! showing the fuzzed codes, read under both damage policies; see `shapes/pdf.rs`.
#![no_main]

#[path = "../shapes/pdf.rs"]
mod pdf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<pdf::FontSpec>, Vec<Vec<u8>>)| {
    let (fonts, strings) = input;
    if fonts.is_empty() {
        return;
    }
    let mut content = vec![pdf::Item::BeginText];
    for (k, s) in strings.into_iter().enumerate() {
        content.push(pdf::Item::Font { index: (k % fonts.len().min(5)) as u8, size: 10 });
        content.push(pdf::Item::Move { x: 10, y: 700 - 12 * (k % 50) as i16 });
        content.push(pdf::Item::Show(s));
    }
    content.push(pdf::Item::EndText);
    let page = pdf::PageSpec { content, encoding: pdf::Encoding::Plain, split: None, rotate: 0 };
    pdf::check(&pdf::document(&[page], &[], &fonts));
});
