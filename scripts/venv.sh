# Sourced by the set-up scripts: a project-local Python venv with pinned packages.

# ensure_venv DIR: creates a Python venv at DIR unless one is there.
ensure_venv() {
  if [ ! -x "$1/bin/python" ]; then
    say "creating venv at $1"
    python3 -m venv "$1"
  fi
}

# ensure_package PYTHON CHECK SPEC [PIP ARGS...]: pip-installs SPEC into PYTHON's
# venv unless the Python snippet CHECK exits 0 (the pinned version is there).
ensure_package() {
  local py=$1 check=$2 spec=$3
  shift 3
  if ! "$py" -c "$check" 2>/dev/null; then
    say "installing $spec $*"
    "$py" -m pip install --quiet --disable-pip-version-check "$@" "$spec"
  fi
}
