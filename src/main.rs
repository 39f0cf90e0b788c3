fn main() {
    std::process::exit(oqs_catalog::cli::main(std::env::args_os()));
}
