"""Benchmark: `cds validate` on a synthetic national folder.

    python bench/bench_validate.py [--localities 50000] [--seed 1] [--folder DIR]

Writes the folder with `cds synth` into a temporary directory (or reuses --folder when it holds
one; never data/), then runs `cds validate` on it once and prints the wall time, the CPU time
(user + system of the command), the number of findings and the machine's load average, so a
figure taken on a busy machine can be read for what it is. Times are measured in this run only.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CDS = [sys.executable, "-m", "helpers"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--localities", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", help="a synthetic folder to reuse (written there when absent)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cds-bench-validate-") as scratch:
        folder = Path(args.folder) if args.folder else Path(scratch) / "synth"
        if not (folder / "figures.csv").exists():
            subprocess.run(
                [*CDS, "synth", "--localities", str(args.localities), "--seed", str(args.seed), "--out", str(folder)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        figures = sum(1 for _ in (folder / "figures.csv").open(encoding="utf-8")) - 1
        cpu, start = _cpu(), time.perf_counter()
        done = subprocess.run([*CDS, "validate", "--data", str(folder)], cwd=ROOT, capture_output=True, text=True)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode not in (0, 1):
        sys.exit(f"cds validate failed ({done.returncode}):\n{done.stderr}")
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"cds validate: {figures} figures of {folder}")
    print(f"  wall {wall:.1f} s, CPU {cpu:.1f} s (user + system), exit {done.returncode}; {summary}")
    print(f"  load average {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
