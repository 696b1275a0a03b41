"""Put-in-order exercises as content (data/sequences.yml): the steps in their right order,
each with the reason it belongs where it does, and the shuffled order a learner starts from."""

from __future__ import annotations

from pydantic import Field, model_validator

from hrcourse.content.base import ContentModel, find_in, load, unique

SOURCE = "sequences.yml"
Text = Field(min_length=1)


class Step(ContentModel):
    id: str = Text
    short: str = Field(min_length=1, max_length=40)
    text: str = Text
    why: str = Text


class Sequence(ContentModel):
    id: str = Text
    lesson: str = Field(pattern=r"^\d\d$")
    objective: str = Field(pattern=r"^\d\d\.\d+$")
    title: str = Text
    intro: str = Text
    source: str = Text
    steps: list[Step] = Field(min_length=3)
    start: list[str]

    @model_validator(mode="after")
    def _consistent(self):
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError("two steps share an id")
        if sorted(self.start) != sorted(ids):
            raise ValueError(f"start must list every step once ({', '.join(ids)})")
        if self.start == ids:
            raise ValueError("start is already the right order; shuffle it")
        if not self.objective.startswith(f"{self.lesson}."):
            raise ValueError(f"objective {self.objective} is not one of lesson {self.lesson}'s")
        return self

    @property
    def order(self) -> list[str]:
        return [s.id for s in self.steps]

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


class Sequences(ContentModel):
    sequences: list[Sequence] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        unique([s.id for s in self.sequences], "sequence ids")
        return self


def load_sequences() -> Sequences:
    return load(Sequences, SOURCE)


def find_sequence(sequence_id: str) -> Sequence:
    """The sequence with this id, or a ContentError naming the ids that exist."""
    from hrcourse.content import data_dir

    return find_in(load_sequences().sequences, sequence_id, "sequence", data_dir() / SOURCE)
