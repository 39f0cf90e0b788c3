//! The canonical YAML model loader on arbitrary text; a model that loads must write back and
//! load again to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oqs_catalog::model::yaml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(model) = yaml::load("fuzz.yaml", text) {
        let again = yaml::to_yaml(&model, "").expect("a loaded model writes");
        let back = yaml::load("fuzz.yaml", &again).expect("a written model loads");
        assert_eq!(back, model);
    }
});
