"""Put the steps in order: each step has Move up / Move down buttons (keyboard and pointer
alike, no dragging), Check my order gives feedback for each step out of place, and the
order is saved in the learner's progress."""

from __future__ import annotations

import ipywidgets as W

from hrcourse.content.sequence import Sequence, find_sequence
from hrcourse.logic import sequence as logic
from hrcourse.markup import inline, paragraphs
from hrcourse.records import SEQUENCE
from hrcourse.widgets.common import box, html_widget, load, save


def _button_class(step_id: str, direction: str) -> str:
    return f"hr-seq-{direction}-{step_id}"


class SequenceExercise:
    """`.move(step_id, ±1)` and `.check()` drive it from tests as the buttons would."""

    def __init__(self, seq: Sequence):
        from hrcourse.keyboard import keys_stay_here

        self.seq = seq
        self.order = self._restored_order()
        self.result: logic.Check | None = None
        self.header = html_widget(
            f"<h4>Put the steps in order: {inline(seq.title)}</h4>{paragraphs(seq.intro)}"
            "<p><em>Use Move up and Move down to change a step's place, then Check my "
            "order.</em></p>")
        self.rows = W.VBox()
        self.check_button = W.Button(description="Check my order", button_style="primary",
                                     tooltip="See which steps are in the right place, and why",
                                     layout=W.Layout(width="12em"))
        self.check_button.on_click(lambda _: self.check())
        self.feedback = html_widget()
        self.status = html_widget()
        self.source = html_widget(box(f"<small>Source: {inline(seq.source)}</small>", "note"))
        self.keys = keys_stay_here()
        self.widget = W.VBox([self.header, self.rows, self.check_button, self.feedback,
                              self.status, self.source, self.keys],
                             layout=W.Layout(border="1px solid #bbb", padding="0.6em"))
        saved = load(SEQUENCE, seq.id) or {}
        if saved.get("checked") is not None:
            self.result = logic.check(seq, self.order)
        self._render()

    def _restored_order(self) -> list[str]:
        saved = load(SEQUENCE, self.seq.id) or {}
        try:
            return logic.validate(self.seq, saved.get("order") or [])
        except logic.OrderError:  # nothing saved, or the steps were edited since: start over
            return list(self.seq.start)

    # actions ---------------------------------------------------------------------
    def move(self, step_id: str, delta: int) -> None:
        self.order = logic.move(self.seq, self.order, step_id, delta)
        self.result = None
        self._save()
        self._render()
        position = self.order.index(step_id) + 1
        short = self.seq.step(step_id).short
        self.keys.message = f"“{short}” is now step {position} of {len(self.order)}."
        # The row was redrawn: keep the keyboard's focus on the moved step's button, or its
        # other button once it reaches an end (a disabled button cannot hold the focus).
        at_end = (delta < 0 and position == 1) or (delta > 0 and position == len(self.order))
        direction = ("down" if delta < 0 else "up") if at_end else ("up" if delta < 0 else "down")
        self.keys.move_focus(f"button.{_button_class(step_id, direction)}")

    def check(self) -> logic.Check:
        self.result = logic.check(self.seq, self.order)
        self._save()
        self._render()
        self.keys.message = self.result.summary()
        return self.result

    # display ---------------------------------------------------------------------
    def _save(self) -> None:
        record = {"order": list(self.order),
                  "checked": None if self.result is None else self.result.correct}
        problem = save(SEQUENCE, self.seq.id, record)
        self.status.value = f"<p>{inline(problem)}</p>" if problem else ""

    def _render(self) -> None:
        placements = {p.step_id: p for p in self.result.placements} if self.result else {}
        rows = []
        n = len(self.order)
        for i, step_id in enumerate(self.order, start=1):
            step = self.seq.step(step_id)
            text = f"<p><strong>{i}.</strong> {inline(step.text)}</p>"
            placed = placements.get(step_id)
            if placed is not None:
                text += (box(f"✔ <strong>In the right place.</strong> {inline(placed.why)}",
                             "note") if placed.right else
                         box(f"✘ <strong>Goes {placed.direction}.</strong> {inline(placed.why)}",
                             "feedback"))
            buttons = []
            for label, delta, direction, disabled in (("Move up", -1, "up", i == 1),
                                                      ("Move down", 1, "down", i == n)):
                b = W.Button(description=label, disabled=disabled,
                             tooltip=f"{label}: “{step.short}” (now step {i} of {n})",
                             layout=W.Layout(width="7.5em"))
                b.add_class(_button_class(step_id, direction))
                b.add_class("hr-name-from-tooltip")  # a name that says which step (keyboard.py)
                b.on_click(lambda _, sid=step_id, d=delta: self.move(sid, d))
                buttons.append(b)
            # the text gives way in a narrow window; the buttons keep their width
            rows.append(W.HBox([W.HTML(text, layout=W.Layout(flex="1 1 auto", width="auto",
                                                             min_width="0")),
                                W.VBox(buttons, layout=W.Layout(flex="0 0 auto"))],
                               layout=W.Layout(border_bottom="1px solid #ddd",
                                               align_items="center")))
        self.rows.children = tuple(rows)
        if self.result is None:
            self.feedback.value = ""
        elif self.result.all_right:
            self.feedback.value = box(f"<strong>✔ {inline(self.result.summary())}</strong> "
                                      "Why each step comes where it does is shown under it.",
                                      "feedback")
        else:
            self.feedback.value = box(f"<strong>◐ {inline(self.result.summary())}</strong> "
                                      "Read the reason under each step marked ✘, move it, and "
                                      "check again.", "feedback")


def show(sequence_id: str) -> W.VBox:
    return SequenceExercise(find_sequence(sequence_id)).widget
