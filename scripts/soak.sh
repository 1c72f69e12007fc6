#!/usr/bin/env bash
# Soak test (not part of scripts/test.sh): a large corrupted corpus, killed
# with SIGKILL at random moments and resumed, then checked record by record.
#
#   bash scripts/soak.sh                 # 20,000 documents, 3 kills
#   SOAK_DOCS=2000 bash scripts/soak.sh  # a smaller run
#
# Builds the corpus from the Kremlin CSV with a fixed seed
# (scripts/soak_corpus.py: truncated JSON, invalid UTF-8, ~2 MB documents on
# both sides of the --max-chars cap, blank lines, NUL bytes, right-to-left
# text, empty and missing texts, duplicate ids), runs `accord extract`,
# SIGKILLs it SOAK_KILLS times at random moments, resuming each time, lets the
# last run finish, and checks that the output has exactly one record per
# document with the expected ids in input order. Prints documents in, records
# out, errors by kind, peak RSS (/usr/bin/time -v, the largest over the runs)
# and wall time.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS=${SOAK_DOCS:-20000}
SEED=${SOAK_SEED:-7}
THREADS=${SOAK_THREADS:-2}
KILLS=${SOAK_KILLS:-3}
# Each kill comes a random number of seconds in [KILL_MIN, KILL_MIN + KILL_SPAN)
# after its run starts (model loading takes a few seconds of that).
KILL_MIN=${SOAK_KILL_MIN:-20}
KILL_SPAN=${SOAK_KILL_SPAN:-120}
CSV=${SOAK_CSV:-corpus/kremlin.csv}
DIR=${SOAK_DIR:-target/soak}

[ -f .cache/env.sh ] && source .cache/env.sh
mkdir -p "$DIR"
rm -f "$DIR"/out.jsonl "$DIR"/time.* "$DIR"/stderr.log
nice -n 19 cargo build --release --quiet
# A copy, so that a rebuild during the soak does not change the binary between runs.
BIN=$DIR/accord
cp target/release/accord "$BIN"

python3 scripts/soak_corpus.py "$CSV" "$DOCS" "$SEED" "$DIR/corpus.jsonl" "$DIR/expected.txt"

RANDOM=$SEED
started=$(date +%s)
run=0
# Starts one run in the background; $timer is /usr/bin/time's pid, accord is its child.
start_run() {
    run=$((run + 1))
    local resume=()
    [ "$run" -gt 1 ] && resume=(--resume)
    echo "--- run $run ${resume[*]}" >>"$DIR/stderr.log"
    /usr/bin/time -v -o "$DIR/time.$run" nice -n 19 "$BIN" extract "$DIR/corpus.jsonl" \
        -o "$DIR/out.jsonl" --threads "$THREADS" --quiet "${resume[@]}" 2>>"$DIR/stderr.log" &
    timer=$!
}

for _ in $(seq "$KILLS"); do
    start_run
    delay=$((KILL_MIN + RANDOM % KILL_SPAN))
    sleep "$delay"
    accord_pid=$(pgrep -P "$timer" || true)
    if [ -n "$accord_pid" ]; then
        kill -KILL "$accord_pid"
        wait "$timer" || true
        lines=$(wc -l <"$DIR/out.jsonl" || echo 0)
        torn=$(tail -c1 "$DIR/out.jsonl" | od -An -c | tr -d ' ')
        echo "run $run: SIGKILL after ${delay} s, $lines whole lines written, last byte '${torn}'"
    else
        wait "$timer" || true
        echo "run $run: finished before its kill at ${delay} s"
    fi
done
start_run
wait "$timer"
ended=$(date +%s)
echo "run $run: finished"

python3 - "$DIR" "$DOCS" "$((ended - started))" "$run" <<'EOF'
import json, re, sys
from collections import Counter
d, docs, wall, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
expected = open(f"{d}/expected.txt").read().split()
raw = open(f"{d}/out.jsonl", "rb").read()
assert raw.endswith(b"\n"), "the output ends with a torn line"
records = [json.loads(line) for line in raw.split(b"\n")[:-1]]
ids = [r["id"] for r in records]
kinds = Counter((r.get("error") or {}).get("kind", "ok") for r in records)
rss = []
for i in range(1, runs + 1):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{d}/time.{i}").read())
    if m:
        rss.append(int(m.group(1)))
first_bad = next((i for i, (a, b) in enumerate(zip(ids, expected)) if a != b), None)
print(f"documents in: {len(expected)} (of {docs} generated)")
print(f"records out: {len(records)}")
print("records by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
print(f"peak RSS: {max(rss) / 1024:.0f} MB (per run: {', '.join(f'{r / 1024:.0f}' for r in rss)} MB)")
print(f"wall time: {wall} s over {runs} runs")
ok = len(records) == len(expected) and first_bad is None
print("ids in input order, one record each: " + ("yes" if ok else f"NO (first difference at record {first_bad})"))
sys.exit(0 if ok else 1)
EOF
