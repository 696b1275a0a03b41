"""A reflection prompt with a text box that saves to the learner's own progress file."""

from __future__ import annotations

import time

import ipywidgets as W

from hrcourse import syllabus
from hrcourse.markup import inline, paragraphs
from hrcourse.records import REFLECTION
from hrcourse.widgets.common import box, html_widget, load, options_style, save


class Reflection:
    def __init__(self, key: str, prompt: str):
        self.key = key
        saved = load(REFLECTION, key) or {}
        self.text = W.Textarea(value=saved.get("text", ""), placeholder="Write here…",
                               continuous_update=False,
                               layout=W.Layout(width="100%", height="10em"),
                               description="")
        self.text.add_class("hr-field")  # a focus outline that can be seen (OPTIONS_CSS)
        self.text.observe(lambda _c: self.save(), names="value")
        self.button = W.Button(description="Save my reflection", button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.status = html_widget(f"<p><em>Last saved {saved['saved_at']}.</em></p>"
                                  if saved.get("saved_at") else "")
        self.widget = W.VBox([
            options_style(),
            html_widget(box(f"<h4>Reflection</h4>{paragraphs(prompt)}<p><small>Your answer is "
                            "saved only in your own progress file on this computer; it is "
                            "never sent anywhere.</small></p>", "note")),
            self.text, self.button, self.status])

    def save(self) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M")
        problem = save(REFLECTION, self.key, {"text": self.text.value, "saved_at": stamp})
        self.status.value = (f"<p>{inline(problem)}</p>" if problem
                             else f"<p><em>✔ Saved {stamp}.</em></p>")


def show(lesson_id: str) -> W.VBox:
    return Reflection(lesson_id, syllabus.lesson(lesson_id).reflection).widget
