#!/usr/bin/env bash
# The test command: sets up a virtual environment on a fresh machine, then lints and tests.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh tests/test_search.py`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[dev,neural,parquet,accurate]'
# The web UI tests drive Debian's Chromium; install it when we can (root with apt), else they skip.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
        || echo "warning: could not install chromium; the browser tests will skip"
fi
.venv/bin/ruff check marsad tests benchmarks
.venv/bin/python -m pytest -m "not slow" -q "$@"
