#!/usr/bin/env bash
# The cost guard (issue 30): measures, with valgrind's callgrind (instruction counts are stable on a shared,
# noisy machine where wall-clock time is not), what Truce costs
#   - per FA-KES article, marginal: (the first 300 dev articles - the first 100) / 200, one thread, for
#     `truce extract` and for `truce ingest` into a fresh store (extraction, storage and assessment);
#   - at start-up: `truce extract` of one short document, which is almost all regex compilation and pack
#     loading;
# and fails when a marginal cost rises more than 15 % over the figure recorded in scripts/cost-baseline.
# Lower the recorded figure when a speed-up lands; raise it only on purpose, with the reason in the commit.
#
#   scripts/cost-guard.sh            # measure and check (needs a release build and valgrind)
#   scripts/cost-guard.sh --record   # measure and write the figures to scripts/cost-baseline
set -euo pipefail
cd "$(dirname "$0")/.."
truce=${TRUCE:-target/release/truce}
fakes=../shared/corpus/fakes-dev/docs.jsonl
baseline=scripts/cost-baseline
[[ -x $truce ]] || { echo "cost-guard: no $truce; run cargo build --release first" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "cost-guard: valgrind is not installed" >&2; exit 2; }
[[ -f $fakes ]] || { echo "cost-guard: $fakes is missing" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
head -n 100 "$fakes" > "$work/first100.jsonl"
head -n 300 "$fakes" > "$work/first300.jsonl"
printf 'A ceasefire took effect at midnight, the army said.\n' > "$work/short.txt"

# Instructions one `truce` command executes, single-threaded so that the count repeats.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$work/out" "$truce" "$@" > /dev/null 2> "$work/err" \
        || { cat "$work/err" >&2; echo "cost-guard: truce $* failed" >&2; exit 1; }
    grep -o 'Collected : [0-9]*' "$work/err" | grep -o '[0-9]*$'
}
extract() { instructions extract --jobs 1 --published 2019-08-02 --format jsonl "$1"; }
# Into a fresh store each time.
ingest() { rm -f "$work/store.db"*; instructions --db "$work/store.db" ingest -q --jobs 1 "$1"; }
first100=$(extract "$work/first100.jsonl")
first300=$(extract "$work/first300.jsonl")
startup=$(extract "$work/short.txt")
marginal=$(( (first300 - first100) / 200 ))
ingest100=$(ingest "$work/first100.jsonl")
ingest300=$(ingest "$work/first300.jsonl")
ingest_marginal=$(( (ingest300 - ingest100) / 200 ))
echo "extract: ${marginal} instructions per FA-KES article (marginal, first 300 - first 100, / 200)"
echo "ingest: ${ingest_marginal} instructions per FA-KES article (the same, into a fresh store)"
echo "start-up: ${startup} instructions for one short document"

if [[ ${1:-} == --record ]]; then
    printf '# Written by scripts/cost-guard.sh --record; read by the cost guard in .ci/run.\nextract_marginal_per_article=%s\ningest_marginal_per_article=%s\nstartup=%s\n' \
        "$marginal" "$ingest_marginal" "$startup" > "$baseline"
    echo "recorded in $baseline"
    exit 0
fi
# 15 %: above the few per cent that thread scheduling and allocator state move the count between runs,
# below the doubling that went unseen for months.
check() {
    local what=$1 measured=$2 recorded
    recorded=$(sed -n "s/^${what}_marginal_per_article=//p" "$baseline")
    [[ -n $recorded ]] || { echo "cost-guard: no recorded ${what} figure in $baseline" >&2; exit 2; }
    local ceiling=$(( recorded * 115 / 100 ))
    echo "${what}: recorded ${recorded}; ceiling (+15 %): ${ceiling}"
    if (( measured > ceiling )); then
        echo "cost-guard: ${what} costs ${measured} instructions per article, more than 15 % over the recorded ${recorded}" >&2
        exit 1
    fi
}
check extract "$marginal"
check ingest "$ingest_marginal"
