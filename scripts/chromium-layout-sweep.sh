#!/usr/bin/env bash
# Prints tests/data/chromium-1.20.html with headless Chromium in 16 layouts (A4 landscape and
# portrait, A3 and B4 landscape; 6.5, 7, 7.5 and 8 pt text) and says, for each, how many lines
# of its model differ from the spreadsheet's (provenance aside). 0 everywhere is the aim;
# tests/it/pdf_variants.rs keeps six of these layouts as a test. Needs Debian's chromium and
# fonts-ipaexfont-gothic. Usage: scripts/chromium-layout-sweep.sh [fixed] (fixed: CSS
# table-layout: fixed, where long paths overflow their cells — not handled).
set -euo pipefail
cd "$(dirname "$0")/.."
layout=${1:-auto}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build -q --release
bin=target/release/oqs-catalog
norm() { grep -v -E '^ *(page|sheet|row|file|kind|sha256|pages): |^# Source|^ *- 一覧$|^    sheets:$' "$1"; }
"$bin" ingest input/1.20/message-id-contacts-1.20.xlsx > "$tmp/xlsx.yaml"
norm "$tmp/xlsx.yaml" > "$tmp/xlsx.n"
for page in "A4 landscape" "A4 portrait" "A3 landscape" "B4 landscape"; do
  for pt in 6.5 7 7.5 8; do
    name="$(echo "$page" | tr ' ' -)-$pt"
    sed -e "s/size: A4 landscape;/size: $page;/" -e "s/font-size: 7pt; margin: 0;/font-size: ${pt}pt; margin: 0;/" \
      tests/data/chromium-1.20.html > "$tmp/$name.html"
    if [ "$layout" = fixed ]; then
      sed -i 's|</style>|table { table-layout: fixed; }\n</style>|' "$tmp/$name.html"
    fi
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
      --disable-component-update --user-data-dir="$tmp/profile" --no-pdf-header-footer \
      --print-to-pdf="$tmp/$name.pdf" "file://$tmp/$name.html" >/dev/null 2>&1
    if "$bin" ingest "$tmp/$name.pdf" > "$tmp/$name.yaml" 2> "$tmp/$name.err"; then
      norm "$tmp/$name.yaml" > "$tmp/$name.n"
      echo "$name: $(diff "$tmp/xlsx.n" "$tmp/$name.n" | grep -c '^[<>]' || true) lines differ"
    else
      echo "$name: error: $(head -c 300 "$tmp/$name.err")"
    fi
  done
done
