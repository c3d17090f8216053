#!/usr/bin/env bash
# Set up (first time only), install the system packages the tests use, run the tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# System packages some tests drive (listed in scripts/system-packages.txt).
missing=()
while read -r package command; do
    case "$package" in ''|'#'*) continue ;; esac
    command -v "$command" >/dev/null 2>&1 || missing+=("$package")
done < scripts/system-packages.txt
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "teletype: installing ${missing[*]} ..." >&2
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "teletype: tests that need ${missing[*]} will be skipped (install them to run those)" >&2
    fi
fi

exec .venv/bin/python -m pytest "$@"
