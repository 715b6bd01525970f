#!/usr/bin/env bash
# Builds every fuzz target and runs each briefly over its committed seed corpus, so a crash or
# a target that no longer compiles fails CI. For .ci/run: `bash fuzz/smoke.sh`.
#
# cargo-fuzz needs nightly-only flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain take them.
# Targets are built without a sanitizer (the crates forbid unsafe code) but with debug
# assertions and overflow checks (cargo-fuzz's default), so an arithmetic overflow is a crash.
# New inputs go to a scratch directory: the committed corpus stays as it is.
#
# Env: FUZZ_SMOKE_RUNS (default 500000 executions per target after the seeds),
#      FUZZ_SMOKE_SECONDS (default 10, a cap per target: whichever comes first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never
runs="${FUZZ_SMOKE_RUNS:-500000}"
seconds="${FUZZ_SMOKE_SECONDS:-10}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --version 0.13.2 --locked
fi

targets=$(cargo fuzz list)
echo "targets:" $targets
cargo fuzz build -s none

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in $targets; do
  mkdir -p "$scratch/$t"
  echo "=== $t"
  if ! cargo fuzz run -s none "$t" "$scratch/$t" "corpus/$t" -- \
      -runs="$runs" -max_total_time="$seconds" -print_final_stats=1 >"$scratch/$t.log" 2>&1; then
    tail -n 60 "$scratch/$t.log"
    echo "fuzz target $t FAILED (reproducer under fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  grep -E '^Done [0-9]+ runs' "$scratch/$t.log" || tail -n 3 "$scratch/$t.log"
done
echo "all fuzz targets ran clean"
