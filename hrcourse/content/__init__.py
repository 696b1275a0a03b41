"""Loading course content from data/ with errors that say where the problem is.

The ground floor of the package: it imports nothing else of ours. Every other
module that reads data/ goes through these helpers, so a malformed file always
produces one kind of message: file, entry, field, and what was expected.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
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


# -- schema helpers: each check names file, entry and field ------------------------

class Where:
    """A position in a content file, passed down while validating nested entries."""

    def __init__(self, file: Path | str, entry: str | None = None):
        self.file, self.entry = file, entry

    def at(self, entry: str) -> Where:
        return Where(self.file, entry if not self.entry else f"{self.entry} > {entry}")

    def error(self, problem: str, field: str | None = None) -> ContentError:
        return ContentError(self.file, problem, entry=self.entry, field=field)


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping (key: value lines)"}


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)


def require(mapping: Any, field: str, kind: type | tuple[type, ...], where: Where,
            default: Any = ..., allowed: Iterable[Any] | None = None) -> Any:
    """Fetch mapping[field], checking presence, type, and (optionally) allowed values."""
    if not isinstance(mapping, Mapping):
        raise where.error(f"expected {_type_name(dict)}, found {type(mapping).__name__}")
    if field not in mapping or mapping[field] is None:
        if default is not ...:
            return default
        raise where.error("required field is missing", field)
    value = mapping[field]
    # YAML reads 3 as int where a float is allowed; bool is an int subclass, keep them apart.
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise where.error(f"expected {_type_name(kind)}, found true/false", field)
    if not isinstance(value, kind):
        raise where.error(f"expected {_type_name(kind)}, found {type(value).__name__} "
                          f"({value!r:.40})", field)
    if isinstance(value, str) and not value.strip():
        raise where.error("must not be empty", field)
    if allowed is not None:
        allowed = list(allowed)
        if value not in allowed:
            raise where.error(f"{value!r} is not one of {', '.join(map(repr, allowed))}", field)
    return value


def check_keys(mapping: Mapping, known: Iterable[str], where: Where) -> None:
    """Reject unknown fields: a typo such as 'feedbak' should fail loudly, not vanish."""
    unknown = sorted(set(mapping) - set(known))
    if unknown:
        raise where.error(f"unknown field(s) {', '.join(unknown)}; "
                          f"expected some of {', '.join(sorted(known))}")


def text(value: str) -> str:
    """Normalise YAML block text: strip outer whitespace, keep paragraphs."""
    return value.strip()
