//! The driver: the project on disk and the commands' work, above every stage (DESIGN §2).
//! [`project`] knows the layout (`input/`, `generated/`), reads every revision and
//! cross-checks the sources of one; [`build`] computes everything `build` writes, in memory,
//! diffing each pair of revisions once; [`write`] and [`store`] write `generated/` as one
//! locked, journaled transaction and tell what is stale; [`diff`] is the `diff OLD NEW`
//! command. The command line ([`crate::cli`]) only parses arguments and prints.

pub mod build;
pub mod diff;
pub mod discover;
pub mod lint;
pub mod project;
pub mod store;
pub mod write;

pub use build::{catalog_yaml, Outputs};
pub use project::{cross_check, Project, Revision, GENERATED};
pub use write::{Stale, Written};
