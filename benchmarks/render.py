"""Wall time of `teletype render` (a fresh interpreter each run): prints a table.

    .venv/bin/python benchmarks/render.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "render (wire, model28)": ["render"],
    "render --view facsimile": ["render", "--view", "facsimile"],
    "encode --profile telex": ["encode", "--profile", "telex", "-o", "/dev/null"],
    "play --plain --speed max": ["play", "--plain", "--speed", "max"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(f"{'command':28} {'min':>8} {'median':>8} {'max':>8}   ({args.runs} runs)")
    for name, argv in COMMANDS.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "teletype", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - start)
        print(f"{name:28} {min(times):7.3f}s {statistics.median(times):7.3f}s {max(times):7.3f}s")


if __name__ == "__main__":
    main()
