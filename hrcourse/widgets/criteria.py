"""The DSM-5 criteria explorer and the lesson 05 classification cases."""

from __future__ import annotations

import ipywidgets as W

from hrcourse.content.criteria import load_cases, load_criteria
from hrcourse.logic import criteria as logic
from hrcourse.markup import inline, paragraphs
from hrcourse.records import CLASSIFY, CRITERIA
from hrcourse.widgets.common import (
    STATUS_LABEL,
    box,
    html_widget,
    load,
    options_style,
    save,
)

SEVERITY_TEXT = {
    "none": "No substance use disorder (fewer than 2 criteria count)",
    "mild": "Mild substance use disorder (2-3 criteria)",
    "moderate": "Moderate substance use disorder (4-5 criteria)",
    "severe": "Severe substance use disorder (6 or more criteria)",
}


def explain(evaluation: logic.Evaluation, criteria: logic.Criteria) -> str:
    """The result in plain words: count, severity, and why anything ticked was not counted."""
    names = {c.id: f"{c.number}. {c.text.split(' - ')[0]}" for c in criteria.criteria}
    parts = [f"<p><strong>Criteria that count: {evaluation.count} of 11.</strong> "
             f"Severity: <strong>{SEVERITY_TEXT[evaluation.severity]}</strong>.</p>"]
    if evaluation.excluded:
        listed = " and ".join(names[c].split(". ", 1)[1].rstrip(".").lower()
                              for c in evaluation.excluded)
        parts.append(box(f"<p><strong>Ticked but not counted:</strong> {inline(listed)}. "
                         f"</p>{paragraphs(criteria.supervision_note)}", "note"))
    parts.append(f"<p>In the course's terms: <strong>"
                 f"{logic.CLASS_LABELS[evaluation.classification]}</strong>.</p>")
    return "".join(parts)


class CriteriaExplorer:
    KEY = "state"

    def __init__(self):
        self.criteria = load_criteria()
        self.boxes: dict[str, W.Checkbox] = {}
        groups = []
        for gid, label in self.criteria.group_labels.items():
            members = [c for c in self.criteria.criteria if c.group == gid]
            checks = []
            for c in members:
                cb = W.Checkbox(value=False, description=f"{c.number}. {c.text}", indent=False,
                                layout=W.Layout(width="100%"))
                cb.observe(self._changed, names="value")
                self.boxes[c.id] = cb
                checks.append(cb)
            groups.append(W.VBox([html_widget(f"<h4>{inline(label)}</h4>"), *checks]))
        self.supervised = W.Checkbox(
            value=False, indent=False, layout=W.Layout(width="100%"),
            description="Taken only as prescribed, under appropriate medical supervision")
        self.supervised.observe(self._changed, names="value")
        self.preset_buttons = []
        for preset in self.criteria.presets:
            b = W.Button(description=f"Load: {preset.label}"[:60], tooltip=preset.label,
                         layout=W.Layout(width="auto"))
            b.on_click(lambda _, pid=preset.id: self.load_preset(pid))
            self.preset_buttons.append(b)
        clear = W.Button(description="Clear all", tooltip="Untick every criterion")
        clear.on_click(lambda _: self.set_state([], False))
        self.preset_text = html_widget()
        self.result = html_widget()
        self._quiet = False
        self.widget = W.VBox([
            options_style(),
            html_widget("<h3>DSM-5 substance use disorder criteria explorer</h3><p>Tick what "
                        "applies over the past 12 months, or load an example case. This is a "
                        "teaching tool, not a diagnostic instrument.</p>"),
            W.HBox(self.preset_buttons + [clear], layout=W.Layout(flex_flow="row wrap")),
            self.preset_text, *groups, html_widget("<h4>Context</h4>"), self.supervised,
            self.result], layout=W.Layout(border="1px solid #bbb", padding="0.6em"))
        self.widget.add_class("hr-options")
        saved = load(CRITERIA, self.KEY) or {}
        self.set_state([c for c in saved.get("checked", []) if c in self.boxes],
                       bool(saved.get("supervised", False)), save_it=False)

    def checked(self) -> list[str]:
        return [cid for cid, cb in self.boxes.items() if cb.value]

    def evaluation(self) -> logic.Evaluation:
        return logic.evaluate(self.checked(), self.supervised.value)

    def set_state(self, checked, supervised: bool, save_it: bool = True) -> None:
        self._quiet = True
        for cid, cb in self.boxes.items():
            cb.value = cid in checked
        self.supervised.value = supervised
        self._quiet = False
        self._update(save_it)

    def load_preset(self, preset_id: str) -> None:
        preset = self.criteria.preset(preset_id)
        self.preset_text.value = box(paragraphs(preset.description), "quote")
        self.set_state(preset.checked, preset.supervised)

    def _changed(self, _change) -> None:
        if not self._quiet:
            self._update(True)

    def _update(self, save_it: bool) -> None:
        self.result.value = box(explain(self.evaluation(), self.criteria), "feedback")
        if save_it:
            save(CRITERIA, self.KEY, {"checked": self.checked(),
                                          "supervised": self.supervised.value})


class CaseClassifier:

    def __init__(self, case: logic.Case, criteria: logic.Criteria, number: int):
        self.case, self.criteria = case, criteria
        self.choice = W.RadioButtons(options=[(logic.CLASS_LABELS[c], c) for c in logic.CLASSES],
                                     value=None, layout=W.Layout(width="100%"))
        self.button = W.Button(description="Check my answer", button_style="primary")
        self.button.on_click(lambda _: self.check())
        self.feedback = html_widget()
        self.choice.add_class("hr-options")
        self.widget = W.VBox([options_style(),
                              html_widget(f"<h4>Case {number}: {inline(case.title)}</h4>"
                                          f"{paragraphs(case.story)}"),
                              self.choice, self.button, self.feedback],
                             layout=W.Layout(border="1px solid #bbb", padding="0.5em",
                                             margin="0.4em 0"))
        saved = load(CLASSIFY, case.id)
        if saved and saved.get("answer") in logic.CLASSES:
            self.choice.value = saved["answer"]
            self.check(save_it=False)

    def check(self, save_it: bool = True) -> str:
        if self.choice.value is None:
            self.feedback.value = box("ℹ Choose one of the four answers first.", "note")
            return "empty"
        right = self.choice.value == self.case.answer
        status = "correct" if right else "incorrect"
        evaluation = logic.evaluate(self.case.checked, self.case.supervised)
        detail = explain(evaluation, self.criteria)
        tail = "" if right else " Have another look, then try again."
        self.feedback.value = box(f"<p><strong>{STATUS_LABEL[status]}.</strong>{tail}</p>"
                                  f"{paragraphs(self.case.explanation)}{detail}", "feedback")
        if save_it:
            save(CLASSIFY, self.case.id, {"answer": self.choice.value, "status": status})
        return status


def explorer() -> W.VBox:
    return CriteriaExplorer().widget


def classify_cases() -> W.VBox:
    criteria = load_criteria()
    cases = load_cases(logic.classify)
    intro = html_widget("<p>For each fictional case, decide which description fits. The "
                        "feedback shows how the DSM-5 count works out.</p>")
    return W.VBox([intro] + [CaseClassifier(c, criteria, n).widget
                             for n, c in enumerate(cases, 1)])
