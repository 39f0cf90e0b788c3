#!/usr/bin/env bash
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Runs each fuzz target (default: all) for SECONDS (default 600) from a seed corpus made of
# the fixtures and the hostile corpus. pdf_content and pdf_fonts build their PDFs from
# structured input (`arbitrary`, fuzz/shapes/pdf.rs) and need no seeds. Needs cargo-fuzz
# (`cargo install cargo-fuzz`); the project's toolchain is stable, so nightly flags are
# enabled with RUSTC_BOOTSTRAP=1.
# A crash is saved under fuzz/artifacts/<target>/; copy it to tests/regressions/ with a name.
# yaml_inputs reads a structured description, not YAML: keep the YAML a finding renders
# (YAML_INPUTS_SAVE=tests/regressions/yaml-<what>.yaml fuzz/target/*/release/yaml_inputs
# ARTIFACT) and list it in tests/it/hostile_input.rs (yaml_fuzz_findings_stay_fixed).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_pdf read_sheet sheet_structure load_model yaml_inputs pdf_content pdf_fonts content_lexer)
export RUSTC_BOOTSTRAP=1
mkdir -p corpus/read_pdf corpus/read_sheet corpus/load_model corpus/yaml_inputs corpus/pdf_content corpus/pdf_fonts corpus/sheet_structure corpus/content_lexer
cp ../input/*/*.pdf ../tests/bad/*.pdf ../tests/data/chromium-rotated.pdf corpus/read_pdf/ 2>/dev/null || true
cp ../input/*/*.xlsx ../tests/bad/*.xlsx corpus/read_sheet/ 2>/dev/null || true
cp ../generated/catalog/*.yaml ../input/*.yaml corpus/load_model/
# content_lexer starts from the fixtures' decoded content streams (the first 16 KiB of each).
python3 - ../input/*/*.pdf <<'EOF_SEEDS' || true
import re, sys, zlib
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    for n, m in enumerate(re.finditer(rb"stream\r?\n", data)):
        try:
            text = zlib.decompressobj().decompress(data[m.end():m.end() + 400000])
        except zlib.error:
            continue
        if b" Tj" in text or b" TJ" in text or b" re" in text:
            name = path.replace("/", "_").strip("._")
            open(f"corpus/content_lexer/{name}-{n}", "wb").write(text[:16384])
EOF_SEEDS
# Bombs stay out of the seeds: each run of them inflates to the limit and slows every round.
rm -f corpus/read_pdf/inflates-* corpus/read_sheet/unpacks-*
# pdf_content, pdf_fonts and sheet_structure build their inputs from structured input
# (`arbitrary`): no seeds needed, and they are held to issue 10's criterion: 1 GB (the
# fuzzer's own coverage maps included), 10 s.
for target in "${targets[@]}"; do
  # Structured targets start at full length (-len_control=0): their counts and nesting need
  # more than the few bytes libFuzzer begins with.
  case "$target" in
    content_lexer) rss=1024 timeout=10 len=(-max_len=65536) ;;
    pdf_*|sheet_structure|yaml_inputs) rss=1024 timeout=10 len=(-len_control=0 -max_len=8192) ;;
    *) rss=4096 timeout=20 len=() ;;
  esac
  cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb="$rss" \
    -timeout="$timeout" -print_final_stats=1 "${len[@]}" \
    2>&1 | tee "fuzz-$target.log" | grep -E "^#[0-9]+ +(DONE|INITED)|ERROR|SUMMARY|Done|stat::" || true
done
