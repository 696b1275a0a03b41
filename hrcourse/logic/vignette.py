"""Case vignettes: the schema, validation on load, and a branching run through one.

A vignette is a small graph of scenes. A decision scene offers 3-4 clinician
responses; each response carries feedback, the principle it illustrates, how it
changes the client's openness, and the scene it leads to. A scene without
choices ends the vignette.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hrcourse.content import ContentError, Where, check_keys, load_yaml, require, text

FITS = ("strong", "partial", "weak")
OPENNESS_MIN, OPENNESS_MAX = 0, 10
MIN_DECISIONS = 3


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    fit: str
    principle: str
    feedback: str
    reaction: str
    openness: int
    next: str


@dataclass(frozen=True)
class Scene:
    id: str
    text: str
    client_says: str | None
    objective: str | None
    choices: tuple[Choice, ...]

    @property
    def is_end(self) -> bool:
        return not self.choices

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(f"scene '{self.id}' has no choice '{choice_id}' "
                       f"(choices: {', '.join(c.id for c in self.choices)})")


@dataclass(frozen=True)
class Vignette:
    id: str
    title: str
    lesson: str
    fictional_note: str
    client_name: str
    client_age: int
    client_summary: str
    setting: str
    openness_start: int
    start: str
    scenes: dict[str, Scene]

    @property
    def objectives(self) -> set[str]:
        return {s.objective for s in self.scenes.values() if s.objective}


def _choice(raw: dict, scene_ids: set[str], where: Where) -> Choice:
    check_keys(raw, {"id", "text", "fit", "principle", "feedback", "reaction", "openness",
                     "next"}, where)
    nxt = require(raw, "next", str, where)
    if nxt not in scene_ids:
        raise where.error(f"leads to scene '{nxt}', which does not exist "
                          f"(scenes: {', '.join(sorted(scene_ids))})", "next")
    delta = require(raw, "openness", int, where)
    if not -3 <= delta <= 3:
        raise where.error(f"openness change must be between -3 and +3, found {delta}",
                          "openness")
    return Choice(id=str(require(raw, "id", str, where)).strip().lower(),
                  text=text(require(raw, "text", str, where)),
                  fit=require(raw, "fit", str, where, allowed=FITS),
                  principle=text(require(raw, "principle", str, where)),
                  feedback=text(require(raw, "feedback", str, where)),
                  reaction=text(require(raw, "reaction", str, where)),
                  openness=delta, next=nxt)


def vignette_from_dict(raw: object, source: Path | str) -> Vignette:
    where = Where(source)
    if not isinstance(raw, dict):
        raise where.error("expected a mapping (the vignette's fields)")
    check_keys(raw, {"id", "title", "lesson", "fictional_note", "client", "setting",
                     "openness_start", "start", "scenes"}, where)
    scenes_raw = require(raw, "scenes", dict, where)
    scene_ids = {str(k) for k in scenes_raw}
    scenes: dict[str, Scene] = {}
    for sid, sraw in scenes_raw.items():
        sw = where.at(f"scene {sid}")
        check_keys(sraw or {}, {"text", "client_says", "objective", "choices"}, sw)
        choices_raw = require(sraw, "choices", list, sw, default=[])
        choices = tuple(_choice(c, scene_ids, sw.at(f"choice {i + 1}"))
                        for i, c in enumerate(choices_raw))
        if choices and not 3 <= len(choices) <= 4:
            raise sw.error(f"a decision point needs 3 or 4 responses, found {len(choices)}",
                           "choices")
        ids = [c.id for c in choices]
        if len(set(ids)) != len(ids):
            raise sw.error(f"choice ids repeat: {', '.join(ids)}", "choices")
        if choices and not any(c.fit == "strong" for c in choices):
            raise sw.error("no response is marked fit: strong; every decision needs a "
                           "best response", "choices")
        client_says = require(sraw, "client_says", str, sw, default=None)
        scenes[str(sid)] = Scene(id=str(sid), text=text(require(sraw, "text", str, sw)),
                                 client_says=text(client_says) if client_says else None,
                                 objective=require(sraw, "objective", str, sw, default=None),
                                 choices=choices)
    client = require(raw, "client", dict, where)
    cw = where.at("client")
    check_keys(client, {"name", "age", "summary"}, cw)
    start = require(raw, "start", str, where)
    if start not in scenes:
        raise where.error(f"start scene '{start}' does not exist", "start")
    openness = require(raw, "openness_start", int, where)
    if not OPENNESS_MIN <= openness <= OPENNESS_MAX:
        raise where.error(f"must be between {OPENNESS_MIN} and {OPENNESS_MAX}",
                          "openness_start")
    note = text(require(raw, "fictional_note", str, where))
    if "fictional" not in note.lower():
        raise where.error("must say plainly that the client is fictional", "fictional_note")
    vignette = Vignette(
        id=require(raw, "id", str, where), title=text(require(raw, "title", str, where)),
        lesson=str(require(raw, "lesson", (str, int), where)), fictional_note=note,
        client_name=require(client, "name", str, cw), client_age=require(client, "age", int, cw),
        client_summary=text(require(client, "summary", str, cw)),
        setting=text(require(raw, "setting", str, where)),
        openness_start=openness, start=start, scenes=scenes)
    _check_graph(vignette, where)
    return vignette


def _check_graph(v: Vignette, where: Where) -> None:
    """Every scene reachable, no loops, every path through at least MIN_DECISIONS."""
    state: dict[str, str] = {}

    def visit(sid: str) -> None:
        if state.get(sid) == "open":
            raise where.at(f"scene {sid}").error("responses loop back to this scene; "
                                                 "a vignette must always move forward")
        if state.get(sid) == "done":
            return
        state[sid] = "open"
        for c in v.scenes[sid].choices:
            visit(c.next)
        state[sid] = "done"

    visit(v.start)
    unreachable = sorted(set(v.scenes) - set(state))
    if unreachable:
        raise where.error(f"scene(s) {', '.join(unreachable)} cannot be reached from the "
                          f"start scene", "scenes")
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
            raise where.at(f"scene {sid}").error(
                f"this ending is reached after only {depth} decision(s); every path "
                f"needs at least {MIN_DECISIONS}")


def vignette_path(vignette_id: str) -> Path:
    return Path("vignettes") / f"{vignette_id}.yml"


def load_vignette(vignette_id: str) -> Vignette:
    from hrcourse.content import data_dir

    relative = vignette_path(vignette_id)
    if not (data_dir() / relative).exists():
        known = sorted(p.stem for p in (data_dir() / "vignettes").glob("*.yml"))
        raise ContentError(relative, f"no vignette called '{vignette_id}' "
                                     f"(available: {', '.join(known) or 'none'})")
    vignette = vignette_from_dict(load_yaml(relative), relative)
    if vignette.id != vignette_id:
        raise ContentError(relative, f"the file is named for '{vignette_id}' but its id is "
                                     f"'{vignette.id}'", field="id")
    return vignette


# -- a run through a vignette ----------------------------------------------------

@dataclass(frozen=True)
class Step:
    scene: str
    choice: str
    tried: tuple[str, ...]  # every response tried at this scene, in order
    openness: int  # after this step


@dataclass
class Run:
    """One learner's path. Choosing shows feedback; continuing commits the last choice."""

    vignette: Vignette
    scene_id: str = ""
    steps: list[Step] = field(default_factory=list)
    pending: str | None = None
    tried: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scene_id = self.scene_id or self.vignette.start

    @property
    def scene(self) -> Scene:
        return self.vignette.scenes[self.scene_id]

    @property
    def finished(self) -> bool:
        return self.scene.is_end

    @property
    def committed_openness(self) -> int:
        return self.steps[-1].openness if self.steps else self.vignette.openness_start

    @property
    def openness(self) -> int:
        """Openness now, counting a chosen but not yet committed response."""
        if self.pending is None:
            return self.committed_openness
        return _clamp(self.committed_openness + self.scene.choice(self.pending).openness)

    @property
    def openness_history(self) -> list[int]:
        history = [self.vignette.openness_start] + [s.openness for s in self.steps]
        if self.pending is not None:
            history.append(self.openness)
        return history

    def choose(self, choice_id: str) -> Choice:
        if self.finished:
            raise ValueError("the vignette has ended; start again to choose differently")
        choice = self.scene.choice(choice_id)
        self.pending = choice.id
        if choice.id not in self.tried:
            self.tried.append(choice.id)
        return choice

    def advance(self) -> Scene:
        if self.pending is None:
            raise ValueError("choose a response before moving on")
        choice = self.scene.choice(self.pending)
        self.steps.append(Step(self.scene_id, choice.id, tuple(self.tried),
                               _clamp(self.committed_openness + choice.openness)))
        self.scene_id, self.pending, self.tried = choice.next, None, []
        return self.scene

    def restart(self) -> None:
        self.scene_id, self.steps, self.pending, self.tried = self.vignette.start, [], None, []

    # persistence: plain dicts only
    def to_dict(self) -> dict:
        return {"scene": self.scene_id, "pending": self.pending, "tried": list(self.tried),
                "steps": [[s.scene, s.choice, list(s.tried), s.openness] for s in self.steps]}

    @classmethod
    def from_dict(cls, vignette: Vignette, saved: dict | None) -> Run:
        """Restore a saved run; anything that no longer fits the vignette starts afresh."""
        run = cls(vignette)
        if not saved:
            return run
        try:
            for scene, choice, tried, openness in saved.get("steps", []):
                if scene != run.scene_id:
                    raise ValueError
                run.tried = [t for t in tried if t in {c.id for c in run.scene.choices}]
                run.choose(choice)
                run.advance()
                if run.committed_openness != openness:
                    raise ValueError
            pending = saved.get("pending")
            for tried in saved.get("tried", []):
                run.choose(tried)
            if pending:
                run.choose(pending)
        except (ValueError, KeyError, TypeError):
            return cls(vignette)
        return run

    def summary(self) -> Summary:
        rows = []
        for step in self.steps:
            scene = self.vignette.scenes[step.scene]
            choice = scene.choice(step.choice)
            rows.append((scene, choice, step.tried))
        met = []
        for _, choice, _ in rows:
            if choice.fit == "strong" and choice.principle not in met:
                met.append(choice.principle)
        missed = []
        for scene, choice, _ in rows:
            if choice.fit != "strong":
                best = next(c for c in scene.choices if c.fit == "strong")
                if best.principle not in missed and best.principle not in met:
                    missed.append(best.principle)
        return Summary(rows=rows, principles_met=met, principles_to_revisit=missed,
                       openness=self.openness_history)


@dataclass(frozen=True)
class Summary:
    rows: list[tuple[Scene, Choice, tuple[str, ...]]]
    principles_met: list[str]
    principles_to_revisit: list[str]
    openness: list[int]

    @property
    def strong_choices(self) -> int:
        return sum(1 for _, c, _ in self.rows if c.fit == "strong")


def _clamp(value: int) -> int:
    return max(OPENNESS_MIN, min(OPENNESS_MAX, value))
