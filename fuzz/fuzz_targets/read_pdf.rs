//! The PDF reader and normalization on arbitrary bytes: errors are fine, panics and hangs are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oqs_catalog::model::SourceKind;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = oqs_catalog::read::read_bytes("fuzz.pdf", SourceKind::Pdf, data) {
        let _ = oqs_catalog::normalize::normalize(&src.grid, src.source(), &Default::default());
    }
});
