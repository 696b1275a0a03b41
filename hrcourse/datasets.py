"""Public datasets in data/datasets/: a CSV whose every row names its source and year,
and a YAML beside it with the full citation, link, licence, notes and chart mapping."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from hrcourse.content import (
    ContentError,
    Where,
    check_keys,
    data_dir,
    load_yaml,
    read_csv,
    require,
    text,
)

FOLDER = Path("datasets")
ROW_PROVENANCE = ("source", "source_year")


@dataclass(frozen=True)
class Chart:
    x: str
    y: str
    series: str | None
    kind: str
    x_label: str
    y_label: str
    title: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    source: str
    url: str
    retrieved: str
    licence: str
    notes: str
    chart: Chart
    rows: list[dict[str, str]]


def names() -> list[str]:
    return sorted(p.stem for p in (data_dir() / FOLDER).glob("*.csv"))


def check_rows(relative: Path, rows: list[dict[str, str]]) -> None:
    """Every row must carry a non-empty source and a four-digit year."""
    for number, row in enumerate(rows, start=2):
        for column in ROW_PROVENANCE:
            if column not in row:
                raise ContentError(relative, f"the CSV has no '{column}' column", field=column)
            if not (row[column] or "").strip():
                raise ContentError(relative, "empty", entry=f"line {number}", field=column)
        year = row["source_year"].strip()
        if not (year.isdigit() and len(year) == 4):
            raise ContentError(relative, f"expected a year like 2024, found {year!r}",
                               entry=f"line {number}", field="source_year")


def load(name: str) -> Dataset:
    csv_path, meta_path = FOLDER / f"{name}.csv", FOLDER / f"{name}.yml"
    if not (data_dir() / csv_path).exists():
        raise ContentError(csv_path, f"no dataset '{name}' (available: {', '.join(names())})")
    rows = read_csv(csv_path)
    check_rows(csv_path, rows)
    raw = load_yaml(meta_path)
    where = Where(meta_path)
    check_keys(raw, {"title", "source", "url", "retrieved", "licence", "notes", "chart"}, where)
    c = require(raw, "chart", dict, where)
    cw = where.at("chart")
    check_keys(c, {"x", "y", "series", "kind", "x_label", "y_label", "title"}, cw)
    columns = set(rows[0]) if rows else set()
    for field in ("x", "y", "series"):
        column = c.get(field)
        if column is not None and column not in columns:
            raise cw.error(f"column '{column}' is not in {csv_path}", field)
    chart = Chart(x=require(c, "x", str, cw), y=require(c, "y", str, cw),
                  series=require(c, "series", str, cw, default=None),
                  kind=require(c, "kind", str, cw, allowed=("line", "bar")),
                  x_label=require(c, "x_label", str, cw), y_label=require(c, "y_label", str, cw),
                  title=require(c, "title", str, cw))
    return Dataset(name=name, title=require(raw, "title", str, where),
                   source=text(require(raw, "source", str, where)),
                   url=require(raw, "url", str, where),
                   retrieved=str(require(raw, "retrieved", (str, datetime.date), where)),
                   licence=require(raw, "licence", str, where),
                   notes=text(require(raw, "notes", str, where)), chart=chart, rows=rows)
