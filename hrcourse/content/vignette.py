"""Case vignettes (data/vignettes/<id>.yml): the model, its rules, and the loader.

A vignette is a small graph of scenes. A decision scene offers 3-4 clinician
responses; each response carries feedback, the principle it illustrates, how it
changes the client's openness, and the scene it leads to. A scene without
choices ends the vignette. Every response leads to a scene that exists, no path
loops, every scene can be reached, and every path takes at least MIN_DECISIONS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, StringConstraints, model_validator

from hrcourse.content import ContentError, data_dir, load_yaml
from hrcourse.content.base import Code, ContentModel, Invalid, Items, by_id, parse, unique

OPENNESS_MIN, OPENNESS_MAX = 0, 10
MIN_DECISIONS = 3
FOLDER = Path("vignettes")


class Choice(ContentModel):
    id: Annotated[str, StringConstraints(to_lower=True)]
    text: str
    fit: Literal["strong", "partial", "weak"]
    principle: str
    feedback: str
    reaction: str
    openness: int = Field(description="change of the client's openness, -3 to +3")
    next: str = Field(description="the scene this response leads to")

    @model_validator(mode="after")
    def _small_change(self) -> Choice:
        if not -3 <= self.openness <= 3:
            raise Invalid(f"openness change must be between -3 and +3, found "
                          f"{self.openness}", field="openness")
        return self


class Scene(ContentModel):
    text: str
    client_says: str | None = None
    objective: str | None = None
    choices: Items[Choice] = ()
    _id: str = PrivateAttr("")
    positional: ClassVar[frozenset[str]] = frozenset({"choices"})

    @property
    def id(self) -> str:
        return self._id

    @property
    def is_end(self) -> bool:
        return not self.choices

    def choice(self, choice_id: str) -> Choice:
        return by_id(self.choices, choice_id, f"choice in scene '{self.id}'")

    @model_validator(mode="after")
    def _a_real_decision(self) -> Scene:
        if not self.choices:
            return self
        if not 3 <= len(self.choices) <= 4:
            raise Invalid(f"a decision point needs 3 or 4 responses, found "
                          f"{len(self.choices)}", field="choices")
        unique((c.id for c in self.choices), "choice ids", field="choices")
        if not any(c.fit == "strong" for c in self.choices):
            raise Invalid("no response is marked fit: strong; every decision needs a best "
                          "response", field="choices")
        return self


class Client(ContentModel):
    name: str
    age: int
    summary: str


class Vignette(ContentModel):
    id: str
    title: str
    lesson: Code
    fictional_note: str = Field(description="must say plainly that the client is fictional")
    client: Client
    setting: str
    openness_start: int
    start: str = Field(description="the first scene's id")
    scenes: dict[str, Scene]

    @property
    def objectives(self) -> set[str]:
        return {s.objective for s in self.scenes.values() if s.objective}

    @model_validator(mode="before")
    @classmethod
    def _scene_ids_are_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("scenes"), dict):
            return {**data, "scenes": {str(k): v for k, v in data["scenes"].items()}}
        return data

    @model_validator(mode="after")
    def _a_forward_graph(self) -> Vignette:
        for sid, scene in self.scenes.items():
            scene._id = sid
            for n, c in enumerate(scene.choices, 1):
                if c.next not in self.scenes:
                    raise Invalid(f"leads to scene '{c.next}', which does not exist "
                                  f"(scenes: {', '.join(sorted(self.scenes))})",
                                  entry=f"scene {sid} > choice {n}", field="next")
        if self.start not in self.scenes:
            raise Invalid(f"start scene '{self.start}' does not exist", field="start")
        if not OPENNESS_MIN <= self.openness_start <= OPENNESS_MAX:
            raise Invalid(f"must be between {OPENNESS_MIN} and {OPENNESS_MAX}",
                          field="openness_start")
        if "fictional" not in self.fictional_note.lower():
            raise Invalid("must say plainly that the client is fictional",
                          field="fictional_note")
        _check_graph(self)
        return self


def _check_graph(v: Vignette) -> None:
    """Every scene reachable, no loops, every path through at least MIN_DECISIONS."""
    state: dict[str, str] = {}

    def visit(sid: str) -> None:
        if state.get(sid) == "open":
            raise Invalid("responses loop back to this scene; a vignette must always move "
                          "forward", entry=f"scene {sid}")
        if state.get(sid) == "done":
            return
        state[sid] = "open"
        for c in v.scenes[sid].choices:
            visit(c.next)
        state[sid] = "done"

    visit(v.start)
    unreachable = sorted(set(v.scenes) - set(state))
    if unreachable:
        raise Invalid(f"scene(s) {', '.join(unreachable)} cannot be reached from the start "
                      f"scene", field="scenes")
    # Shortest number of decisions to each scene (breadth-first from the start).
    fewest = {v.start: 0}
    queue = [v.start]
    for sid in queue:
        for c in v.scenes[sid].choices:
            if c.next not in fewest:
                fewest[c.next] = fewest[sid] + 1
                queue.append(c.next)
    for sid, depth in fewest.items():
        if v.scenes[sid].is_end and depth < MIN_DECISIONS:
            raise Invalid(f"this ending is reached after only {depth} decision(s); every "
                          f"path needs at least {MIN_DECISIONS}", entry=f"scene {sid}")


def vignette_from_dict(raw: object, source: Path | str) -> Vignette:
    return parse(Vignette, raw, source)


def vignette_path(vignette_id: str) -> Path:
    return FOLDER / f"{vignette_id}.yml"


def vignette_ids() -> list[str]:
    return sorted(p.stem for p in (data_dir() / FOLDER).glob("*.yml"))


def load_vignette(vignette_id: str) -> Vignette:
    relative = vignette_path(vignette_id)
    if not (data_dir() / relative).exists():
        raise ContentError(relative, f"no vignette called '{vignette_id}' "
                                     f"(available: {', '.join(vignette_ids()) or 'none'})")
    vignette = vignette_from_dict(load_yaml(relative), relative)
    if vignette.id != vignette_id:
        raise ContentError(relative, f"the file is named for '{vignette_id}' but its id is "
                                     f"'{vignette.id}'", field="id")
    return vignette
