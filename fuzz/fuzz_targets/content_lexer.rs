//! The content-stream lexer against lopdf's content parser on arbitrary bytes: the same
//! operations, operators and operands, up to where both stop (src/read/pdf/content.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(difference) = oqs_catalog::read::pdf::check_against_lopdf(data) {
        panic!("{difference}");
    }
});
