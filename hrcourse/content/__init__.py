"""Loading course content from data/ with errors that say where the problem is.

The ground floor of the package: it imports nothing else of ours, and it is the only
code that reads data/. These are the readers (YAML, CSV, the data folder) and the one
error kind; each content kind is a model in its own module here (base.py explains
how), so a malformed file always produces one kind of message: file, entry, field, and
what is wrong.
"""

from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_ENV = "HRCOURSE_DATA"


class ContentError(ValueError):
    """A content file is missing, malformed, or breaks the course's schema."""

    def __init__(self, file: Path | str, problem: str, entry: str | None = None,
                 field: str | None = None):
        self.file, self.entry, self.field, self.problem = str(file), entry, field, problem
        where = [self.file]
        if entry:
            where.append(f"entry '{entry}'")
        if field:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {problem}")


def data_dir() -> Path:
    """The content folder: $HRCOURSE_DATA if set, else data/ at the repository root."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return repo_root() / "data"


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; syntax errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, "file not found") from None
    except UnicodeDecodeError as err:
        raise ContentError(path, f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise ContentError(path, f"not valid YAML{line}: {problem}") from None


@cache
def _cached_yaml(path: str, mtime: float) -> Any:
    return read_yaml(Path(path))


def load_yaml(relative: str | Path) -> Any:
    """Read data/<relative>, cached until the file changes (authors edit live)."""
    path = data_dir() / relative
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise ContentError(path, "file not found") from None
    return _cached_yaml(str(path), mtime)


def yaml_files(folder: str) -> list[Path]:
    """All YAML files of a data/ subfolder, in name order."""
    base = data_dir() / folder
    if not base.is_dir():
        raise ContentError(base, "folder not found")
    return sorted(p for p in base.iterdir() if p.suffix in (".yml", ".yaml"))


def read_csv(relative: str | Path) -> list[dict[str, str]]:
    """Rows of data/<relative> as dicts, header required."""
    path = data_dir() / relative
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames:
                raise ContentError(path, "the CSV file has no header row")
            rows = []
            for number, row in enumerate(reader, start=2):
                if None in row:
                    raise ContentError(path, "more values than header columns",
                                       entry=f"line {number}")
                rows.append(row)
            return rows
    except FileNotFoundError:
        raise ContentError(path, "file not found") from None
