"""Build ``data/localities.csv`` from the official lists of administrative units (a development tool).

Run once when the official lists change; its output is committed and the workbook never reads the
lists at run time::

    .venv/bin/python tools/build_registry.py [--reference ../shared/reference] [--data data]

Inputs (in the reference folder beside the project, see its ``SOURCES.md``):

- ``units-2025-07-01.csv``: the 34 provinces and 3,321 communes in force from 2025-07-01
  (QĐ 19/2025/QĐ-TTg), with their codes and parents;
- ``provinces-before-2025-07-01.csv``: the 63 provinces before that date and the province each
  became part of (NQ 202/2025/QH15).

The new registry is written only when the data folder with it loads and passes its error-level
rules (:class:`helpers.transaction.Transaction`); otherwise the tool refuses to write it, lists
each problem (in English, as the tool speaks) under "``…/localities.csv`` not written" and exits 1.

Rows already in ``data/localities.csv`` that are not provinces or communes of these lists (the
former districts) are kept as they are, under their former province. Ids follow the rule of
``data/README.md``:

- a province unchanged by the reorganisation: the slug of its name (``cao-bang``), one record
  valid before and after;
- a former province that was merged: the slug of its name, valid until 2025-06-30, with the id of
  the province it became part of in ``successor_ids``;
- a province formed by the merger: the slug of its name and ``-2025`` (``dong-thap-2025``), valid
  from 2025-07-01;
- a commune: ``<province slug>-<commune slug>`` (``cao-bang-trung-khanh``), and ``-<code>`` after
  it when two communes of a province would have the same id.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

from helpers.transaction import Transaction

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
REORGANISED = "2025-07-01"
LAST_DAY_BEFORE = "2025-06-30"
HEADER = [
    "locality_id",
    "name",
    "level",
    "parent_id",
    "admin_code",
    "unit_type",
    "valid_from",
    "valid_to",
    "successor_ids",
    "other_names",
]

# Names a unit was also known by, as official documents wrote them (see data/README.md).
OTHER_NAMES = {
    ("province", "46"): "Thừa Thiên Huế",  # renamed Thành phố Huế on 2025-01-01, same code and land
    ("commune", "00745"): "Phố Bảng",  # spelled "Phó Bảng" in QĐ 19/2025 as transcribed; doubtful
}
# Types of the former provinces (the list before 2025-07-01 gives only full names).
FORMER_TYPES = {"Tỉnh": "tinh", "Thành phố": "thanh_pho_truc_thuoc_trung_uong"}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by ``-``: ``Bà Rịa – Vũng Tàu`` → ``ba-ria-vung-tau``."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    return "-".join(words)


def _read(path: Path) -> list[dict]:
    if not path.exists():
        sys.exit(
            f"{path} not found: this tool needs the reference lists beside the project "
            f"(../shared/reference); pass --reference FOLDER"
        )
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _former_type(full_name: str) -> str:
    for prefix, unit_type in FORMER_TYPES.items():
        if full_name.startswith(prefix + " "):
            return unit_type
    raise SystemExit(f"unexpected province name {full_name!r}: expected 'Tỉnh …' or 'Thành phố …'")


def build(reference: Path, existing: list[dict]) -> list[dict]:
    """The registry's rows: former and current provinces, the kept districts, the communes."""
    units = _read(reference / "units-2025-07-01.csv")
    former = _read(reference / "provinces-before-2025-07-01.csv")
    current = {u["code"]: u for u in units if u["level"] == "province"}
    communes = [u for u in units if u["level"] == "commune"]
    merged_into = {p["successor_code"] for p in former if p["change_2025_07_01"] == "merged"}

    current_id = {}
    for code, unit in current.items():
        current_id[code] = slug(unit["name"]) + ("-2025" if code in merged_into else "")

    rows: list[dict] = []
    kept = [r for r in existing if r["level"] == "district"]
    for province in former:
        code = province["code"]
        unchanged = province["change_2025_07_01"] == "unchanged"
        if unchanged:
            unit = current[code]
            row = _row(
                current_id[code],
                unit["name"],
                "province",
                "",
                code,
                unit["unit_type"],
                "",
                "",
                "",
                OTHER_NAMES.get(("province", code), ""),
            )
        else:
            row = _row(
                slug(province["name"]),
                province["name"],
                "province",
                "",
                code,
                _former_type(province["full_name"]),
                "",
                LAST_DAY_BEFORE,
                current_id[province["successor_code"]],
                "",
            )
        rows.append(row)
        rows += [r for r in kept if r["parent_id"] == row["locality_id"]]
    for code, unit in current.items():
        if code in merged_into:
            rows.append(
                _row(current_id[code], unit["name"], "province", "", code, unit["unit_type"], REORGANISED, "", "", "")
            )

    ids = {}
    for unit in communes:
        ids.setdefault(slug(current[unit["parent_code"]]["name"]) + "-" + slug(unit["name"]), []).append(unit["code"])
    for unit in communes:
        base = slug(current[unit["parent_code"]]["name"]) + "-" + slug(unit["name"])
        locality_id = base if len(ids[base]) == 1 else f"{base}-{unit['code']}"
        rows.append(
            _row(
                locality_id,
                unit["name"],
                "commune",
                current_id[unit["parent_code"]],
                unit["code"],
                unit["unit_type"],
                REORGANISED,
                "",
                "",
                OTHER_NAMES.get(("commune", unit["code"]), ""),
            )
        )

    missing = [r["locality_id"] for r in kept if r not in rows]
    if missing:
        raise SystemExit(f"districts whose province is not in the lists: {', '.join(missing)}")
    seen: set[str] = set()
    for row in rows:
        if row["locality_id"] in seen:
            raise SystemExit(f"two units would have the id {row['locality_id']!r}")
        seen.add(row["locality_id"])
    for row in existing:
        if row["locality_id"] not in seen:
            raise SystemExit(f"the existing unit {row['locality_id']!r} would get another id")
    return rows


def _row(*values: str) -> dict:
    return dict(zip(HEADER, values))


def _existing(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in HEADER:
            row.setdefault(column, "")
        if row["level"] == "district" and not row["unit_type"]:
            row["unit_type"] = "huyen"
    return [{c: row[c] for c in HEADER} for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    target = args.data / "localities.csv"
    rows = build(args.reference, _existing(target))
    # checked with the rest of data/ and swapped in atomically; the tool speaks English
    change = Transaction(args.data, "en")
    change.replace("localities.csv", HEADER, rows)
    problems = change.commit()
    if problems:
        print(f"{target} not written:", *problems, sep="\n", file=sys.stderr)
        return 1
    levels = {}
    for row in rows:
        levels[row["level"]] = levels.get(row["level"], 0) + 1
    print(f"{target}: {len(rows)} units ({', '.join(f'{n} {k}' for k, n in levels.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
