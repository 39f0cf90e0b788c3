#!/usr/bin/env bash
# The project's test command, for a fresh Debian machine as for a warm one: installs what the
# tests need when it is missing, then runs the format check, clippy with warnings denied and
# every test of the workspace. Arguments go to `cargo test` (e.g. `scripts/test.sh render_c::`).
#
# Besides Rust the tests run: a C and a C++ compiler (the generated C is compiled and run;
# `CC`/`CXX` name others, default gcc/g++), cmake, make and pkg-config (a C consumer finds the
# generated package), a browser (the HTML page is tested in Debian's chromium; `CHROMIUM` names
# another) and a Japanese font (Chromium prints the catalog to PDF for the reader tests).
# Run as root, the script installs the missing Debian packages; otherwise it prints the
# apt-get command to run and exits 1. `scripts/test.sh --install-only` stops after installing.
set -euo pipefail
cd "$(dirname "$0")/.."

install_only=false
if [ "${1:-}" = "--install-only" ]; then
  install_only=true
  shift
fi

have() { command -v "$1" >/dev/null 2>&1; }
die() { printf 'scripts/test.sh: %s\n' "$*" >&2; exit 1; }

# A compiler named by CC/CXX is the user's choice: it must exist, it is never installed.
need=()
compiler() { # variable, default, Debian package of the default
  local value=${!1:-}
  if [ -n "$value" ]; then
    have "${value%% *}" || die "$1=$value: no such command"
  elif ! have "$2"; then
    need+=("$3")
  fi
}
compiler CC gcc gcc
compiler CXX g++ g++
if [ -n "${CHROMIUM:-}" ]; then
  [ -x "$CHROMIUM" ] || have "$CHROMIUM" || die "CHROMIUM=$CHROMIUM: no such program"
elif ! have chromium && ! have chromium-browser; then
  need+=(chromium)
fi
[ -e /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] || need+=(fonts-ipaexfont-gothic)
have cmake || need+=(cmake)
have make || need+=(make)
have pkg-config || need+=(pkg-config)

if [ ${#need[@]} -gt 0 ]; then
  command="apt-get update && apt-get install -y ${need[*]}"
  if ! have apt-get; then
    die "missing: ${need[*]} (Debian package names); install them, then run this script again"
  fi
  if [ "$(id -u)" -ne 0 ]; then
    printf 'scripts/test.sh: the tests need Debian packages that are missing; as root, run\n\n  %s\n\nthen run this script again\n' "$command" >&2
    exit 1
  fi
  echo "+ $command" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi

have cargo || die "cargo not found: install Rust with rustup (https://rustup.rs), then run this script again"
for component in fmt clippy; do
  cargo "$component" --version >/dev/null 2>&1 || {
    have rustup || die "cargo $component is missing and rustup is not installed"
    rustup component add "$([ "$component" = fmt ] && echo rustfmt || echo clippy)"
  }
done
$install_only && exit 0

# insta snapshots fail on a mismatch; they are accepted only by hand (docs/testing.md), so a
# variable that would accept or pass them is not let through.
unset INSTA_UPDATE INSTA_FORCE_PASS
set -x
cargo fmt --all -- --check
cargo clippy --all-targets --workspace -- -D warnings
cargo test --workspace "$@"
