#!/usr/bin/env bash
# The speed benchmark of issue 16: whole processes, in one hyperfine run, as ratios against
# `pdftotext -layout` on the same file (and `mutool draw -F stext` when mupdf-tools is there).
#
#   scripts/bench.sh [RUNS] [ROUNDS]   (default 30 runs per command, 3 rounds)
#
# This machine's speed drifts by tens of percent over a minute, and hyperfine runs all runs of
# one command before the next, so one run's ratios can be far off. The commands are therefore
# measured in ROUNDS hyperfine runs one after another, each ratio is taken within a round, and
# the median ratio over the rounds is reported with its range.
#
# Measures (the reader uses every core; OQS_THREADS=1 rows give the one-thread figures):
#   - `ingest` of the 1.20 PDF, and `build` of this project when up to date (PDF and
#     spreadsheet read and cross-checked, every target rendered and compared), against
#     pdftotext on the 1.20 PDF;
#   - `ingest` of large catalogs: the 1.20 table body written 4 and 35 times with renumbered
#     codes (examples/make-html-table.rs), printed by headless Chromium at 9 pt, so that page
#     breaks fall through groups as in a real long catalog; time per page across the sizes and
#     peak memory (GNU time's maximum resident set size).
# Needs Debian's hyperfine, poppler-utils, chromium, fonts-ipaexfont-gothic and python3
# (mupdf-tools optional). The large PDFs are made once under target/bench/ (Chromium's output
# differs from run to run, so a figure is comparable only with others from the same files).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
rounds=${2:-3}
for tool in hyperfine pdftotext chromium python3 pdfinfo; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 2; }
done
cargo build -q --release --bin oqs-catalog --example make-html-table
# Cargo's target folder, wherever CARGO_TARGET_DIR puts it.
target=$(realpath "${CARGO_TARGET_DIR:-target}")
bin=$target/release/oqs-catalog
out=$target/bench
mkdir -p "$out"

# A project folder holding one large catalog of COPIES copies: input/1.20/large.pdf with the
# errata of every copy's codes.
large() {
  local copies=$1 dir=$out/large-$1
  [ -f "$dir/input/1.20/large.pdf" ] && return
  mkdir -p "$dir/input/1.20" "$dir/tmp"
  "$target/release/examples/make-html-table" input/1.20/message-id-contacts-1.20.xlsx \
    "$dir/tmp/table.html" "$copies" input/errata.yaml "$dir/input/errata.yaml"
  cp input/names.yaml "$dir/input/"
  sed -i 's/font-size: 7pt/font-size: 9pt/' "$dir/tmp/table.html"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$dir/tmp/profile" --no-pdf-header-footer \
    --print-to-pdf="$dir/input/1.20/large.pdf" "file://$dir/tmp/table.html" 2>/dev/null
  rm -rf "$dir/tmp"
}
large 4
large 35
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }

# `build` changes nothing in an up-to-date copy of the project.
rm -rf "$out/project" && mkdir -p "$out/project"
cp -r input generated "$out/project/"
(cd "$out/project" && "$bin" build >/dev/null)

pdf=$PWD/input/1.20/message-id-contacts-1.20.pdf
l4=$out/large-4/input/1.20/large.pdf
l35=$out/large-35/input/1.20/large.pdf
cmds=(
  -n "ingest 1.20" "$bin ingest $pdf -o $out/m.yaml"
  -n "build" "$bin --root $out/project build"
  -n "pdftotext 1.20" "pdftotext -layout $pdf $out/t.txt"
  -n "ingest large-4" "cd $out/large-4 && $bin ingest input/1.20/large.pdf -o $out/m4.yaml"
  -n "pdftotext large-4" "pdftotext -layout $l4 $out/t4.txt"
  -n "ingest large-35" "cd $out/large-35 && $bin ingest input/1.20/large.pdf -o $out/m35.yaml"
  -n "ingest 1.20, 1 thread" "OQS_THREADS=1 $bin ingest $pdf -o $out/m.yaml"
  -n "ingest large-35, 1 thread" "cd $out/large-35 && OQS_THREADS=1 $bin ingest input/1.20/large.pdf -o $out/m35.yaml"
  -n "pdftotext large-35" "pdftotext -layout $l35 $out/t35.txt"
)
if command -v mutool >/dev/null; then
  cmds+=(-n "mutool large-35" "mutool draw -q -F stext -o $out/t35.stext $l35")
fi
# Commands with `cd` need a shell; hyperfine subtracts its start-up cost.
for round in $(seq "$rounds"); do
  hyperfine --warmup 2 --runs "$runs" --export-json "$out/hyperfine-$round.json" "${cmds[@]}" >/dev/null
done

# Maximum resident set size in KiB, the median of 5 runs.
peak() {
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f %M -o "$out/rss" "$@" >/dev/null 2>&1
    cat "$out/rss"
  done | sort -n | sed -n 3p
}
rss_ingest=$(cd "$out/large-35" && peak "$bin" ingest input/1.20/large.pdf -o "$out/m35.yaml")
rss_pdftotext=$(peak pdftotext -layout "$l35" "$out/t35.txt")

python3 - "$rounds" "$out" "$(pages "$pdf")" "$(pages "$l4")" "$(pages "$l35")" \
  "$rss_ingest" "$rss_pdftotext" <<'EOF'
import json, statistics, sys
rounds, out = int(sys.argv[1]), sys.argv[2]
runs = [{r["command"]: r for r in json.load(open(f"{out}/hyperfine-{k}.json"))["results"]}
        for k in range(1, rounds + 1)]
p120, p4, p35 = (int(a) for a in sys.argv[3:6])
rss_i, rss_p = (int(a) for a in sys.argv[6:8])
# A figure over the rounds: its median and range.
def over(f, fmt="{:.2f}"):
    v = sorted(f(res) for res in runs)
    text = fmt.format(statistics.median(v))
    return text if len(v) == 1 else f"{text} ({fmt.format(v[0])}-{fmt.format(v[-1])})"
med = lambda n: lambda res: res[n]["median"]
ratio = lambda a, b: lambda res: res[a]["median"] / res[b]["median"]
print(f"{rounds} rounds; medians over the rounds, range in brackets")
print(f"{'command':<26} {'median ms':>22} {'CPU (user+sys) ms':>24}")
for n in runs[0]:
    cpu = over(lambda res: (res[n]["user"] + res[n]["system"]) * 1000, "{:.1f}")
    print(f"{n:<26} {over(lambda res: res[n]['median'] * 1000, '{:.1f}'):>22} {cpu:>24}")
print()
print(f"ingest 1.20 / pdftotext:        {over(ratio('ingest 1.20', 'pdftotext 1.20'))}x   (target <= 0.4x)")
print(f"build / pdftotext 1.20:         {over(ratio('build', 'pdftotext 1.20'))}x   (target <= 0.5x)")
print(f"ingest large-35 / pdftotext:    {over(ratio('ingest large-35', 'pdftotext large-35'))}x   (target <= 0.35x; {p35} pages)")
print(f"the same on one thread:         1.20 {over(ratio('ingest 1.20, 1 thread', 'pdftotext 1.20'))}x, "
      f"large-35 {over(ratio('ingest large-35, 1 thread', 'pdftotext large-35'))}x   (OQS_THREADS=1)")
if "mutool large-35" in runs[0]:
    print(f"ingest large-35 / mutool stext: {over(ratio('ingest large-35', 'mutool large-35'))}x")
print(f"peak memory, large-35:          ingest {rss_i / 1024:.0f} MB, pdftotext {rss_p / 1024:.0f} MB   (target <= 25 MB)")
per_page = lambda n, p: lambda res: res[n]["median"] * 1000 / p
print(f"ms per page, ingest:            {p120} pages {over(per_page('ingest 1.20', p120))}, "
      f"{p4} pages {over(per_page('ingest large-4', p4))}, {p35} pages {over(per_page('ingest large-35', p35))}")
EOF
