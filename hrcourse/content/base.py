"""The base of every content model: fields declared once (pydantic v2), errors in the
course's one format (file, entry, field, what is wrong).

A content kind is a `ContentModel` subclass: each field once, with its type and
constraints; rules across fields as validators. `parse` and `load` turn pydantic's
errors into a `ContentError` that names the file, the entry (by its id where it has one)
and the field, so an author sees "data/vignettes/x.yml, entry 'scene open > choice 2',
field 'next': ..." whatever the kind. A validator that knows better where a problem
lies raises `Invalid(problem, entry=..., field=...)`.
"""

from __future__ import annotations

import datetime
import types
import typing
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from hrcourse.content import ContentError, load_yaml

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class ContentModel(BaseModel):
    """Unknown fields are errors (a typo such as 'feedbak' must not vanish); models are
    read-only once loaded; YAML's 3 is accepted where a number is expected, but "3" is
    not (strict types, so an author's mistake is named, not guessed). Text is stripped
    and must not be empty; a field left blank in YAML (`field:`) counts as missing.

    `positional`: list fields whose items an error names by position ("choice 2")
    rather than by id, for kinds whose ids are mere letters."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              str_strip_whitespace=True, str_min_length=1)
    positional: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None}
        return data


class Invalid(ValueError):
    """A rule across fields is broken; `entry` (below the validated model) and `field`
    say where, so the message points at the line the author must change."""

    def __init__(self, problem: str, entry: str | None = None, field: str | None = None):
        super().__init__(problem)
        self.problem, self.entry, self.field = problem, entry, field


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _as_text(value: Any) -> Any:
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)
    return value


# A YAML list read into an immutable tuple.
Items = Annotated[tuple[T, ...], BeforeValidator(_tuple)]
# Text that YAML may have read as a number or date (lesson "01" written as 1, 2024-05-01).
Code = Annotated[str, BeforeValidator(_as_text),
                 WithJsonSchema({"type": ["string", "number"]})]


def unique(values: typing.Iterable[Any], what: str, field: str | None = None,
           entry: str | None = None) -> None:
    """Raise Invalid when `values` repeat, naming the repeated ones."""
    seen: set = set()
    repeated = [v for v in values if v in seen or seen.add(v)]
    if repeated:
        raise Invalid(f"{what} repeat: {', '.join(map(str, dict.fromkeys(repeated)))}",
                      entry=entry, field=field)


def by_id(entries: typing.Sequence[Any], ident: str, what: str) -> Any:
    """The entry of `entries` whose id is `ident`; KeyError naming the known ids."""
    for entry in entries:
        if entry.id == ident:
            return entry
    raise KeyError(f"no {what} '{ident}' (known: {', '.join(e.id for e in entries)})")


def find_in(entries: typing.Sequence[Any], ident: str, what: str, file: Path | str) -> Any:
    """by_id for a loader's callers: a ContentError naming the file and the known ids."""
    try:
        return by_id(entries, ident, what)
    except KeyError as err:
        raise ContentError(file, err.args[0]) from None


# -- pydantic's errors in the course's format -----------------------------------------

_TYPE_NAMES = {"string_type": "text", "int_type": "a whole number", "float_type": "a number",
               "bool_type": "true or false", "list_type": "a list", "tuple_type": "a list",
               "dict_type": "a mapping (key: value lines)",
               "model_type": "a mapping (key: value lines)",
               "model_attributes_type": "a mapping (key: value lines)",
               "int_from_float": "a whole number"}


def _problem(error: dict) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected {_TYPE_NAMES[kind]}"
    if kind in _TYPE_NAMES:
        found = "true/false" if isinstance(value, bool) else \
            f"{type(value).__name__} ({value!r:.40})"
        return f"expected {_TYPE_NAMES[kind]}, found {found}"
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
        return f"{value!r} is not one of {expected}"
    if kind == "value_error":  # a validator's own sentence
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return error["msg"]


def _unwrap(tp: Any) -> Any:
    """The model, list or dict type behind Annotated[...] and X | None."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def _locate(model: type[BaseModel], raw: Any, loc: tuple,
            rule: bool = False) -> tuple[list[str], str | None, str, Any]:
    """(entry parts, field, problem prefix, the type reached) for a pydantic error
    location: list items
    and mapping entries are named like 'scene open' or 'option 2', never 'scenes.3'.
    `rule`: the error is a validator's, so a location ending at a nested model names
    that model as the entry (its own rule), not as a field."""
    parts: list[str] = []
    field: str | None = None
    prefix = ""
    tp: Any = model
    owner: Any = model
    name = ""
    node = raw
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if _is_model(tp) and isinstance(step, str):
            if step not in tp.model_fields:
                field = step
                break
            if last:  # a field, or a nested model's own rule (then an entry)
                if rule and _is_model(_unwrap(tp.model_fields[step].annotation)):
                    parts.append(step)
                else:
                    field = step
                break
            owner, name = tp, step
            parts.append(step)
            tp = tp.model_fields[step].annotation
            node = node.get(step) if isinstance(node, dict) else None
        elif origin in (list, tuple) and isinstance(step, int):
            item = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
            inner = _unwrap(typing.get_args(tp)[0])
            if not _is_model(inner):  # a list of plain values: the field, item N
                field, prefix = name, f"item {step + 1}: "
                parts.pop()
                break
            ident = item.get("id") if isinstance(item, dict) else None
            by_position = ident is None or name in getattr(owner, "positional", ())
            parts[-1] = f"{_singular(name)} {step + 1 if by_position else ident}"
            tp, node = inner, item
        elif origin is dict:
            if step == "[key]":
                break
            parts[-1] = f"{_singular(name)} {step}"
            tp = typing.get_args(tp)[1]
            if not _is_model(_unwrap(tp)):
                field = name
                parts.pop()
                prefix = f"{step}: "
                break
            node = node.get(step) if isinstance(node, dict) else None
        else:  # a union's branch tag and the like
            continue
    return parts, field, prefix, tp


def parse(model: type[M], raw: Any, file: Path | str, entry: str | None = None,
          context: dict[str, Any] | None = None) -> M:
    """Validate `raw` (already read from `file`) as `model`; the first problem becomes a
    ContentError in the course's format. Unknown fields are reported first (a typo
    explains the 'missing' field that usually comes with it). `context` reaches the
    validators (what other files declare, e.g. the criteria a case may tick)."""
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        first = unknown[0] if unknown else errors[0]
        loc = tuple(first["loc"])
        parts, field, prefix, reached = _locate(model, raw, loc,
                                                first["type"] == "value_error")
        problem = prefix + _problem(first)
        if unknown:
            others = [str(e["loc"][-1]) for e in unknown[1:]
                      if tuple(e["loc"][:-1]) == loc[:-1]]
            known = sorted(n for n, f in reached.model_fields.items() if not f.exclude)
            problem = "unknown field" + (f" (and {', '.join(others)})" if others else "") \
                + f"; expected some of {', '.join(known)}"
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, Invalid):
            problem = cause.problem
            if cause.entry:
                parts.append(cause.entry)
            field = cause.field or field
        where = " > ".join(p for p in (entry, *parts) if p) or None
        raise ContentError(file, problem, entry=where, field=field) from None


def load(model: type[M], relative: str | Path) -> M:
    """Read data/<relative> (cached until it changes) and validate it as `model`."""
    return parse(model, load_yaml(relative), Path(relative))
