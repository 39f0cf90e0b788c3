//! oqs-catalog: reads each revision of 「セットアップ時における顔認証付きカードリーダー表示の
//! メッセージID別問い合わせ先一覧」 into a canonical model and generates code and notes from it.
//!
//! Stages, lowest first (DESIGN §2, docs/architecture.md): [`diagnostic`], [`model`], [`grid`],
//! [`read`] (source → grid), [`normalize`] (grid → model), [`diff`] (two models → changes),
//! [`release`] (the generated crate's versions), [`history`] (every revision → the life of
//! each entry and message ID), [`render`] (models → files, notes). Above
//! them the driver [`app`] (the project on disk, the build, writing `generated/`) and the
//! command line [`cli`]; `main.rs` only calls [`cli::main`]. No module names one of a higher
//! layer (`tests/it/architecture.rs`).

pub mod app;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod grid;
pub mod history;
pub mod model;
pub mod normalize;
pub mod parallel;
pub mod read;
pub mod release;
pub mod render;
pub mod terminal;

pub use error::Error;
