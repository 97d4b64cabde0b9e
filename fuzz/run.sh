#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 60) and fails if any finds a crash.
#
#   fuzz/run.sh 60      # the short run of .ci/run
#   fuzz/run.sh 3600    # the long run (fuzz/README.md)
#
# Builds on the stable toolchain: cargo-fuzz passes nightly flags (-Zsanitizer, -Cllvm-args for the
# coverage passes), which RUSTC_BOOTSTRAP=1 lets a stable rustc accept. Targets are built optimised with
# debug assertions and overflow checks, with AddressSanitizer unless FUZZ_SANITIZER says otherwise
# (`none` builds and runs faster; the Rust code is safe, ASan watches the C-derived YAML parser).
# New inputs a run finds go to fuzz/target/corpus/<target> (kept between runs, not committed); the
# committed seeds in fuzz/corpus/<target> are only read. A crash is saved under fuzz/artifacts/<target>/.
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v cargo >/dev/null && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
# libfuzzer-sys compiles libFuzzer itself, which is C++.
if ! command -v c++ >/dev/null; then
    echo "fuzz: a C++ compiler is needed (apt-get install g++)" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

export RUSTC_BOOTSTRAP=1
# The fuzz crate is its own workspace with its own target directory, whatever the caller's is.
export CARGO_TARGET_DIR="$here/target"
sanitizer="${FUZZ_SANITIZER:-address}"
targets=(read_input extract time)

cargo fuzz build --sanitizer "$sanitizer"

mkdir -p target/logs
status=0
summary=()
for t in "${targets[@]}"; do
    mkdir -p "target/corpus/$t"
    log="target/logs/$t.log"
    echo "fuzz: $t for ${seconds}s"
    # -timeout: an input taking a minute is a hang worth a report; -rss_limit_mb: the default 2 GB.
    if cargo fuzz run --sanitizer "$sanitizer" "$t" "target/corpus/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=60 -print_final_stats=1 >"$log" 2>&1; then
        result="no crash"
    else
        result="FAILED (see fuzz/$log and fuzz/artifacts/$t/)"
        status=1
        grep -E "panicked at|ERROR: |SUMMARY: |Test unit written to" "$log" | head -20 >&2 || true
    fi
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
    summary+=("$(printf '%-11s %12s executions in %ss: %s' "$t" "${runs:-?}" "$seconds" "$result")")
done
printf 'fuzz: %s\n' "${summary[@]}"
exit "$status"
