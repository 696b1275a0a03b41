"""The knowledge check's rules: which form a learner takes when, scoring, Hake's normalized
gain, per-objective before and after, and what to review. Pure: no files, no widgets; the
forms come in as models (hrcourse.content.knowledge_check) and the saved attempts as
plain dicts (the progress records).

A saved attempt (a record of kind hrcourse.records.KNOWLEDGE_CHECK, key "pre" or "post"):

    {"form": "A", "answers": {"A01": "b", "A02": "a,c"},
     "fingerprints": {"A01": "3f9c...", ...}, "submitted_at": "2026-11-30T10:00:00Z"}

The fingerprints are those of the items as the learner saw them. An item edited since
(another stem, options or key: a new fingerprint) or removed is set aside: it counts in
neither score of the comparison, and the learner is told so. The after-check is scored on
the form as it is when it is taken.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hrcourse.content.knowledge_check import FORMS, CheckItem, KnowledgeCheck, other_form

PRE, POST = "pre", "post"


# -- counterbalancing -----------------------------------------------------------------

def assign(saved: dict | None, rng: random.Random | None = None) -> dict[str, str]:
    """Which form comes before and which after: the saved assignment if there is a valid
    one, else a new one drawn at random (half the learners start with A, half with B)."""
    if isinstance(saved, dict) and saved.get(PRE) in FORMS \
            and saved.get(POST) == other_form(saved[PRE]):
        return {PRE: saved[PRE], POST: saved[POST]}
    first = (rng or random.Random()).choice(FORMS)
    return {PRE: first, POST: other_form(first)}


def attempt(form: str, items: list[CheckItem], answers: dict[str, str], when: str) -> dict:
    """The record to save when a learner submits a form."""
    ids = {i.id for i in items}
    return {"form": form, "answers": {k: v for k, v in answers.items() if k in ids and v},
            "fingerprints": {i.id: i.fingerprint() for i in items}, "submitted_at": when}


# -- scoring --------------------------------------------------------------------------

def is_correct(item: CheckItem, given: str | None) -> bool:
    """All or nothing: a tick-all item is right only when exactly the keyed options are
    ticked (so a one-answer and a tick-all position weigh the same in a score)."""
    if not given:
        return False
    return frozenset(p.strip() for p in given.split(",") if p.strip()) == item.keys


@dataclass(frozen=True)
class ItemResult:
    position: int  # 1-based, the same in both forms
    item: CheckItem
    given: str | None
    correct: bool
    changed: bool = False  # edited or removed since the attempt: left out of comparisons


@dataclass(frozen=True)
class FormScore:
    form: str
    results: list[ItemResult]

    @property
    def counted(self) -> list[ItemResult]:
        return [r for r in self.results if not r.changed]

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.counted)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0


def score(check: KnowledgeCheck, record: dict) -> FormScore:
    """Score a saved attempt against the form as it is now; items edited or removed since
    are marked changed (the learner's answer belongs to another version)."""
    if check.keys_withheld:
        raise ValueError("in this class your instructor grades the knowledge check; its keys "
                         "are not on this computer")
    form = record.get("form")
    if form not in FORMS:
        raise ValueError(f"a saved knowledge-check attempt names form {form!r}; "
                         f"expected one of {', '.join(FORMS)}")
    answers = record.get("answers") or {}
    prints = record.get("fingerprints") or {}
    results = []
    for position, item in enumerate(check.form(form), start=1):
        seen = prints.get(item.id)
        # Edited since the attempt, or added since (a position the learner never saw).
        changed = (seen != item.fingerprint()) if seen is not None else bool(prints)
        given = answers.get(item.id)
        results.append(ItemResult(position, item, given,
                                  not changed and is_correct(item, given), changed))
    return FormScore(form, results)


# -- gain -----------------------------------------------------------------------------

def normalized_gain(pre: float, post: float) -> float | None:
    """Hake's normalized gain g = (post - pre) / (1 - pre), shares between 0 and 1: the
    part of what there was left to learn that was learned. None when the pre-test was
    already perfect (nothing was left to gain; g is undefined, not zero). Negative when
    the post-test is lower."""
    if not (0 <= pre <= 1 and 0 <= post <= 1):
        raise ValueError(f"scores must be shares between 0 and 1 (pre {pre}, post {post})")
    if pre >= 1:
        return None
    return (post - pre) / (1 - pre)


@dataclass(frozen=True)
class ObjectiveRow:
    objective: str
    before: float | None  # share right before (None: no comparable pre-check item)
    after: float
    items: int


@dataclass(frozen=True)
class Review:
    objective: str
    text: str
    lesson: str
    title: str
    notebook: str


@dataclass
class Outcome:
    """What the learner sees at the end of the course."""

    post: FormScore
    pre: FormScore | None
    matched: list[int] = field(default_factory=list)  # positions compared before/after
    pre_matched: float | None = None
    post_matched: float | None = None
    gain: float | None = None
    objectives: list[ObjectiveRow] = field(default_factory=list)
    review: list[Review] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def gain_sentence(self) -> str:
        """The gain in plain words, including the cases where there is none."""
        if self.pre is None:
            return ("You did not take the before-check, so there is no gain to show: your "
                    "after-check score stands on its own.")
        if not self.matched:
            return ("None of the items you answered in the before-check can be compared "
                    "any more (they have changed), so there is no gain to show.")
        before, after = round(100 * self.pre_matched), round(100 * self.post_matched)
        if self.gain is None:
            return (f"Your before-check was already perfect ({before}%), so there was "
                    f"nothing left to gain; your after-check score is {after}%.")
        return (f"Before: {before}%. After: {after}%. Normalized gain: "
                f"{self.gain:.2f} (the share of what you had left to learn that you "
                f"learned; 1.00 would be everything, below 0 means a lower score).")


def outcome(check: KnowledgeCheck, post_record: dict, pre_record: dict | None,
            objective_texts: dict[str, str],
            lessons: dict[str, tuple[str, str]]) -> Outcome:
    """Scores, gain, per-objective rows and what to review.

    objective_texts: objective id -> its text; lessons: lesson id -> (title, notebook).
    Gain and per-objective rows use only the positions answered in both checks whose
    items are unchanged since the before-check; the after-check's own score uses all of
    its items.
    """
    post = score(check, post_record)
    pre = score(check, pre_record) if pre_record else None
    result = Outcome(post=post, pre=pre)
    if pre is not None:
        if pre.form == post.form:
            result.notes.append(f"Both checks used form {post.form}, so the after-check "
                                f"repeats the before-check's items; the gain is shown, but "
                                f"it may overstate what you learned.")
        left_out = [r.position for r in pre.results if r.changed]
        if left_out:
            result.notes.append(
                f"{len(left_out)} item(s) of your before-check changed after you took it "
                f"(position {', '.join(map(str, left_out))}), so the comparison leaves "
                f"{'it' if len(left_out) == 1 else 'them'} out.")
        by_position = {r.position: r for r in pre.counted}
        result.matched = [r.position for r in post.counted if r.position in by_position]
        if result.matched:
            n = len(result.matched)
            result.pre_matched = sum(by_position[p].correct for p in result.matched) / n
            result.post_matched = sum(post.results[p - 1].correct for p in result.matched) / n
            result.gain = normalized_gain(result.pre_matched, result.post_matched)
    result.objectives = _objective_rows(post, pre, set(result.matched))
    result.review = _review(post, objective_texts, lessons)
    return result


def _objective_rows(post: FormScore, pre: FormScore | None,
                    matched: set[int]) -> list[ObjectiveRow]:
    rows: dict[str, list[int]] = {}
    for r in post.counted:
        rows.setdefault(r.item.objective, []).append(r.position)
    out = []
    for objective, positions in rows.items():
        after = sum(post.results[p - 1].correct for p in positions) / len(positions)
        compared = [p for p in positions if p in matched]
        before = (sum(pre.results[p - 1].correct for p in compared) / len(compared)
                  if pre is not None and compared else None)
        out.append(ObjectiveRow(objective, before, after, len(positions)))
    return out


def _review(post: FormScore, objective_texts: dict[str, str],
            lessons: dict[str, tuple[str, str]]) -> list[Review]:
    """The objectives still missed in the after-check, each once, with its lesson."""
    out: dict[str, Review] = {}
    for r in post.counted:
        if r.correct or r.item.objective in out:
            continue
        lesson = r.item.objective.split(".")[0]
        title, notebook = lessons.get(lesson, (f"Lesson {lesson}", ""))
        out[r.item.objective] = Review(r.item.objective,
                                       objective_texts.get(r.item.objective, ""),
                                       lesson, title, notebook)
    return list(out.values())


def chart_description(result: Outcome) -> str:
    """The per-objective chart in words (its alternative text and caption)."""
    first = ("Per-objective results of the knowledge check, before and after the course, "
             "as the share of items right. ")
    parts = []
    for row in result.objectives:
        before = "not compared" if row.before is None else f"{round(100 * row.before)}%"
        parts.append(f"{row.objective}: before {before}, after {round(100 * row.after)}%")
    return first + "; ".join(parts) + "."


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def submitted(section: dict, when: str) -> dict | None:
    """The saved attempt `when` ("pre" or "post") if it was submitted, else None."""
    record = section.get(when) if isinstance(section, dict) else None
    return record if isinstance(record, dict) and record.get("submitted_at") else None


def summary_lines(section: dict, check: KnowledgeCheck, objective_texts: dict[str, str],
                  lessons: dict[str, tuple[str, str]]) -> list[str]:
    """Markdown lines for the exported summary from the saved KNOWLEDGE_CHECK records (no heading;
    empty if no check was submitted)."""
    pre, post = submitted(section, PRE), submitted(section, POST)
    if not (pre or post):
        return []
    if check.keys_withheld:  # a class: the instructor grades both forms in nbgrader
        return [f"- {name} (form {rec.get('form', '?')}) submitted "
                f"{str(rec['submitted_at'])[:10]}; your instructor grades it." for name, rec in
                (("Before-check", pre), ("After-check", post)) if rec] + [""]
    if not post:
        form = pre.get("form", "?")
        return [f"- Before-check (form {form}) submitted {str(pre['submitted_at'])[:10]}; "
                f"its score is shown with the after-check.", ""]
    try:
        result = outcome(check, post, pre, objective_texts, lessons)
    except ValueError as err:
        return [f"- (The knowledge check could not be scored: {err})", ""]
    lines = [f"- After-check (form {result.post.form}): {result.post.correct} of "
             f"{result.post.total} right ({percent(result.post.share)})"]
    if result.pre:
        lines += [f"- Before-check (form {result.pre.form}): {result.pre.correct} of "
                  f"{result.pre.total} right ({percent(result.pre.share)})"]
    lines += [f"- {result.gain_sentence()}"] + [f"- {n}" for n in result.notes]
    lines += ["", "| objective | before | after |", "|---|---|---|"]
    lines += [f"| {r.objective} | {percent(r.before)} | {percent(r.after)} |"
              for r in result.objectives]
    if result.review:
        lines += ["", "To review: " + "; ".join(
            f"{r.objective} (lesson {r.lesson} {r.title})" for r in result.review)]
    return lines + [""]
