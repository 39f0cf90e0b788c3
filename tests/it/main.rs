//! The integration tests, as one binary (one link instead of one per file; issue 15).
//! Each module is one area; `common` holds the shared helpers.

mod accounting;
mod architecture;
mod build;
mod cli;
mod cli_contract;
mod common;
mod diff;
mod diff_cli;
mod history;
mod hostile;
mod hostile_build;
mod hostile_input;
mod html_browser;
mod identifiers;
mod lint;
mod matching;
mod ods;
mod pdf_hostile;
mod pdf_reader;
mod pdf_tables;
mod pdf_variants;
mod properties;
mod release;
mod render_c;
mod render_escaping;
mod render_json;
mod render_rust;
mod sheet;
mod sheet_hostile;
mod sheet_parity;
mod sheet_regressions;
mod snapshots;
mod truth;
