#!/usr/bin/env bash
# First command of the README: install what accord needs, build it, and run
# extraction on the bundled Kremlin sample, printing a short summary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
source .cache/env.sh
cargo build --release --quiet
mkdir -p out
target/release/accord extract corpus/kremlin-sample.jsonl -o out/kremlin-sample.jsonl
target/release/accord show out/kremlin-sample.jsonl --limit 5
echo "records written to out/kremlin-sample.jsonl"
