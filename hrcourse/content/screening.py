"""Screening tools as content (data/screening.yml): what each tool asks, the points of each
answer, the published score bands, and one fictional client whose answers the learner codes.

Each field is declared once here; rules across fields (bands that cover every possible
score once, a client who answers every question with an option that exists) are validators,
so a mistake in the data is named by file, entry and field before a learner sees it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from hrcourse.content.base import ContentModel, find_in, load, unique

SOURCE = "screening.yml"
Sex = Literal["female", "male"]
Text = Field(min_length=1)


class Option(ContentModel):
    id: str = Text
    label: str = Text
    points: int = Field(ge=0, le=10)


class Question(ContentModel):
    id: str = Text
    text: str = Text
    options: list[Option] = Field(min_length=2)
    topic: str | None = None  # what a positive answer is positive for, in tools that screen
    # each question on its own (e.g. "tobacco" in the TAPS-1)

    @model_validator(mode="after")
    def _options_unique(self):
        unique([o.id for o in self.options], "option ids")
        return self

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def most(self) -> int:
        return max(o.points for o in self.options)


class Band(ContentModel):
    """Scores from `min` to `max` (inclusive) mean `level`; `sex` only where the tool's
    published cut-offs differ by sex."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)
    sex: Sex | None = None
    level: str = Text
    meaning: str = Text
    next_step: str = Text

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError(f"band {self.min}-{self.max}: min is larger than max")
        return self


class ClientAnswer(ContentModel):
    question: str = Text
    says: str = Text
    answer: str = Text
    why: str = Text


class Client(ContentModel):
    name: str = Text
    age: int = Field(ge=12, le=100)
    sex: Sex
    summary: str = Text
    fictional_note: str = Text
    answers: list[ClientAnswer] = Field(min_length=1)

    @model_validator(mode="after")
    def _fictional(self):
        if "fictional" not in self.fictional_note.lower():
            raise ValueError("fictional_note must say that the client is fictional")
        return self


class Tool(ContentModel):
    id: str = Text
    name: str = Text
    full_name: str = Text
    asks: str = Text
    period: str = Text
    source: str = Text
    wording_note: str = Text
    sex_specific: bool
    # True where the published rule reads each question on its own (TAPS-1: any answer other
    # than "Never" is a positive screen for that substance). Options then score 0 (negative)
    # or 1 (positive), the total counts the positive questions, and the bands read that count.
    screens_each_question: bool = False
    questions: list[Question] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)
    client: Client

    @property
    def max_score(self) -> int:
        return sum(q.most for q in self.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @model_validator(mode="after")
    def _consistent(self):
        unique([q.id for q in self.questions], "question ids")
        if self.screens_each_question:
            self._each_question_is_a_screen()
        self._bands_cover_every_score()
        self._client_answers_every_question()
        return self

    def _bands_cover_every_score(self) -> None:
        sexes = ("female", "male") if self.sex_specific else (None,)
        for sex in sexes:
            if any(b.sex not in sexes for b in self.bands):
                raise ValueError("a tool without sex-specific cut-offs has bands without sex; "
                                 "one with them gives every band a sex (female or male)")
            bands = sorted((b for b in self.bands if b.sex == sex), key=lambda b: b.min)
            expected = 0
            for b in bands:
                if b.min != expected:
                    label = f" for {sex}" if sex else ""
                    raise ValueError(f"bands{label} leave a gap or overlap at score {expected} "
                                     f"(next band starts at {b.min})")
                expected = b.max + 1
            if expected != self.max_score + 1:
                label = f" for {sex}" if sex else ""
                raise ValueError(f"bands{label} end at {expected - 1}, but the highest possible "
                                 f"score is {self.max_score}")

    def _each_question_is_a_screen(self) -> None:
        for q in self.questions:
            if not q.topic:
                raise ValueError(f"question {q.id!r} needs a topic (what a positive answer is "
                                 f"positive for), since the tool screens each question")
            if {o.points for o in q.options} != {0, 1}:
                raise ValueError(f"question {q.id!r}: in a tool that screens each question, "
                                 f"options score 0 (negative) or 1 (positive), and both occur")

    def _client_answers_every_question(self) -> None:
        given = [a.question for a in self.client.answers]
        unique(given, "questions answered twice for the client")
        for a in self.client.answers:
            question = self.question(a.question)
            if question is None:
                raise ValueError(f"the client answers question {a.question!r}, which the tool "
                                 f"does not have")
            if question.option(a.answer) is None:
                raise ValueError(f"the client's answer {a.answer!r} to question {a.question!r} "
                                 f"is not one of its options "
                                 f"({', '.join(o.id for o in question.options)})")
        missing = [q.id for q in self.questions if q.id not in given]
        if missing:
            raise ValueError(f"the client gives no answer to question(s) {', '.join(missing)}")


class Screening(ContentModel):
    lesson: str = Field(pattern=r"^\d\d$")  # the lesson whose practice the scorer is
    note: str = Text
    tools: list[Tool] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_tools(self):
        unique([t.id for t in self.tools], "tool ids")
        return self


def load_screening() -> Screening:
    """data/screening.yml, validated (cached until the file changes)."""
    return load(Screening, SOURCE)


def find_tool(tool_id: str) -> Tool:
    """The tool with this id, or a ContentError naming the ids that exist."""
    from hrcourse.content import data_dir

    return find_in(load_screening().tools, tool_id, "screening tool", data_dir() / SOURCE)
