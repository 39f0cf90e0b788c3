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
[ ${#targets[@]} -gt 0 ] || targets=(read_pdf read_sheet load_model yaml_inputs pdf_content pdf_fonts)
export RUSTC_BOOTSTRAP=1
mkdir -p corpus/read_pdf corpus/read_sheet corpus/load_model corpus/yaml_inputs corpus/pdf_content corpus/pdf_fonts
cp ../input/*/*.pdf ../tests/bad/*.pdf ../tests/data/chromium-rotated.pdf corpus/read_pdf/ 2>/dev/null || true
cp ../input/*/*.xlsx ../tests/bad/*.xlsx corpus/read_sheet/ 2>/dev/null || true
cp ../generated/catalog/*.yaml ../input/*.yaml corpus/load_model/
# Bombs stay out of the seeds: each run of them inflates to the limit and slows every round.
rm -f corpus/read_pdf/inflates-* corpus/read_sheet/unpacks-*
for target in "${targets[@]}"; do
  # The structured PDFs stay small (fuzz/shapes/pdf.rs): more than 1 GB is a finding (issue 10).
  case "$target" in pdf_*) rss=1024 ;; *) rss=4096 ;; esac
  cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb="$rss" \
    -timeout=20 -print_final_stats=1 \
    2>&1 | tee "fuzz-$target.log" | grep -E "^#[0-9]+ +(DONE|INITED)|ERROR|SUMMARY|Done|stat::" || true
done
