#!/usr/bin/env bash
# Eager libtorch against TorchScript, oneDNN Graph fusion and torch.compile on
# accord's encoder (its Hugging Face export), forward pass alone, one table
# (bench/forward_paths.py says what each path is). Not part of the test suite.
#
# Needs: python3 (with venv), PyPI, target/release/accord (build it first), and
# the benchmark corpus's sentences (bench/throughput.sh writes them; or set
# SENTENCES to a JSONL file with a "text" field). Installs into the benchmark
# venv .cache/bench-venv, never into the project's .venv.
#
# Env overrides: SENTENCES, THREADS (2), LIMIT (4000 sentences), REPS (3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.cache/bench-venv"
OUT="$ROOT/.cache/bench-out"
ACCORD="$ROOT/target/release/accord"
SENTENCES="${SENTENCES:-$OUT/corpus-x1-sentences.jsonl}"

[[ -x "$ACCORD" ]] || { echo "missing $ACCORD: cargo build --release" >&2; exit 1; }
[[ -f "$SENTENCES" ]] || { echo "missing $SENTENCES: run bench/throughput.sh once (or set SENTENCES)" >&2; exit 1; }
command -v g++ >/dev/null || echo "no g++: the torch.compile path will fail" >&2

source "$ROOT/bench/lib.sh"
ensure_pins "$VENV" "${TORCH_PINS[@]}"
[[ -f "$ROOT/.cache/env.sh" ]] && source "$ROOT/.cache/env.sh"
"$ACCORD" models export --format hf -o "$OUT/hf-export" >/dev/null
"$VENV/bin/python" "$ROOT/bench/forward_paths.py" --model "$OUT/hf-export" --sentences "$SENTENCES" \
    --threads "${THREADS:-2}" --limit "${LIMIT:-4000}" --reps "${REPS:-3}"
