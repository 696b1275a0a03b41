"""Surface cues of multiple-choice items: what a test-wise student who knows nothing earns.

Each strategy looks only at the surface of an item (the options' lengths, their words, the
stem's words, the key's position) and picks an option, splitting its chance evenly among
options it cannot tell apart. Its expected score on an assignment is the mean, over slots,
of the mean over the slot's variants of the probability that it picks the key. Chance is
the same mean of 1/(number of options). The item-writing rules (Haladyna, Downing &
Rodriguez 2002; docs/authoring.md) ask that no strategy beats chance by more than 10 points.

Pure: plain values in, numbers out. Items are `Item`s; build them from any source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hrcourse.content.quiz_bank import QuizBank

# "Specific determiners": absolute words item writers put in distractors to make them wrong.
ABSOLUTES = ("always", "never", "only", "all", "any", "none", "every", "must")
# Hedges: qualifiers that make a statement defensible, and so make a key look right.
HEDGES = ("may", "can", "often", "usually", "some")
# Words too common to count as echoing the stem.
_STOP = frozenset("""a an the and or but of to in on at for with by from as is are was were be
been being it its this that these those he she they them his her their him you your we our i
me my do does did not no so if then than what which who whom how why when where there here
has have had will would should could about into over under after before more most less such
one two very just also""".split())
_WORD = re.compile(r"[a-z']+")
MAX_OVER_CHANCE = 0.10


@dataclass(frozen=True)
class Item:
    """One variant of a slot, as a test-wise student sees it."""
    stem: str
    options: dict[str, str]  # option id -> text, in the order written
    keys: frozenset[str]     # one id for single-answer items
    shuffled: bool = True    # options shown in a per-student order (position carries no cue)


@dataclass(frozen=True)
class Slot:
    id: str
    variants: tuple[Item, ...]


def bank_slots(bank: QuizBank) -> list[Slot]:
    """The click slots of a bank (hrcourse.content.quiz_bank) as the strategies see them."""
    return [Slot(s.id, tuple(Item(v.stem, dict(v.options), v.keys, s.shuffle)
                             for v in s.variants)) for s in bank.slots]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def has_any(text: str, vocabulary: Sequence[str]) -> bool:
    found = set(words(text))
    return any(w in found for w in vocabulary)


def _pick_among(item: Item, chosen: Sequence[str]) -> float:
    """P(key) when the strategy guesses evenly among `chosen` (all options if none)."""
    pool = list(chosen) or list(item.options)
    return sum(1 for o in pool if o in item.keys) / len(pool)


def length_rank(rank: int) -> Callable[[Item], float]:
    """Pick the option whose length is the rank-th largest (1 = longest); ties split."""
    def strategy(item: Item) -> float:
        lengths = sorted((len(t.strip()) for t in item.options.values()), reverse=True)
        if rank > len(lengths):
            return _pick_among(item, [])
        target = lengths[rank - 1]
        return _pick_among(item, [o for o, t in item.options.items()
                                  if len(t.strip()) == target])
    return strategy


def drop_absolutes(item: Item) -> float:
    return _pick_among(item, [o for o, t in item.options.items() if not has_any(t, ABSOLUTES)])


def prefer_hedges(item: Item) -> float:
    return _pick_among(item, [o for o, t in item.options.items() if has_any(t, HEDGES)])


def stem_echo(item: Item) -> float:
    """Pick the option sharing the most content words with the stem."""
    stem = {w for w in words(item.stem) if w not in _STOP}
    overlap = {o: len(stem & {w for w in words(t) if w not in _STOP})
               for o, t in item.options.items()}
    best = max(overlap.values())
    return _pick_among(item, [o for o, n in overlap.items() if n == best])


def position(index: int) -> Callable[[Item], float]:
    """Always pick the option in this position (0 = first); shuffled options: chance."""
    def strategy(item: Item) -> float:
        ids = list(item.options)
        if item.shuffled or index >= len(ids):
            return _pick_among(item, [])
        return _pick_among(item, [ids[index]])
    return strategy


def strategies(max_options: int) -> dict[str, Callable[[Item], float]]:
    named: dict[str, Callable[[Item], float]] = {}
    for r in range(1, max_options + 1):
        named[f"length rank {r} (1 = longest)"] = length_rank(r)
    named["drop options with absolute words"] = drop_absolutes
    named["prefer hedged options"] = prefer_hedges
    named["option echoing the stem"] = stem_echo
    for i in range(max_options):
        named[f"always position {i + 1}"] = position(i)
    return named


def expected_scores(slots: Sequence[Slot]) -> tuple[float, dict[str, float]]:
    """(chance, {strategy: expected fraction of single-answer slots right}).

    Tick-all slots are left out (a strategy there is a set, not an option): see
    `longest_is_key_share`."""
    single = [s for s in slots if s.variants and all(len(v.keys) == 1 for v in s.variants)]
    if not single:
        return 0.0, {}
    most = max(len(v.options) for s in single for v in s.variants)

    def mean_over(fn: Callable[[Item], float]) -> float:
        return sum(sum(fn(v) for v in s.variants) / len(s.variants) for s in single) / len(single)

    chance = mean_over(lambda v: 1 / len(v.options))
    return chance, {name: mean_over(fn) for name, fn in strategies(most).items()}


def longest_is_key_share(slots: Sequence[Slot]) -> float | None:
    """In tick-all slots: the share of variants whose longest option is a key (ties: the
    share of the tied options that are keys). None if there are no tick-all slots."""
    items = [v for s in slots for v in s.variants if len(v.keys) != 1]
    if not items:
        return None
    return sum(length_rank(1)(v) for v in items) / len(items)


def over_chance(slots: Sequence[Slot], limit: float = MAX_OVER_CHANCE) -> list[str]:
    """Every strategy that beats chance by more than `limit`, as readable lines."""
    chance, scores = expected_scores(slots)
    problems = [f"{name}: {score:.0%} against chance {chance:.0%}"
                for name, score in scores.items() if score > chance + limit]
    share = longest_is_key_share(slots)
    if share is not None and share > 0.5:
        problems.append(f"tick-all items: the longest option is a key {share:.0%} of the time "
                        "(at most 50%)")
    return problems
