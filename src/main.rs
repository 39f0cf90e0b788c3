use clap::Parser;

fn main() {
    let cli = oqs_catalog::cli::Cli::parse();
    std::process::exit(oqs_catalog::cli::run(cli));
}
