"""Which variant of each quiz slot a student sees, and in what order its options come.

The draw is a pure function of the assignment, the student's id (nbgrader's student id: the
hub user name on a hub), the term salt the instructor sets, and the slot: the student's
notebook and the grader compute the same draw independently, and the grader never takes it
from anything the student wrote. A new salt each term gives a new draw, so a key posted
once does not serve later terms.

SHA-256 over the joined fields, not `random`: the result must be the same on every
Python version and platform, for as long as a gradebook is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

_SEP = "\x1f"  # a field separator no id or salt contains (ids are checked by the models)


def _number(*fields: str) -> int:
    return int.from_bytes(hashlib.sha256(_SEP.join(fields).encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Drawn:
    variant: str
    order: tuple[str, ...]  # option ids in the order shown; displayed letters a, b, c... follow it


def variant_for(salt: str, assignment: str, student: str, slot: str,
                variant_ids: Sequence[str]) -> str:
    if not variant_ids:
        raise ValueError(f"slot {slot!r} has no variants")
    return variant_ids[_number(salt, assignment, student, slot) % len(variant_ids)]


def option_order(salt: str, assignment: str, student: str, slot: str, variant: str,
                 option_ids: Sequence[str], shuffle: bool = True) -> tuple[str, ...]:
    if not shuffle:
        return tuple(option_ids)
    return tuple(sorted(option_ids,
                        key=lambda o: (_number(salt, assignment, student, slot, variant, o), o)))


def draw(salt: str, assignment: str, student: str, slot: str,
         variants: dict[str, Sequence[str]], shuffle: bool = True) -> Drawn:
    """`variants`: variant id -> its option ids, in the order written."""
    chosen = variant_for(salt, assignment, student, slot, list(variants))
    return Drawn(chosen, option_order(salt, assignment, student, slot, chosen,
                                      variants[chosen], shuffle))


def letters(order: Sequence[str]) -> dict[str, str]:
    """Displayed letter -> option id, for a drawn order."""
    return {chr(ord("a") + i): option for i, option in enumerate(order)}
