//! Debugging aid: prints what the PDF reader saw, as grid JSON (DESIGN §6), and its coverage
//! on stderr. `cargo run --release --example pdf_grid -- FILE.pdf [REPEAT]`
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_grid FILE.pdf [REPEAT]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    // An optional second argument repeats the read and reports the fastest run.
    let repeat: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut fastest = std::time::Duration::MAX;
    for _ in 1..repeat {
        let start = std::time::Instant::now();
        let _ = oqs_catalog::read::pdf::read_pdf(&path, &bytes);
        fastest = fastest.min(start.elapsed());
    }
    let start = std::time::Instant::now();
    match oqs_catalog::read::pdf::read_pdf(&path, &bytes) {
        Ok((grid, cov)) => {
            let elapsed = start.elapsed().min(fastest);
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
