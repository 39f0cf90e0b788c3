#!/usr/bin/env bash
# The speed target of issue 14: `build` of a project of four revisions under 0.3 s.
#
#   scripts/bench-history.sh [RUNS]        (default 30 runs per command)
#
# The project is the one `tests/it/history.rs` builds (1.20 from input/, 1.21–1.23 made from
# its spreadsheet by editing cells, rows and merges), kept under target/bench/series by the
# test (OQS_SERIES_OUT). Measures, whole processes with the release build: `build` when
# generated/ is up to date (every revision read, each pair diffed once, the history, every
# target rendered and compared), `build` into an empty generated/, and `history` and
# `lookup` of a removed ID. Needs Debian's hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
command -v hyperfine >/dev/null || { echo "bench-history.sh needs hyperfine" >&2; exit 2; }
target=${CARGO_TARGET_DIR:-$PWD/target}
out=$target/bench/series
rm -rf "$out"
OQS_SERIES_OUT=$out cargo test -q --test it -- --exact history::the_history_of_a_series_agrees_everywhere >/dev/null
cargo build -q --release --bin oqs-catalog
bin=$target/release/oqs-catalog
cd "$out"
"$bin" build >/dev/null
hyperfine -N -i --warmup 3 --runs "$runs" \
  "$bin build" \
  "$bin history 0x8100000C" \
  "$bin lookup 0x8100000E"
hyperfine --warmup 3 --runs "$runs" --prepare "rm -rf $out/generated/json $out/generated/html $out/generated/rust $out/generated/c $out/generated/changes" \
  "$bin build"
