#!/usr/bin/env bash
# Database load throughput: writes N synthetic records (default 100,000; see
# bench/db_synth.py) and loads them with `accord export` into SQLite and into
# PostgreSQL (started by scripts/postgres.sh), twice each: a first load into an
# empty database, then a re-load that replaces every document. Prints docs/s.
#   bash bench/db_load.sh [N] [BATCH_SIZE]
# Scratch files go to $BENCH_DIR (default /tmp/accord-bench); the PostgreSQL
# database accord_bench is dropped at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-100000}"
batch="${2:-500}"
work="${BENCH_DIR:-/tmp/accord-bench}"
mkdir -p "$work"

say() { printf '[db_load] %s\n' "$*" >&2; }

if [ -f .cache/env.sh ]; then
  # shellcheck disable=SC1091
  source .cache/env.sh
fi
cargo build --release --quiet --bin accord
accord="$root/target/release/accord"

records="$work/records-$n.jsonl"
if [ ! -s "$records" ]; then
  say "writing $n synthetic records to $records"
  python3 bench/db_synth.py "$n" > "$records.tmp"
  mv "$records.tmp" "$records"
fi
say "$(wc -l < "$records") records, $(du -m "$records" | cut -f1) MB"

results=()
# Runs one export and records "target pass seconds docs/s".
load() {
  local target="$1" pass="$2"
  shift 2
  local start end
  start=$(date +%s.%N)
  "$accord" export "$records" --batch-size "$batch" "$@" 2> "$work/last.log"
  end=$(date +%s.%N)
  cat "$work/last.log" >&2
  results+=("$(awk -v t="$target" -v p="$pass" -v s="$start" -v e="$end" -v n="$n" \
    'BEGIN { printf "%-10s %-8s %8.1f s %10.0f docs/s", t, p, e - s, n / (e - s) }')")
}

db="$work/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
load sqlite first --sqlite "$db"
load sqlite reload --sqlite "$db"
say "SQLite file: $(du -m "$db" | cut -f1) MB"

url="$(bash scripts/postgres.sh)"
admin() { psql -X -q -v ON_ERROR_STOP=1 "$url" -c "$1"; }
admin "DROP DATABASE IF EXISTS accord_bench WITH (FORCE)"
admin "CREATE DATABASE accord_bench"
bench_url="${url%/*}/accord_bench"
load postgres first --postgres "$bench_url"
load postgres reload --postgres "$bench_url"
admin "DROP DATABASE IF EXISTS accord_bench WITH (FORCE)"

printf '\n%s documents, batch size %s, %s cores\n' "$n" "$batch" "$(nproc)"
printf '%s\n' "${results[@]}"
