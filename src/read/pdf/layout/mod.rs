//! Page layout: from drawn glyphs and segments ([`super::drawn`]) to tables and lines of
//! text. It reads only what the interpreter yields, never the interpreter itself.
//!
//! `page` assembles a page of the grid; `frame` turns glyphs and segments into the frame
//! where their text runs left to right; `tagged` decides whether structure links are kept;
//! `rulings` snaps and joins lines, `lattice` finds bordered tables among them, `text` groups
//! glyphs into visual lines and turns a cell's lines into its text.

mod frame;
pub(crate) mod lattice;
pub(crate) mod page;
pub(crate) mod rulings;
pub(crate) mod tagged;
pub(crate) mod text;
