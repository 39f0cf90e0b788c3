//! Page layout: from drawn glyphs and segments to tables and lines of text.
//!
//! `rulings` snaps and joins lines, `lattice` finds bordered tables among them, `text` groups
//! glyphs into visual lines and turns a cell's lines into its text.

pub(crate) mod lattice;
pub(crate) mod rulings;
pub(crate) mod text;
