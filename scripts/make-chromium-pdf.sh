#!/usr/bin/env bash
# Makes tests/data/chromium-1.20.pdf (and its page, chromium-1.20.html): the 1.20 spreadsheet
# written as an HTML table
# (examples/make-html-table.rs) and printed by headless Chromium. The PDF is a variant of the
# catalog made another way than the LibreOffice fixture (Type0/Identity-H fonts, borders as
# filled shapes); tests/it/pdf_variants.rs reads it. Needs Debian's chromium and
# fonts-ipaexfont-gothic. The output is committed; rerun only to regenerate it (Chromium writes
# dates and IDs, so the bytes change on every run; the tests then say whether the model still
# matches). Page setup follows the sheet's (A4 landscape, its column widths). Chromium tags
# the PDF; where a real line break falls on a line that fills its cell, only the tags tell it
# from a wrap — tests/it/pdf_variants.rs names the four cells where that happens in the
# committed file and reads it both with and without its tags.
set -euo pipefail
cd "$(dirname "$0")/.."
xlsx=${1:-input/1.20/message-id-contacts-1.20.xlsx}
out=${2:-tests/data/chromium-1.20.pdf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run -q --release --example make-html-table -- "$xlsx" "$tmp/table.html"
# tests/it/pdf_variants.rs prints this page at other sizes itself.
cp "$tmp/table.html" tests/data/chromium-1.20.html
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/profile" --no-pdf-header-footer \
  --print-to-pdf="$tmp/table.pdf" "file://$tmp/table.html" 2>/dev/null
mv "$tmp/table.pdf" "$out"
echo "wrote $out"
