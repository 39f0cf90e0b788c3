//! The spreadsheet reader (xlsx and ods) and normalization on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oqs_catalog::model::SourceKind;

fuzz_target!(|data: &[u8]| {
    for kind in [SourceKind::Xlsx, SourceKind::Ods] {
        if let Ok(src) = oqs_catalog::read::read_bytes("fuzz", kind, data) {
            let _ = oqs_catalog::normalize::normalize(&src.grid, src.source(), &Default::default());
        }
    }
});
