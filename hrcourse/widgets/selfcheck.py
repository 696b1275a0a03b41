"""Self-check items: choose, check, read feedback, try again; the lesson score updates."""

from __future__ import annotations

import ipywidgets as W

from hrcourse.content.selfcheck import find_item, load_bank
from hrcourse.logic import selfcheck as logic
from hrcourse.markup import inline, paragraphs
from hrcourse.records import SELFCHECK
from hrcourse.widgets.common import (
    STATUS_LABEL,
    box,
    html_widget,
    load,
    options_style,
    save,
)

# Score lines per lesson in this kernel, so answering one item refreshes them all.
_score_lines: dict[str, list[W.HTML]] = {}


def _records(lesson: str) -> dict[str, dict]:
    from hrcourse import progress

    prefix = f"{lesson}/"
    return {k[len(prefix):]: v for k, v in progress.shared().section(SELFCHECK.section).items()
            if k.startswith(prefix)}


def _refresh_scores(lesson: str) -> None:
    line = logic.lesson_score(load_bank(lesson), _records(lesson)).line()
    for widget in _score_lines.get(lesson, []):
        widget.value = f"<p><em>{line}</em></p>"


class SelfCheck:
    """One item. `.choose(...)` and `.check()` drive it from tests as a click would."""

    def __init__(self, item: logic.Item, number: int | None = None):
        self.item = item
        label = f"Self-check {number}" if number else "Self-check"
        kind = ("Choose one answer." if item.kind == "single"
                else "Tick every option that applies.")
        self.stem = html_widget(f"<h4>{label}</h4>{paragraphs(item.stem)}<p><em>{kind}</em></p>")
        if item.kind == "single":
            self.selector = W.RadioButtons(
                options=[(f"{o.id}) {o.text}", o.id) for o in item.options], value=None,
                description="", layout=W.Layout(width="100%"))
            self.boxes = []
        else:
            self.boxes = [W.Checkbox(value=False, description=f"{o.id}) {o.text}", indent=False,
                                     layout=W.Layout(width="100%")) for o in item.options]
            self.selector = W.VBox(self.boxes)
        self.button = W.Button(description="Check my answer", button_style="primary",
                               tooltip="Check your answer and see feedback for each option")
        self.button.on_click(lambda _: self.check())
        self.feedback = html_widget()
        self.score = html_widget()
        _score_lines.setdefault(item.lesson, []).append(self.score)
        self.selector.add_class("hr-options")
        from hrcourse.keyboard import keys_stay_here

        self.keys = keys_stay_here()  # keys stay in the widget; the verdict is read out
        self.widget = W.VBox([options_style(), self.stem, self.selector, self.button,
                              self.feedback, self.score, self.keys],
                             layout=W.Layout(border="1px solid #bbb", padding="0.5em",
                                             margin="0.5em 0"))
        self._restore()

    def selection(self) -> list[str]:
        if self.item.kind == "single":
            return [self.selector.value] if self.selector.value else []
        return [o.id for o, b in zip(self.item.options, self.boxes, strict=True) if b.value]

    def choose(self, *option_ids: str) -> None:
        if self.item.kind == "single":
            self.selector.value = option_ids[0] if option_ids else None
        else:
            for option, box_ in zip(self.item.options, self.boxes, strict=True):
                box_.value = option.id in option_ids

    def check(self) -> logic.Result:
        result = logic.grade(self.item, self.selection())
        self.feedback.value = self._render(result)
        self.keys.message = f"{STATUS_LABEL[result.status]}. {result.message}"
        if result.status not in ("empty", "invalid"):
            key = f"{self.item.lesson}/{self.item.id}"
            previous = load(SELFCHECK, key) or {}
            record = {"selected": list(result.selected), "status": result.status,
                      "score": result.score, "attempts": previous.get("attempts", 0) + 1,
                      "first_status": previous.get("first_status", result.status)}
            problem = save(SELFCHECK, key, record)
            if problem:
                self.feedback.value += box(inline(problem), "note")
        _refresh_scores(self.item.lesson)
        return result

    def _render(self, result: logic.Result) -> str:
        head = f"<strong>{STATUS_LABEL[result.status]}.</strong> {inline(result.message)}"
        if not result.feedback:
            return box(head, "note")
        rows = "".join(
            f"<li><strong>{o.id})</strong> {'✔ applies' if o.correct else '✘ does not apply'}"
            f": {inline(o.feedback)}</li>" for o, _ in result.feedback)
        if result.status != "correct":
            head += " You can change your answer and check again."
        return box(f"{head}<ul>{rows}</ul>", "feedback")

    def _restore(self) -> None:
        saved = load(SELFCHECK, f"{self.item.lesson}/{self.item.id}")
        if saved and saved.get("selected"):
            try:
                self.choose(*saved["selected"])
                self.feedback.value = self._render(logic.grade(self.item, saved["selected"]))
            except Exception:  # saved answer no longer fits an edited item: start clean
                self.choose()
        _refresh_scores(self.item.lesson)


def show(lesson: str, item_id: str | None = None) -> W.VBox:
    items = load_bank(lesson)
    if item_id is not None:
        item = find_item(lesson, item_id)  # a clear error naming the known ids
        return SelfCheck(item, items.index(item) + 1).widget
    return W.VBox([SelfCheck(item, n).widget for n, item in enumerate(items, 1)])
