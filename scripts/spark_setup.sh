#!/usr/bin/env bash
# Installs PySpark for scaleout/spark_extract.py and scripts/scaleout_test.sh, idempotently:
#   .cache/spark-venv/   Python venv with pyspark==3.5.9 from PyPI (Spark in local
#                        mode runs on the machine's Java 17; nothing else is fetched)
# Prints the venv's python. A second run finds it in place and takes a second.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.cache/spark-venv"
version="3.5.9"

say() { printf '[spark-setup] %s\n' "$*" >&2; }

command -v java >/dev/null || { say "Java (17) is needed to run Spark"; exit 1; }
source "$root/scripts/venv.sh"
ensure_venv "$venv"
py="$venv/bin/python"
ensure_package "$py" "import pyspark, sys; sys.exit(pyspark.__version__ != '$version')" "pyspark==$version"
echo "$py"
