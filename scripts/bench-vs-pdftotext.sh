#!/usr/bin/env bash
# Times `oqs-catalog ingest` (read + normalize + YAML) against `pdftotext -layout` on the same
# PDF, in one hyperfine run. Needs Debian's hyperfine and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=${1:-input/1.20/message-id-contacts-1.20.pdf}
cargo build -q --release
hyperfine -N --warmup 5 --runs 50 \
  "target/release/oqs-catalog ingest $pdf -o /tmp/oqs-bench.yaml" \
  "pdftotext -layout $pdf /tmp/oqs-bench.txt"
