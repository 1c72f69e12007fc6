#!/usr/bin/env bash
# Second command of the README: install what the tests need and run them all.
# Tests build in the release profile so they share the libtorch-linked
# dependencies with `cargo build --release` and run the real model fast.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
source .cache/env.sh
# The database tests run against a real PostgreSQL server on loopback.
ACCORD_TEST_POSTGRES_URL="${ACCORD_TEST_POSTGRES_URL:-$(bash scripts/postgres.sh)}"
export ACCORD_TEST_POSTGRES_URL
cargo test --release
