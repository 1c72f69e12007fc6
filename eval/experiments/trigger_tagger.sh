#!/usr/bin/env bash
# The trigger-tagger prototype (eval/experiments/trigger_tagger.py says what
# it measures): exports accord's NER model, runs `accord extract` on the test
# split for comparison, then trains and scores the tagger, separately and
# multitask (about 5 and 7 minutes on 2 cores). Not part of the test suite.
#
# Needs: python3 (with venv), PyPI, target/release/accord (build it first),
# .cache/conll2003 (scripts/setup.sh). Installs into the benchmark venv
# .cache/bench-venv, never into the project's .venv.
#
# Env overrides: MODES ("separate multitask"), SEED (13), THREADS (2).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.cache/bench-venv"
OUT="$ROOT/.cache/bench-out"
ACCORD="$ROOT/target/release/accord"

[[ -x "$ACCORD" ]] || { echo "missing $ACCORD: cargo build --release" >&2; exit 1; }
[[ -f "$ROOT/.cache/conll2003/train.txt" ]] || { echo "missing .cache/conll2003: run scripts/setup.sh" >&2; exit 1; }
source "$ROOT/bench/lib.sh"
ensure_pins "$VENV" "${TORCH_PINS[@]}"
[[ -f "$ROOT/.cache/env.sh" ]] && source "$ROOT/.cache/env.sh"
mkdir -p "$OUT"
"$ACCORD" models export --format hf -o "$OUT/hf-export" >/dev/null
"$ACCORD" extract --quiet "$ROOT/eval/gold/test.jsonl" -o "$OUT/test-extracted.jsonl"
for mode in ${MODES:-separate multitask}; do
    "$VENV/bin/python" "$ROOT/eval/experiments/trigger_tagger.py" --export "$OUT/hf-export" --mode "$mode" \
        --conll "$ROOT/.cache/conll2003" --accord-pred "$OUT/test-extracted.jsonl" \
        --seed "${SEED:-13}" --threads "${THREADS:-2}"
done
