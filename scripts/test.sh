#!/usr/bin/env bash
# Set up (first time only) and run the tests. Arguments go to pytest.
# The tests need no system package: ptys, sockets and the screen are all driven from Python.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec .venv/bin/python -m pytest "$@"
