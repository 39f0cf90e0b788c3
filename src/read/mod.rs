//! Readers: one per source format, each turning a file's bytes into a [`crate::grid::Grid`].

pub mod pdf;
