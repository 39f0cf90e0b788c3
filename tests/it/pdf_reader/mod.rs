//! The PDF reader through its public API (`read_pdf`, `read_pdf_with`), one behaviour per
//! test, on small PDFs made in memory (and the 1.20 fixture, `fixture`). The reader's
//! white-box tests (work allowances set small) stay in `src/read/pdf/tests.rs`.

mod build;
mod damage;
mod fixture;
mod fonts;
mod layout;
mod page;
mod tagged;
mod threads;
