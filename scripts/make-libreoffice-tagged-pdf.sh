#!/usr/bin/env bash
# Makes tests/data/libreoffice-tagged-1.20.pdf: the 1.20 spreadsheet exported by LibreOffice
# Calc as a tagged PDF (one structure element per cell, so a cell's wraps and breaks share an
# element and only geometry tells them apart). tests/it/pdf_variants.rs reads it. Needs Debian's
# libreoffice-calc-nogui (7.4 or later, for JSON filter options). The output is committed;
# rerun only to regenerate it.
set -euo pipefail
cd "$(dirname "$0")/.."
xlsx=${1:-input/1.20/message-id-contacts-1.20.xlsx}
out=${2:-tests/data/libreoffice-tagged-1.20.pdf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$xlsx" "$tmp/table.xlsx"
soffice --headless -env:UserInstallation="file://$tmp/profile" \
  --convert-to 'pdf:calc_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}' \
  --outdir "$tmp" "$tmp/table.xlsx" >/dev/null 2>&1
mv "$tmp/table.pdf" "$out"
echo "wrote $out"
