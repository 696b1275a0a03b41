"""Stance self-assessment (pre or post), its profile chart and reading, and pre/post comparison."""

from __future__ import annotations

import ipywidgets as W

from hrcourse import plots
from hrcourse.content.stance import SCALE, load_instrument
from hrcourse.logic import stance as logic
from hrcourse.markup import inline
from hrcourse.records import STANCE
from hrcourse.widgets.common import box, html_widget, load, save

WHEN = {"pre": "start of the course", "post": "end of the course"}


class StanceSurvey:
    def __init__(self, when: str, review: bool = False):
        if when not in WHEN:
            raise ValueError(f"stance(...) takes 'pre' or 'post', not {when!r}")
        self.when = when
        self.instrument = load_instrument()
        saved = (load(STANCE, when) or {}).get("answers", {})
        options = [(label, value) for value, label in zip(SCALE,
                                                            self.instrument.scale_labels,
                                                            strict=True)]
        self.inputs: dict[str, W.ToggleButtons] = {}
        shown = ("<p><strong>Review only:</strong> these are your saved answers; they cannot "
                 "be changed here, so your starting point stays as it was.</p>" if review
                 else "")
        blocks = [html_widget(f"<h3>Your stance at the {WHEN[when]}</h3>"
                              + box(f"<em>{inline(self.instrument.note)}</em>{shown}", "note"))]
        for domain in self.instrument.domains:
            rows = [html_widget(f"<h4>{inline(domain.label)}</h4>")]
            for item in (i for i in self.instrument.items if i.domain == domain.id):
                given = saved.get(item.id)  # a saved answer off the scale is not shown
                toggle = W.ToggleButtons(options=options,
                                         value=given if given in SCALE else None,
                                         style={"button_width": "auto"}, disabled=review,
                                         tooltips=list(self.instrument.scale_labels))
                toggle.observe(lambda _c: self._save(), names="value")
                self.inputs[item.id] = toggle
                rows += [html_widget(f"<p>{inline(item.text)}</p>"), toggle]
            blocks.append(W.VBox(rows))
        self.button = W.Button(description="Show my profile", button_style="primary",
                               tooltip="See your scores per domain with prompts to reflect on")
        self.button.on_click(lambda _: self.show_profile())
        self.message = html_widget()
        self.output = W.Output()
        self.widget = W.VBox(blocks + [self.button, self.message, self.output],
                             layout=W.Layout(border="1px solid #bbb", padding="0.6em"))

    def answers(self) -> dict[str, int]:
        return {k: t.value for k, t in self.inputs.items() if t.value is not None}

    def set_answers(self, answers: dict[str, int]) -> None:
        for item_id, value in answers.items():
            self.inputs[item_id].value = value

    def scores(self) -> dict[str, float]:
        return logic.domain_scores(self.instrument, self.answers())

    def _save(self) -> None:
        problem = save(STANCE, self.when, {"answers": self.answers(), "scores": self.scores()})
        self.message.value = f"<p>{inline(problem)}</p>" if problem else ""

    def show_profile(self) -> list:
        answered, total = len(self.answers()), len(self.inputs)
        reading = logic.reading(self.instrument, self.scores())
        self.output.clear_output()
        if not reading:
            self.message.value = box("ℹ Answer at least one statement to see your profile.",
                                     "note")
            return []
        note = (f"You answered {answered} of {total} statements; domains without answers are "
                "left out." if answered < total else f"You answered all {total} statements.")
        self.message.value = f"<p>{note}</p>"
        with self.output:
            labels = [d.label for d, _, _ in reading]
            values = [s for _, s, _ in reading]
            fig = plots.hbar(labels, values, f"Stance profile ({WHEN[self.when]})",
                             "Average score (1-5; higher = closer to harm reduction)", (1, 5.6))
            top = max(reading, key=lambda r: r[1])
            low = min(reading, key=lambda r: r[1])
            plots.show(fig, f"Bar chart of your average score in {len(reading)} domains; "
                            f"highest: {top[0].label} ({top[1]:.1f}), lowest: {low[0].label} "
                            f"({low[1]:.1f}).")
            from IPython.display import HTML, display

            items = "".join(f"<li><strong>{inline(d.label)}: {s:.1f}</strong> "
                            f"({logic.band(s)}). {inline(p)}</li>" for d, s, p in reading)
            display(HTML(box(f"<h4>Reading your profile</h4><ul>{items}</ul>", "feedback")))
        return reading


def comparison() -> W.VBox:
    pre = (load(STANCE, "pre") or {}).get("answers", {})
    post = (load(STANCE, "post") or {}).get("answers", {})
    instrument = load_instrument()
    rows = logic.compare(logic.domain_scores(instrument, pre),
                         logic.domain_scores(instrument, post))
    if not rows:
        missing = " and ".join(w for w, a in (("start-of-course (lesson 00)", pre),
                                              ("end-of-course (above)", post)) if not a)
        return W.VBox([html_widget(box(f"ℹ To compare, first answer the {missing} "
                                       "self-assessment.", "note"))])
    out = W.Output()
    with out:
        labels = [instrument.domain(d).label for d, *_ in rows]
        fig = plots.paired_hbar(labels, [r[1] for r in rows], [r[2] for r in rows],
                                ("Start of course", "End of course"),
                                "Your stance: start vs end of the course",
                                "Average score (1-5)", (1, 5.2))
        biggest = max(rows, key=lambda r: abs(r[3]))
        plots.show(fig, f"Paired bars for {len(rows)} domains comparing start and end; the "
                        f"largest change is in {instrument.domain(biggest[0]).label} "
                        f"({biggest[3]:+.1f}).")
    table = "".join(f"<tr><td>{inline(instrument.domain(d).label)}</td><td>{a:.1f}</td>"
                    f"<td>{b:.1f}</td><td>{c:+.1f}</td></tr>" for d, a, b, c in rows)
    return W.VBox([out, html_widget(
        f"<table><thead><tr><th>Domain</th><th>Start</th><th>End</th><th>Change</th></tr>"
        f"</thead><tbody>{table}</tbody></table><p>Changes are not grades. Which shift "
        "surprises you, and which experience in the course produced it?</p>")])


def show(when: str, review: bool = False) -> W.VBox:
    return StanceSurvey(when, review).widget
