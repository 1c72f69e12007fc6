#!/usr/bin/env bash
# Scale-out check (issue #9, what CI runs after scripts/test.sh): on 2,000
# Kremlin documents, a 4-shard run merged with `accord merge` and a Spark
# local-mode run (RDD.pipe, one partition's first attempt failing on purpose)
# must give exactly the records of a single run: same ids, each once, same
# content. Prints each step's wall time.
#   ACCORD_SCALEOUT_DOCS   documents (default 2000)
#   ACCORD_KREMLIN_CSV     the corpus (default corpus/kremlin.csv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
docs="${ACCORD_SCALEOUT_DOCS:-2000}"
csv="${ACCORD_KREMLIN_CSV:-$root/corpus/kremlin.csv}"
shards=4

bash scripts/setup.sh
source .cache/env.sh
spark_py="$(bash scripts/spark_setup.sh)"
cargo build --release --quiet
accord="$root/target/release/accord"

work="$(mktemp -d "${TMPDIR:-/tmp}/accord-scaleout.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$SECONDS
step() { printf '[scaleout] %s (%d s so far)\n' "$*" "$((SECONDS - started))" >&2; }
passed=0

step "building $docs documents from $csv"
python3 scaleout/make_corpus.py "$csv" "$docs" > "$work/docs.jsonl"

step "single run (--threads 2)"
t=$SECONDS
"$accord" extract "$work/docs.jsonl" --threads 2 --quiet -o "$work/direct.jsonl"
step "single run took $((SECONDS - t)) s"

step "$shards shard runs (--shard K/$shards, --threads 2 each, one after the other)"
t=$SECONDS
for ((k = 0; k < shards; k++)); do
  "$accord" extract "$work/docs.jsonl" --shard "$k/$shards" --threads 2 --quiet -o "$work/shard-$k.jsonl"
done
"$accord" merge --input "$work/docs.jsonl" "$work"/shard-*.jsonl -o "$work/merged.jsonl"
step "shard runs and merge took $((SECONDS - t)) s"
python3 scaleout/compare.py "$work/docs.jsonl" "$work/direct.jsonl" "$work"/shard-*.jsonl
cmp "$work/direct.jsonl" "$work/merged.jsonl"
echo "scaleout: merged shard output is byte-identical to the single run"
passed=$((passed + 1))

step "Spark local[2,2]: RDD.pipe, $shards partitions, first attempt of partition 1 fails"
t=$SECONDS
"$spark_py" scaleout/spark_extract.py "$work/docs.jsonl" "$work/spark" --accord "$accord" \
  --threads 1 --partitions "$shards" --master 'local[2,2]' --fail-once 1 2> "$work/spark.log" \
  || { tail -n 50 "$work/spark.log" >&2; exit 1; }
grep -E '^spark_extract:|injected failure' "$work/spark.log" | sort -u | head -n 3 >&2
step "Spark run took $((SECONDS - t)) s"
python3 scaleout/compare.py "$work/docs.jsonl" "$work/direct.jsonl" "$work/spark"
"$accord" merge --input "$work/docs.jsonl" "$work"/spark/part-* -o "$work/spark-merged.jsonl"
cmp "$work/direct.jsonl" "$work/spark-merged.jsonl"
echo "scaleout: Spark output, merged, is byte-identical to the single run"
passed=$((passed + 1))

step "done"
echo "scaleout: $passed passed, 0 failed"
