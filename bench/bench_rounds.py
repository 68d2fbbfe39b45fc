"""Benchmark: a national collection round, forms out and back in.

    python bench/bench_rounds.py [--parent PROVINCE] [--indicators K] [--out FOLDER]

On copies of data/ (never data/ itself): opens a round of 2025 for every commune of the country
(`cds round open --level commune`, 3,321 units) asking K indicators that no validation rule
mentions (default 6). The forms are written (`cds round forms`, timed) from a copy that already
holds a 2025 figure of every commune for each indicator, so each form comes out filled in, as a
commune would send it back; `cds import` of the folder (timed) then merges them into a copy
without those figures, and a second import is timed and checked to change no byte.
`cds round status` is timed last. With --parent, a province's communes only (a quick try).
Times are measured in this run only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CDS = [sys.executable, "-m", "helpers"]


def _run(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(CDS + args, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"cds {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return seconds, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parent", help="a province: its communes only (default: the whole country)")
    parser.add_argument("--indicators", type=int, default=6)
    parser.add_argument("--out", help="working folder (default: a temporary one, removed)")
    args = parser.parse_args()
    work = Path(args.out or tempfile.mkdtemp(prefix="cds-bench-rounds-"))
    data, filled = work / "data", work / "filled"
    shutil.copytree(ROOT / "data", data)
    for stale in ("rounds.csv", "submissions.csv"):
        (data / stale).unlink(missing_ok=True)

    from helpers.load import load_workbook

    workbook = load_workbook(data)
    in_rules = " ".join(workbook.rules["left"]) + " " + " ".join(workbook.rules["right"])
    indicators = [i for i in workbook.indicators.index if i not in in_rules][: args.indicators]
    source = workbook.sources.index[0]
    scope = ["--parent", args.parent] if args.parent else []
    command = [
        "round",
        "open",
        *scope,
        "--level",
        "commune",
        "--period",
        "2025",
        "--due",
        "2026-01-15",
        "--id",
        "ca-nuoc-2025",
        "--indicators",
        *indicators,
        "--data",
        str(data),
    ]
    seconds, out = _run(command)
    print(out.strip())
    units = load_workbook(data).round_units["ca-nuoc-2025"]
    shutil.copytree(data, filled)
    kinds = workbook.indicators["unit"]
    with (filled / "figures.csv").open("a", encoding="utf-8") as rows:
        for n, unit_id in enumerate(units):
            for indicator_id in indicators:
                if kinds[indicator_id] == "percent":
                    rows.write(f"{unit_id},{indicator_id},2025,{40 + n % 50},100,,,{source},¶1,\n")
                else:
                    rows.write(f"{unit_id},{indicator_id},2025,,,{10 + n % 90},,{source},¶1,\n")

    forms = work / "forms"
    seconds, out = _run(["round", "forms", "ca-nuoc-2025", "--out", str(forms), "--data", str(filled)])
    paths = sorted(forms.glob("*.xlsx"))
    print(f"write: {len(paths)} forms in {seconds:.1f} s ({len(paths) / seconds:.1f} forms/s)")
    stamp = datetime(2026, 1, 10, 9).timestamp()
    for path in paths:
        os.utime(path, (stamp, stamp))

    seconds, out = _run(["import", str(forms), "--data", str(data)])
    print(f"import: {seconds:.1f} s ({len(paths) / seconds:.1f} forms/s): {out.strip().splitlines()[-1]}")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    seconds, out = _run(["import", str(forms), "--data", str(data)])
    same = before == {p.name: p.read_bytes() for p in data.iterdir()}
    print(f"import again: {seconds:.1f} s; data/ byte-identical: {same}")
    seconds, out = _run(["round", "status", "ca-nuoc-2025", "--as-of", "2026-01-20", "--data", str(data)])
    print(f"status: {seconds:.1f} s")
    print("\n".join(out.splitlines()[:8]))
    if not args.out:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
