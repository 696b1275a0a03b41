"""The relapse-prevention plan builder: one saved text box per section, and an export."""

from __future__ import annotations

import ipywidgets as W

from hrcourse.content.relapse_plan import load_template
from hrcourse.export import write_relapse_plan
from hrcourse.markup import inline, paragraphs
from hrcourse.records import RELAPSE_PLAN
from hrcourse.widgets.common import box, html_widget, load, options_style, save
from hrcourse.widgets.downloads import download_link


class PlanBuilder:
    def __init__(self):
        self.template = load_template()
        self.inputs: dict[str, W.Textarea] = {}
        blocks = [options_style(), html_widget(box(paragraphs(self.template.intro), "note"))]
        for s in self.template.sections:
            area = W.Textarea(value=load(RELAPSE_PLAN, s.id) or "", continuous_update=False,
                              placeholder="Write here…", layout=W.Layout(width="100%",
                                                                        height="5em"))
            area.add_class("hr-field")  # a focus outline that can be seen (OPTIONS_CSS)
            area.observe(lambda change, sid=s.id: self._save(sid, change["new"]), names="value")
            self.inputs[s.id] = area
            examples = "".join(f"<li>{inline(e)}</li>" for e in s.examples)
            blocks += [html_widget(f"<h4>{inline(s.title)}</h4>{paragraphs(s.prompt)}"
                                   + (f"<details><summary>Examples</summary><ul>{examples}"
                                      f"</ul></details>" if examples else "")), area]
        self.button = W.Button(description="Export my plan", button_style="primary")
        self.button.on_click(lambda _: self.export())
        self.status = html_widget()
        self.widget = W.VBox(blocks + [self.button, self.status],
                             layout=W.Layout(border="1px solid #bbb", padding="0.6em"))

    def _save(self, section_id: str, value: str) -> None:
        problem = save(RELAPSE_PLAN, section_id, value)
        self.status.value = f"<p>{inline(problem)}</p>" if problem else ""

    def answers(self) -> dict[str, str]:
        return {sid: area.value for sid, area in self.inputs.items()}

    def export(self):
        for sid, value in self.answers().items():
            self._save(sid, value)
        try:
            path = write_relapse_plan(self.template, self.answers())
        except OSError as err:
            self.status.value = f"<p>ℹ Could not write the plan ({inline(str(err))}).</p>"
            return None
        self.status.value = (f"<p>✔ Saved to <code>{inline(str(path))}</code>. "
                             f"{download_link(path, 'text/markdown')}</p>")
        return path


def show() -> W.VBox:
    return PlanBuilder().widget
