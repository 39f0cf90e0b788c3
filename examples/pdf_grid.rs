//! Debugging aid: prints what the PDF reader saw, as grid JSON (DESIGN §6), and its coverage
//! on stderr. `cargo run --example pdf_grid -- FILE.pdf`
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_grid FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let start = std::time::Instant::now();
    match oqs_catalog::read::pdf::read_pdf(&path, &bytes) {
        Ok((grid, cov)) => {
            let elapsed = start.elapsed();
            println!(
                "{}",
                serde_json::to_string_pretty(&grid).unwrap_or_default()
            );
            eprintln!(
                "glyphs {} placed {} clipped {} in {:?}",
                cov.glyphs, cov.placed, cov.clipped, elapsed
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
