"""Public datasets (data/datasets/<name>.csv + <name>.yml): a CSV whose every row names
its source and year, and a description beside it with the full citation, link,
licence, notes and the chart's mapping of columns."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import PrivateAttr, ValidationInfo, model_validator

from hrcourse.content import ContentError, data_dir, load_yaml, read_csv
from hrcourse.content.base import Code, ContentModel, Invalid, parse

FOLDER = Path("datasets")
ROW_PROVENANCE = ("source", "source_year")


class Chart(ContentModel):
    x: str
    y: str
    series: str | None = None
    kind: Literal["line", "bar"]
    x_label: str
    y_label: str
    title: str

    @model_validator(mode="after")
    def _columns_exist(self, info: ValidationInfo) -> Chart:
        context = info.context or {}
        if "columns" in context:
            for field in ("x", "y", "series"):
                column = getattr(self, field)
                if column is not None and column not in context["columns"]:
                    raise Invalid(f"column '{column}' is not in {context['csv']}", field=field)
        return self


class Dataset(ContentModel):
    title: str
    source: str
    url: str
    retrieved: Code
    licence: str
    notes: str
    chart: Chart
    _name: str = PrivateAttr("")
    _rows: list[dict[str, str]] = PrivateAttr(default_factory=list)

    @property
    def name(self) -> str:
        return self._name

    @property
    def rows(self) -> list[dict[str, str]]:
        """The CSV's rows (column -> text), each with its source and year."""
        return self._rows


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


def load_dataset(name: str) -> Dataset:
    csv_path, meta_path = FOLDER / f"{name}.csv", FOLDER / f"{name}.yml"
    if not (data_dir() / csv_path).exists():
        raise ContentError(csv_path, f"no dataset '{name}' (available: {', '.join(names())})")
    rows = read_csv(csv_path)
    check_rows(csv_path, rows)
    context = {"columns": set(rows[0]) if rows else set(), "csv": csv_path}
    dataset = parse(Dataset, load_yaml(meta_path), meta_path, context=context)
    dataset._name, dataset._rows = name, rows
    return dataset
