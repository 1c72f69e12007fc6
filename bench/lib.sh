# Shared by the bench scripts (and eval/experiments): source it, do not run it.

# The torch side of the benchmark venv (.cache/bench-venv): torch 2.4.0 is the
# libtorch accord links (scripts/setup.sh); transformers 4.46.3 supports it on
# Python 3.11.
TORCH_PINS=(torch==2.4.0 transformers==4.46.3 safetensors==0.8.0)

# ensure_pins VENV PIN...: makes VENV unless it is there and pip-installs the
# pins unless each is installed at that version (checked by version rather
# than with a stamp file, so scripts sharing a venv keep each other's pins).
ensure_pins() {
    local venv=$1
    shift
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    if ! "$venv/bin/python" - "$@" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
sys.exit(any(version(name) != wanted for name, wanted in (pin.split("==") for pin in sys.argv[1:])))
PY
    then
        echo "installing $* into $venv" >&2
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
    fi
}
