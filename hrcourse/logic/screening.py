"""Scoring a screening tool (AUDIT-C, DAST-10, TAPS-1) from answers as data, with the published
cut-offs, and explaining the result in words that never read as a diagnosis.

Pure: it receives the tool (hrcourse.content.screening.Tool) and the answers, does no file
I/O, and raises ScreeningInputError with a sentence naming the tool, the question and what
is allowed when an answer cannot be scored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hrcourse.content.screening import Band, Tool

NOT_A_DIAGNOSIS = ("A screening result is a reason for a conversation, never a diagnosis: only "
                   "a full assessment can say whether there is a substance use disorder.")
SEX_LABEL = {"female": "women", "male": "men"}


class ScreeningInputError(ValueError):
    """An answer or a cut-off choice that cannot be scored; the message says which and why."""


@dataclass(frozen=True)
class Score:
    tool_id: str
    answered: dict[str, int]  # question id -> points, for the questions answered
    missing: tuple[str, ...]  # question ids not answered yet, in the tool's order
    total: int
    max_score: int
    band: Band | None  # None until every question is answered

    @property
    def complete(self) -> bool:
        return not self.missing


def _check_sex(tool: Tool, sex: str | None) -> str | None:
    if not tool.sex_specific:
        return None
    if sex not in SEX_LABEL:
        cutoffs = ", ".join(f"{SEX_LABEL[s]}: {_cutoff_text(tool, s)}" for s in SEX_LABEL)
        shown = "nothing" if sex is None else repr(sex)
        raise ScreeningInputError(
            f"{tool.name}: the published cut-offs differ by sex ({cutoffs}); choose 'female' "
            f"or 'male' for the cut-off (got {shown}).")
    return sex


def _cutoff_text(tool: Tool, sex: str) -> str:
    """The lowest score of the highest-risk band for this sex, e.g. '3 or more'."""
    top = max((b for b in tool.bands if b.sex == sex), key=lambda b: b.min)
    return f"{top.min} or more"


def score(tool: Tool, answers: Mapping[str, str], sex: str | None = None) -> Score:
    """Add up the points of the chosen options. Unknown questions or options, and a missing
    or unknown sex for a tool with sex-specific cut-offs, raise ScreeningInputError; questions
    not answered yet are listed in `missing` and leave the band empty."""
    sex = _check_sex(tool, sex)
    unknown = [q for q in answers if tool.question(q) is None]
    if unknown:
        raise ScreeningInputError(
            f"{tool.name}: no question {unknown[0]!r}; the questions are "
            f"{', '.join(q.id for q in tool.questions)}.")
    points: dict[str, int] = {}
    for question in tool.questions:
        chosen = answers.get(question.id)
        if chosen is None:
            continue
        option = question.option(chosen)
        if option is None:
            raise ScreeningInputError(
                f"{tool.name}, question {question.id}: {chosen!r} is not one of its answers "
                f"({', '.join(o.id for o in question.options)}).")
        points[question.id] = option.points
    missing = tuple(q.id for q in tool.questions if q.id not in points)
    total = sum(points.values())
    band = None if missing else band_for(tool, total, sex)
    return Score(tool.id, points, missing, total, tool.max_score, band)


def band_for(tool: Tool, total: int, sex: str | None = None) -> Band:
    """The published band that holds `total` (for `sex` where the cut-offs differ)."""
    sex = _check_sex(tool, sex)
    if not 0 <= total <= tool.max_score:
        raise ScreeningInputError(f"{tool.name}: a score must be from 0 to {tool.max_score} "
                                  f"(got {total}).")
    return next(b for b in tool.bands if b.sex == sex and b.min <= total <= b.max)


def explain(tool: Tool, result: Score, sex: str | None = None) -> str:
    """The result in plain words: the score, the band and what it means, the next step, and
    that it is not a diagnosis. Names the questions still unanswered when incomplete."""
    return " ".join(p for p in explain_parts(tool, result, sex) if p)


def explain_parts(tool: Tool, result: Score, sex: str | None = None) -> tuple[str, str]:
    """`explain` in two parts: the headline (score and band, or what is missing) and the
    rest, so that a widget can set the headline apart."""
    if not result.complete:
        numbers = ", ".join(str(n) for n, q in enumerate(tool.questions, start=1)
                            if q.id in result.missing)
        return (f"{tool.name}: {len(result.missing)} of {len(tool.questions)} questions are not "
                f"answered yet (question {numbers}).",
                "Answer every question before reading a score.")
    band = result.band
    assert band is not None
    if tool.screens_each_question:
        topics = positive_topics(tool, result)
        which = (f"Positive for: {', '.join(topics)}. " if topics
                 else "Negative for every substance asked about. ")
        return (f"{tool.name}: {band.level}.",
                f"{which}{band.meaning} Next step: {band.next_step} {NOT_A_DIAGNOSIS}")
    cutoff = f"The published cut-off for {SEX_LABEL[sex]} is {_cutoff_text(tool, sex)}. " \
        if tool.sex_specific and sex in SEX_LABEL else ""
    return (f"{tool.name} score: {result.total} of {result.max_score}. {band.level}.",
            f"{cutoff}{band.meaning} Next step: {band.next_step} {NOT_A_DIAGNOSIS}")


def positive_topics(tool: Tool, result: Score) -> list[str]:
    """In a tool that screens each question on its own, the topics (substances) whose answer
    was positive, in the tool's order."""
    return [q.topic or q.id for q in tool.questions if result.answered.get(q.id, 0) > 0]


@dataclass(frozen=True)
class Coding:
    """How the learner coded one of the client's answers against the key."""

    question: str
    chosen: str | None
    expected: str
    why: str

    @property
    def right(self) -> bool:
        return self.chosen == self.expected


def check_coding(tool: Tool, answers: Mapping[str, str]) -> list[Coding]:
    """For each question, whether the learner picked the option that fits what the fictional
    client said, with the reason from the content."""
    return [Coding(a.question, answers.get(a.question), a.answer, a.why)
            for a in tool.client.answers]


def client_key(tool: Tool) -> dict[str, str]:
    """The answers that fit what the fictional client said."""
    return {a.question: a.answer for a in tool.client.answers}
