"""The case vignette player: scene, responses, feedback, client reaction, openness, summary."""

from __future__ import annotations

import html
import re

import ipywidgets as W

from hrcourse.content.vignette import OPENNESS_MAX, Choice, Vignette, load_vignette
from hrcourse.logic import vignette as logic
from hrcourse.markup import inline, paragraphs
from hrcourse.records import VIGNETTE
from hrcourse.widgets.common import FIT_LABEL, box, html_widget, load, save


def openness_html(history: list[int]) -> str:
    """The openness indicator as text and bars: readable without colour or a chart."""
    now = history[-1]
    change = now - history[-2] if len(history) > 1 else 0
    sign = f" ({change:+d} after your last response)" if len(history) > 1 else ""
    meter = "▮" * now + "▯" * (OPENNESS_MAX - now)
    bars = "".join(
        f'<span title="step {i}: {v}/10" style="display:inline-block;width:10px;'
        f'height:{4 + 3 * v}px;background:#0072B2;margin-right:2px;vertical-align:bottom;">'
        f"</span>" for i, v in enumerate(history))
    trail = " → ".join(str(v) for v in history)
    return (f'<div class="hr-openness" aria-label="Client openness {now} of 10">'
            f"<strong>Client's openness to talk: {now}/10</strong>{sign}<br>"
            f'<span style="font-family:monospace;font-size:1.2em;">{meter}</span><br>'
            f"<small>Over time:</small> {bars} <small>({trail})</small></div>")


class VignettePlayer:
    """Drive it as a learner would: `.choose("b")`, `.continue_()`, `.restart()`."""

    def __init__(self, vignette: Vignette):
        self.v = vignette
        saved = load(VIGNETTE, vignette.id)
        self.run = logic.Run.from_dict(vignette, saved)
        self.header = html_widget(
            f"<h3>Case: {html.escape(vignette.title)}</h3>"
            + box(f"<em>{inline(vignette.fictional_note)}</em>", "note")
            + f"<p><strong>{html.escape(vignette.client.name)}, {vignette.client.age}.</strong> "
            f"{inline(vignette.client.summary)}</p>{paragraphs(vignette.setting)}")
        self.scene = html_widget()
        self.choices = W.VBox()
        self.feedback = html_widget()
        self.openness = html_widget()
        self.continue_button = W.Button(description="Continue →", button_style="primary",
                                        tooltip="Keep this response and go on")
        self.continue_button.on_click(lambda _: self.continue_())
        self.restart_button = W.Button(description="Start the case again",
                                       tooltip="Clear your path through this case")
        self.restart_button.on_click(lambda _: self.restart())
        self.restart_button.add_class("hr-restart")
        self.status = html_widget()
        self._rows_scene: str | None = None
        self._rows: dict[str, tuple[W.Button, W.HTML]] = {}
        from hrcourse.keyboard import keys_stay_here

        self.keys = keys_stay_here()  # keys stay in the widget; feedback is read out
        self.widget = W.VBox([self.header, self.openness, self.scene, self.choices,
                              self.feedback, self.continue_button, self.status,
                              self.restart_button, self.keys],
                             layout=W.Layout(border="1px solid #bbb", padding="0.6em"))
        self._render()

    # actions ---------------------------------------------------------------------
    def choose(self, choice_id: str) -> Choice:
        choice = self.run.choose(choice_id)
        self._save()
        self._render()
        self.keys.message = (f"Response {choice_id.upper()}: {FIT_LABEL[choice.fit]}. "
                             f"How {self.v.client.name} reacts: {choice.reaction}")
        return choice

    def continue_(self) -> None:
        if self.run.pending is None:
            self.status.value = "<p>Choose a response first.</p>"
            return
        self.run.advance()
        self._save()
        self._render()
        self._focus_next()

    def restart(self) -> None:
        self.run.restart()
        self._save()
        self._render()
        self._focus_next()

    def _focus_next(self) -> None:
        """The Continue button has just disappeared: the keyboard's focus goes to the new
        scene's first response, or at the end to "Start the case again"."""
        if self.run.scene.choices and not self.run.finished:
            self.keys.move_focus(f"button.{_respond_class(self.run.scene.id)}")
        else:
            self.keys.move_focus("button.hr-restart")

    # display ---------------------------------------------------------------------
    def _save(self) -> None:
        problem = save(VIGNETTE, self.v.id, self.run.to_dict())
        self.status.value = f"<p>{inline(problem)}</p>" if problem else ""

    def _render(self) -> None:
        scene = self.run.scene
        self.openness.value = openness_html(self.run.openness_history)
        text = paragraphs(scene.text)
        if scene.client_says:
            said = scene.client_says.strip().strip('"“”').strip()  # we add the quote marks
            text += box(f"<strong>{html.escape(self.v.client.name)}:</strong> "
                        f"“{inline(said)}”", "quote")
        step = len(self.run.steps) + 1
        self.scene.value = (f"<h4>{'The end of this case' if scene.is_end else f'Decision {step}'}"
                            f"</h4>{text}")
        if scene.is_end:
            self.choices.children = ()
            self._rows_scene = None
            self.feedback.value = self._summary_html()
            self.continue_button.layout.display = "none"
            return
        if self._rows_scene != scene.id:  # build the response rows once per scene
            self._rows = {}
            for c in scene.choices:
                button = W.Button(description=f"Respond {c.id.upper()}",
                                  # the title is read as the button's description:
                                  # which response, not just its letter
                                  tooltip=f"Respond {c.id.upper()}: {c.text}"[:300],
                                  layout=W.Layout(width="8.5em", flex="0 0 auto"))
                button.add_class(_respond_class(scene.id))
                button.on_click(lambda _, cid=c.id: self.choose(cid))
                self._rows[c.id] = (button, html_widget())
            self.choices.children = tuple(
                W.HBox(list(pair), layout=W.Layout(align_items="center"))
                for pair in self._rows.values())
            self._rows_scene = scene.id
        for c in scene.choices:  # then only restyle them: a click stays fast
            button, text = self._rows[c.id]
            chosen = c.id == self.run.pending
            button.button_style = "info" if chosen else ""
            mark = " <em>(your current choice)</em>" if chosen else (
                " <em>(tried)</em>" if c.id in self.run.tried else "")
            text.value = f"<p>{inline(c.text)}{mark}</p>"
        if self.run.pending is None:
            self.feedback.value = "<p><em>Choose how you would respond.</em></p>"
            self.continue_button.layout.display = "none"
        else:
            c = scene.choice(self.run.pending)
            self.feedback.value = box(
                f"<p><strong>{FIT_LABEL[c.fit]}</strong> · Principle: {inline(c.principle)}</p>"
                f"{paragraphs(c.feedback)}"
                f"<p><strong>How {html.escape(self.v.client.name)} reacts:</strong> "
                f"{inline(c.reaction)}</p><p><em>You can try another response before you "
                f"continue.</em></p>", "feedback")
            self.continue_button.layout.display = None

    def _summary_html(self) -> str:
        s = self.run.summary()
        rows = "".join(
            f"<tr><td>{i}</td><td>{inline(c.text)}</td><td>{FIT_LABEL[c.fit]}</td>"
            f"<td>{inline(c.principle)}</td><td>{len(tried)}</td></tr>"
            for i, (_, c, tried) in enumerate(s.rows, 1))
        met = "".join(f"<li>{inline(p)}</li>" for p in s.principles_met) or "<li>none yet</li>"
        revisit = "".join(f"<li>{inline(p)}</li>" for p in s.principles_to_revisit)
        revisit_html = (f"<p><strong>Principles to revisit:</strong></p><ul>{revisit}</ul>"
                        if revisit else "")
        return box(
            f"<h4>Your path through the case</h4><p>Strong responses: {s.strong_choices} of "
            f"{len(s.rows)} decisions. Openness went from {s.openness[0]} to "
            f"{s.openness[-1]} (out of 10).</p>"
            f'<table><thead><tr><th>#</th><th>Your response</th><th>How it landed</th>'
            f"<th>Principle</th><th>Responses tried</th></tr></thead><tbody>{rows}</tbody>"
            f"</table><p><strong>Principles you put into practice:</strong></p><ul>{met}</ul>"
            f"{revisit_html}", "feedback")


def _respond_class(scene_id: str) -> str:
    """A CSS class naming one scene's response buttons (scene ids are free text)."""
    return "hr-respond-" + re.sub(r"[^A-Za-z0-9_-]", "-", scene_id)


def show(vignette_id: str) -> W.VBox:
    return VignettePlayer(load_vignette(vignette_id)).widget
