"""Reading a learner's choice however it was typed: "b", " B ", "B)", "b.", "a, c"."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPLIT = re.compile(r"[\s,;/&+]+|\band\b", re.IGNORECASE)
_TRIM = re.compile(r"^[\s(\[\"']+|[\s)\].:\"']+$")


class ChoiceError(ValueError):
    """The answer names an option that does not exist; the message says which are valid."""


def parse_choice_ids(raw: object, valid: Iterable[str], many: bool = False) -> list[str]:
    """Turn raw input into a list of valid option ids (lowercase), in option order.

    Accepts a string or any iterable of strings. Empty input gives an empty list.
    Unknown options raise ChoiceError with a message a learner can act on.
    """
    valid_ids = [v.lower() for v in valid]
    if raw is None:
        return []
    if isinstance(raw, str):
        pieces = [raw] if not many else _SPLIT.split(raw)
    else:
        try:
            pieces = [str(p) for p in raw]  # type: ignore[union-attr]
        except TypeError:
            pieces = [str(raw)]
    chosen = []
    for piece in pieces:
        token = _TRIM.sub("", str(piece)).strip().lower()
        if not token:
            continue
        if token not in valid_ids:
            raise ChoiceError(f"'{str(piece).strip()}' is not one of the options "
                              f"({', '.join(valid_ids)}).")
        chosen.append(token)
    if not many and len(set(chosen)) > 1:
        raise ChoiceError("Choose only one option.")
    return [v for v in valid_ids if v in chosen]
