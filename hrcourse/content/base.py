"""The base of every content model: fields declared once (pydantic v2), errors in the
course's one format (file, entry, field, what is wrong).

A content kind is a `ContentModel` subclass: each field once, with its type and
constraints; rules across fields as validators. `parse` and `load` turn pydantic's
errors into a `ContentError` that names the file, the entry (by its id where it has one)
and the field, so an author sees "data/vignettes/x.yml, entry 'scene open > choice b',
field 'next': ..." whatever the kind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from hrcourse.content import ContentError, data_dir, load_yaml

M = TypeVar("M", bound=BaseModel)


class ContentModel(BaseModel):
    """Unknown fields are errors (a typo such as 'feedbak' must not vanish); models are
    read-only once loaded; YAML's 3 is accepted where a number is expected, but "3" is
    not (strict types, so an author's mistake is named, not guessed)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              str_strip_whitespace=True)


_PROBLEMS = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
    "string_too_short": "must not be empty",
    "model_type": "expected a mapping (key: value lines)",
    "dict_type": "expected a mapping (key: value lines)",
    "list_type": "expected a list",
}


def _describe(raw: Any, loc: tuple) -> tuple[str | None, str | None]:
    """(entry, field) for a pydantic error location, naming list items by their id."""
    parts: list[str] = []
    node = raw
    for i, step in enumerate(loc[:-1]):
        nxt = node[step] if isinstance(node, (dict, list)) and _has(node, step) else None
        if isinstance(step, int):
            ident = nxt.get("id") if isinstance(nxt, dict) else None
            label = (f"{_singular(loc[i - 1])} {ident}" if ident is not None and i
                     else f"item {step + 1}")
            parts[-1:] = [label] if parts and i and parts[-1] == str(loc[i - 1]) else [label]
        else:
            parts.append(str(step))
        node = nxt
    last = loc[-1] if loc else None
    if isinstance(last, int):
        ident = node[last].get("id") if isinstance(node, list) and _has(node, last) \
            and isinstance(node[last], dict) else None
        parts.append(str(ident) if ident is not None else f"item {last + 1}")
        last = None
    return (" > ".join(parts) or None), (str(last) if last is not None else None)


def _singular(name: Any) -> str:
    name = str(name)
    return name[:-1] if name.endswith("s") else name


def _has(node: Any, step: Any) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(step, int) and 0 <= step < len(node)


def parse(model: type[M], raw: Any, file: Path | str, entry: str | None = None) -> M:
    """Validate `raw` (already read from `file`) as `model`; the first problem becomes a
    ContentError in the course's format."""
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        inner, field = _describe(raw, tuple(first["loc"]))
        where = " > ".join(p for p in (entry, inner) if p) or None
        problem = _PROBLEMS.get(first["type"], first["msg"])
        if first["type"] == "value_error":  # a validator's own sentence
            problem = str(first.get("ctx", {}).get("error", first["msg"]))
        raise ContentError(file, problem, entry=where, field=field) from None


def load(model: type[M], relative: str | Path) -> M:
    """Read data/<relative> (cached until it changes) and validate it as `model`."""
    return parse(model, load_yaml(relative), data_dir() / relative)
