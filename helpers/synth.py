"""A deterministic, national-scale synthetic data set for benchmarks and tests.

``cds synth --localities N --seed S --out DIR`` writes a complete data folder: provinces with
2-digit codes and N communes with 5-digit codes under them, and for each commune figures of the
same indicators as the real data, drawn around the real figures (rates near the real rates,
denominators near the real ones scaled to a commune). Counts obey the committed rules
(resolved + pending = received, on time ≤ resolved), and some rates are printed truncated, as
sources do. The real catalogue, rules and national targets are copied. The same N and S always
give the same files. It never writes into the project's ``data/``.

``cds synth --registry`` keeps the real registry of units (``data/localities.csv``, copied
whole) and writes figures for its current communes: all 3,321 (with their 34 provinces, 3,355
reports), those of one province (``--province ID``), or the first N units in the registry's
order, each province followed by its communes (``--localities N``).
"""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .i18n import text
from .load import Workbook, load_workbook

PROVINCES = 34
PERIOD = "2025-M9"
# Rates the synthetic communes report with their fractions: indicator → (typical denominator).
FRACTIONS = {
    "ho_so_truc_tuyen": 1500,
    "dvctt_co_ho_so": 120,
    "thanh_toan_truc_tuyen": 900,
    "so_hoa_ho_so": 1500,
    "van_ban_di_dien_tu": 1800,
    "van_ban_ky_so": 1400,
    "ho_gia_dinh_bang_rong": 2500,
    "truong_ap_dung_stem": 8,
}
# Rates reported as values only.
VALUES = ("cbccvc_co_may_tinh", "hai_long_tthc", "dan_so_tai_khoan_thanh_toan_dien_tu")
COUNTS = ("thanh_vien_to_cnscd", "camera_giam_sat")


class SynthError(ValueError):
    """The synthetic data cannot be written where asked."""


def _real_rates(workbook: Workbook) -> dict[str, tuple[float, float]]:
    figures = workbook.figures
    rates = {}
    for indicator in list(FRACTIONS) + list(VALUES):
        rows = figures[figures["indicator_id"] == indicator]
        values = rows["numerator"].astype("float64") / rows["denominator"].astype("float64") * 100
        values = values.fillna(rows["value"]).dropna()
        mean = float(values.mean()) if len(values) else 75.0
        rates[indicator] = (mean, max(8.0, float(values.std()) if len(values) > 1 else 12.0))
    return rates


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _rate_text(numerator: int, denominator: int, truncate: bool) -> str:
    rate = numerator * 100 / denominator
    shown = math.floor(rate * 100) / 100 if truncate else round(rate + 1e-12, 2)
    return f"{shown:.2f}"


def registry_units(
    workbook: Workbook, province: str | None = None, limit: int | None = None, lang: str = "vi"
) -> list[str]:
    """The current units of the real registry in report order: each current province, then its
    current communes; only ``province``'s with ``province``; the first ``limit`` with ``limit``."""
    localities = workbook.localities
    current = localities[localities["valid_to"].isna()]
    provinces = [i for i in current.index[current["level"] == "province"] if province in (None, i)]
    if province is not None and not provinces:
        raise SynthError(text("synth.not_a_province", lang, province=province))
    communes = current[current["level"] == "commune"]
    units = []
    for province_id in provinces:
        units.append(province_id)
        units += [i for i in communes.index[communes["parent_id"] == province_id]]
    return units[:limit] if limit else units


def synthesize(
    localities: int | None,
    seed: int,
    out: Path,
    source: Path | None = None,
    *,
    registry: bool = False,
    province: str | None = None,
    lang: str = "vi",
) -> Path:
    """Write the synthetic data folder ``out`` and return it; a :class:`SynthError` says in
    ``lang`` why it cannot."""
    out = Path(out).resolve()
    if out == config.data_dir(source) or out == (config.PROJECT_ROOT / "data").resolve():
        raise SynthError(text("synth.real_data", lang, out=out))
    if localities is not None and localities < 1:
        raise SynthError(text("synth.too_few", lang))
    if not registry and (localities is None or province is not None):
        raise SynthError(text("synth.localities_needed", lang))
    real = load_workbook(source)
    rng = np.random.default_rng(seed)
    rates = _real_rates(real)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("indicators.csv", "rules.csv"):
        shutil.copy(real.data_dir / name, out / name)

    if registry:
        shutil.copy(real.data_dir / "localities.csv", out / "localities.csv")
        chosen = registry_units(real, province, localities, lang)
        communes = [i for i in chosen if real.localities.at[i, "level"] == "commune"]
        locality_rows = None
    else:
        provinces = min(PROVINCES, localities)
        locality_rows = [
            [f"tinh-{p:02d}", f"Tỉnh Mẫu Số {p}", "province", "", f"{p:02d}", "2025-07-01", ""]
            for p in range(1, provinces + 1)
        ]
        communes = []
        for n in range(1, localities + 1):
            province_number = (n - 1) % provinces + 1
            communes.append(f"xa-{n:05d}")
            locality_rows.append(
                [
                    f"xa-{n:05d}",
                    f"Xã Thử Nghiệm {n}",
                    "commune",
                    f"tinh-{province_number:02d}",
                    f"{n:05d}",
                    "2025-07-01",
                    "",
                ]
            )
    figure_rows = []
    for commune in communes:
        for indicator, typical in FRACTIONS.items():
            mean, spread = rates[indicator]
            denominator = max(1, int(rng.lognormal(math.log(typical), 0.5)))
            rate = float(np.clip(rng.normal(mean, spread), 0, 100))
            numerator = min(denominator, round(rate * denominator / 100))
            figure_rows.append(
                [
                    commune,
                    indicator,
                    PERIOD,
                    numerator,
                    denominator,
                    _rate_text(numerator, denominator, rng.random() < 0.3),
                    "",
                    "synth",
                    "¶1",
                    "",
                ]
            )
        for indicator in VALUES:
            mean, spread = rates[indicator]
            value = round(float(np.clip(rng.normal(mean, spread), 0, 100)), 1)
            figure_rows.append([commune, indicator, PERIOD, "", "", f"{value:g}", "", "synth", "¶1", ""])
        for indicator in COUNTS:
            figure_rows.append([commune, indicator, PERIOD, "", "", int(rng.integers(5, 120)), "", "synth", "¶1", ""])
        received = int(rng.lognormal(math.log(900), 0.6)) + 1
        pending = int(rng.integers(0, max(1, received // 50) + 1))
        resolved = received - pending
        on_time = resolved - int(rng.integers(0, max(1, resolved // 40) + 1))
        for suffix, count in (
            ("tiep_nhan", received),
            ("da_giai_quyet", resolved),
            ("dang_giai_quyet", pending),
            ("dung_han", on_time),
        ):
            figure_rows.append([commune, f"ho_so_{suffix}_cap_xa", PERIOD, "", "", count, "", "synth", "¶1", ""])

    if locality_rows is not None:
        _write(
            out / "localities.csv",
            ["locality_id", "name", "level", "parent_id", "admin_code", "valid_from", "valid_to"],
            locality_rows,
        )
    _write(
        out / "figures.csv",
        [
            "locality_id",
            "indicator_id",
            "period",
            "numerator",
            "denominator",
            "value",
            "qualifier",
            "source_id",
            "locator",
            "note",
        ],
        figure_rows,
    )
    national = real.targets[real.targets["locality_id"].isna()]
    used_sources = set(national["source_id"])
    _write(
        out / "targets.csv",
        ["indicator_id", "locality_id", "year", "value", "comparison", "source_id", "locator", "note"],
        [
            [r.indicator_id, "", int(r.year), f"{r.value:g}", r.comparison, r.source_id, r.locator, ""]
            for r in national.itertuples()
        ],
    )
    sources = [
        [
            r.source_id,
            r.title,
            r.publisher if isinstance(r.publisher, str) else "",
            r.published.date().isoformat() if not pd.isna(r.published) else "",
            r.url if isinstance(r.url, str) else "",
            "",
        ]
        for r in real.sources.itertuples()
        if r.source_id in used_sources
    ]
    sources.append(
        [
            "synth",
            f"Dữ liệu tổng hợp (seed {seed})",
            "cds synth",
            "",
            "",
            "synthetic figures for benchmarks and tests; not real data",
        ]
    )
    _write(out / "sources.csv", ["source_id", "title", "publisher", "published", "url", "note"], sources)
    return out
