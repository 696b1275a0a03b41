"""Clinician stance self-assessment: scores, readings and the pre/post comparison over
the instrument (the content model in hrcourse/content/stance.py).

A reflective tool written for this course, not a validated instrument. Higher
domain scores mean a stance closer to harm-reduction and trauma-informed practice.
"""

from __future__ import annotations

from hrcourse.content.stance import SCALE, Domain, Instrument, StanceItem

LOW, HIGH = 2.5, 4.0  # domain means below LOW or at/above HIGH get a tailored prompt


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
