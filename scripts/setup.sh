#!/usr/bin/env bash
# Create .venv (once) and install teletype into it, with the test tools; quiet when up to date.
# Sourced by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "teletype: needs Python 3.11 or newer (python3 --version says: $(python3 --version 2>&1))" >&2
    exit 2
fi

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv || {
        echo "teletype: could not create .venv: install your system's python3-venv package" >&2
        exit 2
    }
fi

# Reinstall only when the project's requirements changed since the last install.
stamp=.venv/.teletype-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "teletype: installing into .venv (first run only) ..." >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
    touch "$stamp"
fi
