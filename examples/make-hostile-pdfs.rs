//! Writes the hostile PDFs of `tests/it/common/hostile_pdf.rs` to a folder, at the sizes
//! issue 10 reported and at the sizes just under each limit, so that time and memory can be
//! measured on the command line:
//!
//! ```sh
//! cargo run --release --example make-hostile-pdfs /tmp/hostile
//! for f in /tmp/hostile/*.pdf; do /usr/bin/time -f "%e s %M KB $f" target/release/oqs-catalog grid "$f" --stats; done
//! ```

#[path = "../tests/it/common/hostile_pdf.rs"]
mod hostile_pdf;

use hostile_pdf::*;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "hostile".into()));
    std::fs::create_dir_all(&dir).expect("output folder");
    let write = |name: &str, bytes: Vec<u8>| {
        std::fs::write(dir.join(name), &bytes).expect("write");
        println!("{name}: {} bytes", bytes.len());
    };
    write("cut-page-3.pdf", fixture_with_cut_page().0);
    write("corrupt-page-3.pdf", fixture_with_corrupt_page().0);
    // 52 million operators, as issue 10 found them: 13 pages sharing one stream of 4 million.
    write("operators-52M.pdf", many_operators(13, 4_000_000));
    write("operators-under-limit.pdf", many_operators(5, 1_990_000));
    write("scattered-glyphs.pdf", scattered_glyphs(6, 450_000));
    write("nested-q-1M.pdf", nested_q(1_000_000));
    write("destination-512KB.pdf", long_destination(512 * 1024));
    write("cmap-ranges-10000.pdf", many_cmap_ranges(10_000));
    write("width-ranges-10000.pdf", many_width_ranges(10_000));
    write("form-drawn-100000.pdf", form_drawn(100_000));
    write("form-drawn-under-limit.pdf", form_drawn(10_000));
    write("glyphs-8M.pdf", many_glyphs(2, 4_000_000));
    for k in [5_000, 10_000, 20_000] {
        write(&format!("grid-{k}x{k}.pdf"), ruled_tables(1, k, 0));
    }
    for (t, g) in [(1_000, 100_000), (5_000, 100_000), (5_000, 1_000_000)] {
        write(&format!("tables-{t}-glyphs-{g}.pdf"), ruled_tables(t, 2, g));
    }
    write("tables-30-of-316.pdf", ruled_tables(30, 316, 0));
    write("visible-glyphs-1M.pdf", many_visible_glyphs(1, 1_000_000));
    write("visible-glyphs-5x1M.pdf", many_visible_glyphs(5, 990_000));
    write("path-parts-under-limit.pdf", form_of_lines(500_000, 4));
    write("font-not-in-resources.pdf", unnamed_font());
    write("font-object-missing.pdf", missing_font_object());
}
