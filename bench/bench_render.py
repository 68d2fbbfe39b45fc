"""Benchmark: the naive pipeline against `cds render`, on the same synthetic localities.

    python bench/bench_render.py [--localities 100] [--naive-sample N] [--workers W]
                                 [--unchanged-scale 1000]

The localities are the real registry's current units (`cds synth --registry`): the first N in
the registry's order (each province, then its communes); 3355 is the whole country, and then the
national time is measured, not projected.

(a) naive: for each locality, separate `papermill`, `jupyter nbconvert --to html --no-input` and
    PDF processes (`weasyprint` when it is installed, else a fresh Python typesetting the page
    with the workbook's Typst path), one after another (on the first --naive-sample localities;
    all by default);
(b) `cds render --all` on the same data with the default workers: every unit's report, the
    overview and the data-quality report;
(c) `cds render --all` again with nothing changed; with --unchanged-scale M, also the first M
    units of the real registry (`cds synth --registry --localities M`) are rendered once (HTML
    only, to save time) and the unchanged rerun over all M is timed.
Prints reports per minute for (a) and (b), the ratio (b)/(a), the time of (c), the peak memory
of (b)'s whole process tree (PSS summed over main, workers and kernels, which counts a shared page
once; RSS summed, which counts it in every process; and each process's own peak), and the
projected time for 3,355 reports. Times are measured in
this run; nothing is compared with figures from another machine or day.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NATIONAL = 3355
PSS_EVERY = 5  # samples: PSS is read every 0.5 s, RSS every 0.1 s
GOALS = {"ratio": 20.0, "unchanged_s": 5.0, "national_min": 15.0, "memory_gib": 2.0}
TYPESET = (
    "import sys; from pathlib import Path; from helpers.reports.render import html_to_pdf; "
    "Path(sys.argv[2]).write_bytes(html_to_pdf(Path(sys.argv[1]).read_text(encoding='utf-8')))"
)


def pdf_command(html: Path, pdf: Path) -> tuple[list[str], str]:
    """The naive chain's PDF step: WeasyPrint's command when it is installed, else Typst's."""
    weasyprint = BIN / "weasyprint"
    if weasyprint.exists():
        return [str(weasyprint), str(html), str(pdf)], "WeasyPrint"
    return [sys.executable, "-c", TYPESET, str(html), str(pdf)], "Typst (a fresh process)"


def _role(process: psutil.Process, root: psutil.Process) -> str:
    """main, worker (a pool process), kernel (its Jupyter kernel) or other (the pool's helpers)."""
    if process.pid == root.pid:
        return "main"
    command = " ".join(process.cmdline())
    if "ipykernel" in command:
        return "kernel"
    return "worker" if "spawn_main" in command and "resource_tracker" not in command else "other"


def _peak_tree_memory(process: subprocess.Popen, stop: threading.Event, peak: dict) -> None:
    """The peak, over time, of the process tree's memory summed two ways, and each process's own peak.

    PSS (proportional set size) counts a page shared by n processes (the Python library, pandas'
    compiled code, pages a fork left shared) as 1/n in each: its sum over the tree is the memory
    the run takes. The RSS sum counts every shared page once per process that maps it, so it is
    larger than what the run takes; it is kept for comparison.
    """
    root = psutil.Process(process.pid)
    for sample in itertools.count():
        if stop.is_set():
            break
        # RSS every 0.1 s; PSS, which costs about 5 ms of CPU per process to read (the benchmark
        # would take a tenth of the machine from the run it measures), every 0.5 s
        full = sample % PSS_EVERY == 0
        pss = rss = 0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        for member in tree:
            try:
                memory = member.memory_full_info() if full else member.memory_info()
                name = f"{_role(member, root)} {member.pid}"
            except psutil.Error:  # it ended between the listing and the reading
                continue
            rss += memory.rss
            if full:
                pss += memory.pss
                peak["each"][name] = max(peak["each"].get(name, 0), memory.pss)
        peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
        time.sleep(0.1)


def _timed(command: list[str], *, memory: dict | None = None) -> float:
    """Run ``command``; its wall time. With ``memory`` (a dict), its tree's peaks go there
    (:func:`_peak_tree_memory`)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    if memory is not None:
        memory.update(pss=0, rss=0, each={})
        watcher = threading.Thread(target=_peak_tree_memory, args=(process, stop, memory), daemon=True)
        watcher.start()
    _, err = process.communicate()
    stop.set()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command[:4])} …\n{err[-2000:]}")
    return time.monotonic() - started


def _each(peaks: dict[str, int]) -> str:
    """Each process's own peak PSS in MiB, by role: "main 180, worker 250 + 240, kernel 290 + 288"."""
    roles: dict[str, list[int]] = {}
    for name, value in peaks.items():
        roles.setdefault(name.split()[0], []).append(round(value / 2**20))
    order = ("main", "worker", "kernel", "other")
    return ", ".join(f"{role} {' + '.join(map(str, roles[role]))}" for role in order if role in roles)


def naive(localities: list[str], data: Path, work: Path) -> float:
    started = time.monotonic()
    notebook = ROOT / "notebooks" / "locality_report.ipynb"
    for locality_id in localities:
        executed = work / f"{locality_id}.ipynb"
        _timed(
            [
                str(BIN / "papermill"),
                str(notebook),
                str(executed),
                "-k",
                "cds",
                "--no-progress-bar",
                "-p",
                "locality_id",
                locality_id,
                "-p",
                "period",
                "",
                "-p",
                "lang",
                "vi",
                "-p",
                "data_dir",
                str(data),
            ]
        )
        _timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
        _timed(pdf_command(work / f"{locality_id}.html", work / f"{locality_id}.pdf")[0])
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--localities", type=int, default=100)
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=None,
        help="time the naive pipeline on the first N localities only (default: all)",
    )
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--unchanged-scale", type=int, default=None, help="also time an unchanged rerun over this many localities"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cds-bench-") as folder:
        work = Path(folder)
        data = work / "data"
        subprocess.run(
            [
                str(BIN / "cds"),
                "synth",
                "--registry",
                "--localities",
                str(args.localities),
                "--seed",
                str(args.seed),
                "--out",
                str(data),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sys.path.insert(0, str(ROOT))
        from helpers.load import load_workbook
        from helpers.rollup import reporting_localities

        localities = reporting_localities(load_workbook(data))
        communes = [i for i in localities if i.count("-") > 1] or localities
        sample = communes[: args.naive_sample or len(communes)]

        (work / "naive").mkdir()
        naive_s = naive(sample, data, work / "naive")
        naive_rate = len(sample) / naive_s * 60

        render = [
            str(BIN / "cds"),
            "render",
            "--data",
            str(data),
            "--output",
            str(work / "out"),
            "--all",
        ]
        if args.workers:
            render += ["--workers", str(args.workers)]
        memory: dict = {}
        fast_s = _timed(render, memory=memory)
        reports = len(list((work / "out" / "reports").glob("*.pdf")))
        fast_rate = reports / fast_s * 60
        unchanged_s = _timed(render)
        shutil.rmtree(work / "out", ignore_errors=True)

        scale_s = None
        if args.unchanged_scale:
            big = work / "big"
            subprocess.run(
                [
                    str(BIN / "cds"),
                    "synth",
                    "--registry",
                    "--localities",
                    str(args.unchanged_scale),
                    "--seed",
                    str(args.seed),
                    "--out",
                    str(big),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            scale = [
                str(BIN / "cds"),
                "render",
                "--all",
                "--data",
                str(big),
                "--output",
                str(work / "big-out"),
                "--formats",
                "html",
            ]
            _timed(scale)
            scale_s = _timed(scale)

    measured = len(localities) >= NATIONAL
    national_min = (fast_s if measured else NATIONAL / fast_rate * 60) / 60
    rows = [
        ("(a) naive pipeline", f"{naive_rate:8.1f} reports/min", f"{len(sample)} reports in {naive_s:.0f} s"),
        ("(b) cds render", f"{fast_rate:8.1f} reports/min", f"{reports} reports in {fast_s:.0f} s"),
        ("(b)/(a)", f"{fast_rate / naive_rate:8.1f} ×", f"goal ≥ {GOALS['ratio']:.0f} ×"),
        (
            "(c) unchanged rerun",
            f"{unchanged_s:8.2f} s",
            f"{reports} reports all current (goal ≤ {GOALS['unchanged_s']:.0f} s at 3,355)",
        ),
        *(
            [
                (
                    f"(c) at {args.unchanged_scale:,}",
                    f"{scale_s:8.2f} s",
                    f"units of the registry, all reports current (goal ≤ {GOALS['unchanged_s']:.0f} s at 3,355)",
                )
            ]
            if scale_s is not None
            else []
        ),
        (
            "peak memory of (b)",
            f"{memory['pss'] / 2**30:8.2f} GiB",
            f"PSS summed over main, workers and kernels (shared pages split); goal ≤ {GOALS['memory_gib']:.0f} GiB",
        ),
        ("", f"{memory['rss'] / 2**30:8.2f} GiB", "RSS summed (shared pages counted once per process)"),
        ("", "", f"each process's peak PSS, MiB: {_each(memory['each'])}"),
        (
            "3,355 reports",
            f"{national_min:8.1f} min",
            ("measured: (b) is the whole country" if measured else "projected from (b), not measured")
            + f"; goal ≤ {GOALS['national_min']:.0f} min",
        ),
    ]
    print(
        f"cds-workbook benchmark: {len(localities)} units of the real registry with synthetic "
        f"figures, seed {args.seed}, {psutil.cpu_count()} cores; naive PDF step: "
        f"{pdf_command(Path('a'), Path('b'))[1]}"
    )
    for name, value, note in rows:
        print(f"{name:<22}{value:>22}   {note}")


if __name__ == "__main__":
    main()
