"""Put-the-steps-in-order exercises: moving a step, and checking an order with feedback for
each step that is out of place. Pure: it receives the Sequence model and plain lists."""

from __future__ import annotations

from collections.abc import Sequence as Seq
from dataclasses import dataclass

from hrcourse.content.sequence import Sequence


class OrderError(ValueError):
    """An order that is not the exercise's steps, each once; the message says what is off."""


def validate(seq: Sequence, order: Seq[str]) -> list[str]:
    """`order` as a list if it holds every step of `seq` exactly once, else OrderError."""
    order = list(order)
    known = set(seq.order)
    unknown = [s for s in order if s not in known]
    if unknown:
        raise OrderError(f"{seq.title}: no step {unknown[0]!r}; the steps are "
                         f"{', '.join(seq.order)}.")
    twice = sorted({s for s in order if order.count(s) > 1})
    if twice:
        raise OrderError(f"{seq.title}: step {twice[0]!r} appears more than once.")
    missing = [s for s in seq.order if s not in order]
    if missing:
        raise OrderError(f"{seq.title}: step(s) {', '.join(missing)} missing from the order.")
    return order


def move(seq: Sequence, order: Seq[str], step_id: str, delta: int) -> list[str]:
    """The order with `step_id` moved `delta` places (-1 up, +1 down), stopping at the ends."""
    order = validate(seq, order)
    if step_id not in order:
        raise OrderError(f"{seq.title}: no step {step_id!r}.")
    i = order.index(step_id)
    j = max(0, min(len(order) - 1, i + delta))
    order.insert(j, order.pop(i))
    return order


@dataclass(frozen=True)
class Placement:
    step_id: str
    short: str
    position: int  # 1-based, where the learner put it
    right_position: int  # 1-based, where it belongs
    why: str

    @property
    def right(self) -> bool:
        return self.position == self.right_position

    @property
    def direction(self) -> str:
        """'', 'earlier' or 'later': where the step should go, without giving the answer."""
        if self.right:
            return ""
        return "earlier" if self.right_position < self.position else "later"


@dataclass(frozen=True)
class Check:
    placements: tuple[Placement, ...]  # in the learner's order

    @property
    def correct(self) -> int:
        return sum(p.right for p in self.placements)

    @property
    def all_right(self) -> bool:
        return self.correct == len(self.placements)

    def summary(self) -> str:
        n = len(self.placements)
        if self.all_right:
            return f"All {n} steps are in the right order."
        moves = "; ".join(f"“{p.short}” goes {p.direction}"
                          for p in self.placements if not p.right)
        return f"{self.correct} of {n} steps are in the right place. {moves}."


def check(seq: Sequence, order: Seq[str]) -> Check:
    """Each step's place in `order` against its right place, with the reason it goes there."""
    order = validate(seq, order)
    right = {sid: i for i, sid in enumerate(seq.order, start=1)}
    return Check(tuple(Placement(sid, seq.step(sid).short, i, right[sid], seq.step(sid).why)
                       for i, sid in enumerate(order, start=1)))
