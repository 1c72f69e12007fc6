#!/usr/bin/env bash
# The Hugging Face export of accord's NER model, checked with transformers:
# writes it with `accord models export`, then bench/hf_check.py (a) compares
# its logits with accord's own (accord_check.json, fp32, must be < 1e-3) and
# (b) scores it on CoNLL-2003 test (gold tokens, first-piece argmax, shapes as
# token_type_ids) in fp32 and after dynamic int8 quantization, with times.
#
# Needs: python3 (with venv), PyPI, target/release/accord (build it first),
# .cache/conll2003/test.txt (scripts/setup.sh). Installs into the benchmark
# venv .cache/bench-venv (shared with bench/spacy_conll.sh), never into the
# project's .venv.
#
# Env overrides: MODEL (standard or fast: which NER model), EXPORT
# (.cache/bench-out/accord-ner-hf, or accord-ner-fast-hf), CONLL_TEST, THREADS (2).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.cache/bench-venv"
CONLL_TEST="${CONLL_TEST:-$ROOT/.cache/conll2003/test.txt}"
MODEL="${MODEL:-standard}"
if [[ "$MODEL" == fast ]]; then DEFAULT_EXPORT=accord-ner-fast-hf; else DEFAULT_EXPORT=accord-ner-hf; fi
EXPORT="${EXPORT:-$ROOT/.cache/bench-out/$DEFAULT_EXPORT}"
ACCORD="$ROOT/target/release/accord"

[[ -f "$CONLL_TEST" ]] || { echo "missing $CONLL_TEST: run scripts/setup.sh" >&2; exit 1; }
[[ -x "$ACCORD" ]] || { echo "missing $ACCORD: cargo build --release" >&2; exit 1; }

source "$ROOT/bench/lib.sh"
ensure_pins "$VENV" "${TORCH_PINS[@]}"
"$VENV/bin/pip" list --disable-pip-version-check 2>/dev/null \
    | grep -Ei '^(torch|transformers|tokenizers|safetensors|numpy) ' >&2 || true

[[ -f "$ROOT/.cache/env.sh" ]] && source "$ROOT/.cache/env.sh"
"$ACCORD" models export --format hf --model "$MODEL" -o "$EXPORT"
"$VENV/bin/python" "$ROOT/bench/hf_check.py" --export "$EXPORT" --conll "$CONLL_TEST" --threads "${THREADS:-2}"
