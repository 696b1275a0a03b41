"""A learner's run through a case vignette: choosing, retrying, moving on, openness.

The vignette itself (scenes, responses, the rules every vignette keeps) is the content
model in hrcourse/content/vignette.py; this module holds only the rules of a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hrcourse.content.vignette import OPENNESS_MAX, OPENNESS_MIN, Choice, Scene, Vignette

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
