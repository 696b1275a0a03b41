"""Clinician stance self-assessment: Likert items by domain, scores, readings, pre/post.

A reflective tool written for this course, not a validated instrument. Higher
domain scores mean a stance closer to harm-reduction and trauma-informed practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hrcourse.content import Where, check_keys, load_yaml, require, text

SOURCE = Path("stance.yml")
SCALE = (1, 2, 3, 4, 5)
LOW, HIGH = 2.5, 4.0  # domain means below LOW or at/above HIGH get a tailored prompt


@dataclass(frozen=True)
class Domain:
    id: str
    label: str
    low_prompt: str
    high_prompt: str


@dataclass(frozen=True)
class StanceItem:
    id: str
    domain: str
    text: str
    reverse: bool


@dataclass(frozen=True)
class Instrument:
    note: str
    scale_labels: tuple[str, ...]
    domains: tuple[Domain, ...]
    items: tuple[StanceItem, ...]

    def domain(self, domain_id: str) -> Domain:
        return next(d for d in self.domains if d.id == domain_id)


def load_instrument() -> Instrument:
    raw = load_yaml(SOURCE)
    where = Where(SOURCE)
    check_keys(raw, {"note", "scale_labels", "domains", "items"}, where)
    labels = tuple(require(raw, "scale_labels", list, where))
    if len(labels) != len(SCALE):
        raise where.error(f"needs {len(SCALE)} labels, one per point", "scale_labels")
    domains = []
    for i, d in enumerate(require(raw, "domains", list, where)):
        dw = where.at(f"domains[{i}]")
        check_keys(d, {"id", "label", "low_prompt", "high_prompt"}, dw)
        domains.append(Domain(require(d, "id", str, dw), require(d, "label", str, dw),
                              text(require(d, "low_prompt", str, dw)),
                              text(require(d, "high_prompt", str, dw))))
    domain_ids = [d.id for d in domains]
    items = []
    for i, it in enumerate(require(raw, "items", list, where)):
        iw = where.at(f"items[{i}]")
        check_keys(it, {"id", "domain", "text", "reverse"}, iw)
        items.append(StanceItem(require(it, "id", str, iw),
                                require(it, "domain", str, iw, allowed=domain_ids),
                                text(require(it, "text", str, iw)),
                                require(it, "reverse", bool, iw, default=False)))
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise where.error("item ids repeat", "items")
    empty = [d for d in domain_ids if not any(i.domain == d for i in items)]
    if empty:
        raise where.error(f"domain(s) without items: {', '.join(empty)}", "items")
    return Instrument(text(require(raw, "note", str, where)), labels, tuple(domains),
                      tuple(items))


def item_score(item: StanceItem, answer: int) -> int:
    if answer not in SCALE:
        raise ValueError(f"answer must be one of {SCALE}, got {answer!r}")
    return (SCALE[-1] + SCALE[0] - answer) if item.reverse else answer


def domain_scores(instrument: Instrument, answers: dict[str, int]) -> dict[str, float]:
    """Mean item score per domain over answered items; unanswered domains are left out."""
    totals: dict[str, list[int]] = {}
    for item in instrument.items:
        answer = answers.get(item.id)
        if answer in SCALE:
            totals.setdefault(item.domain, []).append(item_score(item, answer))
    return {d.id: round(sum(totals[d.id]) / len(totals[d.id]), 2)
            for d in instrument.domains if d.id in totals}


def band(score: float) -> str:
    return "low" if score < LOW else "high" if score >= HIGH else "middle"


def reading(instrument: Instrument, scores: dict[str, float]) -> list[tuple[Domain, float, str]]:
    """(domain, score, prompt) for each scored domain; middle scores get a general prompt."""
    out = []
    for domain in instrument.domains:
        if domain.id not in scores:
            continue
        score = scores[domain.id]
        kind = band(score)
        prompt = {"low": domain.low_prompt, "high": domain.high_prompt}.get(
            kind, "Your answers here were mixed. Which statement did you hesitate over, "
                  "and what would help you decide?")
        out.append((domain, score, prompt))
    return out


def compare(pre: dict[str, float], post: dict[str, float]) -> list[tuple[str, float, float, float]]:
    """(domain id, pre, post, change) for domains scored both times."""
    return [(d, pre[d], post[d], round(post[d] - pre[d], 2)) for d in pre if d in post]
