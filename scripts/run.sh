#!/usr/bin/env bash
# Set up (first time only) and replay the 1962 telegram. Arguments go to `teletype`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec .venv/bin/teletype "$@"
