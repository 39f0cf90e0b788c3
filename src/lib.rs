//! oqs-catalog: reads each revision of 「セットアップ時における顔認証付きカードリーダー表示の
//! メッセージID別問い合わせ先一覧」 into a canonical model and generates code and notes from it.
//!
//! Stages (DESIGN §2): `read` (source → [`grid::Grid`]), `normalize` (Grid → model),
//! `model` (types, YAML, validation, lint), `diff`, `render`. The CLI in `main.rs` only parses
//! arguments and calls [`cli`].

pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod grid;
pub mod model;
pub mod normalize;
pub mod project;
pub mod read;
pub mod render;
pub mod terminal;

pub use error::Error;
