"""The screening scorer: read what a fictional client says, choose the answer it fits for each
question of a tool, pick the cut-off where the tool has sex-specific ones, and score. The
result is explained in words (never as a diagnosis), each answer that does not fit what the
client said gets its reason, and the learner's answers are saved in their progress."""

from __future__ import annotations

import html

import ipywidgets as W

from hrcourse.content.screening import Tool, find_tool
from hrcourse.logic import screening as logic
from hrcourse.markup import inline
from hrcourse.records import SCREENING
from hrcourse.widgets.common import box, html_widget, load, options_style, save

CUTOFF_CHOICES = [("Women's cut-off", "female"), ("Men's cut-off", "male")]


class ScreeningScorer:
    """`.answer(question_id, option_id)`, `.choose_cutoff(sex)` and `.score()` drive it from
    tests as clicks would."""

    def __init__(self, tool: Tool):
        from hrcourse.keyboard import keys_stay_here

        self.tool = tool
        client = tool.client
        self.header = html_widget(
            f"<h4>Screening practice: {html.escape(tool.name)} ({html.escape(tool.full_name)})"
            f"</h4><p>{inline(tool.asks)}</p>"
            + box(f"<em>{inline(client.fictional_note)}</em>", "note")
            + f"<p><strong>{html.escape(client.name)}, {client.age}.</strong> "
            f"{inline(client.summary)}</p>"
            f"<p><em>For each question, read what {html.escape(client.name)} says and choose "
            f"the answer it fits. Then score.</em></p>")
        self.selectors: dict[str, W.RadioButtons] = {}
        blocks: list[W.Widget] = [options_style(), self.header]
        said = {a.question: a.says for a in client.answers}
        for n, q in enumerate(tool.questions, start=1):
            quote = said[q.id].strip().strip('"“”').strip()
            blocks.append(html_widget(
                f"<p><strong>Question {n} of {len(tool.questions)}.</strong> "
                f"{inline(q.text)}</p>"
                + box(f"<strong>{html.escape(client.name)}:</strong> “{inline(quote)}”",
                      "quote")))
            selector = W.RadioButtons(options=[(o.label, o.id) for o in q.options], value=None,
                                      layout=W.Layout(width="100%"))
            selector.add_class("hr-options")
            self.selectors[q.id] = selector
            blocks.append(selector)
        self.cutoff: W.RadioButtons | None = None
        if tool.sex_specific:
            blocks.append(html_widget(
                f"<p><strong>Which published cut-off applies?</strong> The {tool.name}'s "
                f"cut-offs differ for women and men. {html.escape(client.name)}'s clinic "
                f"record lists sex as {client.sex}.</p>"))
            self.cutoff = W.RadioButtons(options=CUTOFF_CHOICES, value=None,
                                         layout=W.Layout(width="100%"))
            self.cutoff.add_class("hr-options")
            blocks.append(self.cutoff)
        self.button = W.Button(description="Score these answers", button_style="primary",
                               tooltip=f"Score the {tool.name} answers and explain the result",
                               layout=W.Layout(width="14em"))
        self.button.on_click(lambda _: self.score())
        self.result = html_widget()
        self.status = html_widget()
        self.keys = keys_stay_here()
        self.widget = W.VBox(blocks + [self.button, self.result, self.status,
                                       html_widget(box(f"<small>Source: {inline(tool.source)} "
                                                       f"{inline(tool.wording_note)}</small>",
                                                       "note")),
                                       self.keys],
                             layout=W.Layout(border="1px solid #bbb", padding="0.6em"))
        self._restore()

    # actions ---------------------------------------------------------------------
    def answer(self, question_id: str, option_id: str | None) -> None:
        self.selectors[question_id].value = option_id

    def choose_cutoff(self, sex: str | None) -> None:
        if self.cutoff is not None:
            self.cutoff.value = sex

    def answers(self) -> dict[str, str]:
        return {qid: s.value for qid, s in self.selectors.items() if s.value is not None}

    def sex(self) -> str | None:
        return self.cutoff.value if self.cutoff is not None else None

    def _not_ready(self, answers: dict[str, str], sex: str | None) -> str:
        """What is still to choose, in the words on screen ('' when ready to score): the
        unanswered questions and, for a tool with sex-specific cut-offs, the cut-off (the
        logic's own message names the stored values 'female'/'male', not the labels)."""
        if self.cutoff is None or sex is not None:
            return ""
        missing = [str(n) for n, q in enumerate(self.tool.questions, start=1)
                   if q.id not in answers]
        text = ""
        if missing:
            text = (f"{len(missing)} of {len(self.tool.questions)} questions are not answered "
                    f"yet (question {', '.join(missing)}). ")
        labels = " or ".join(f"“{label}”" for label, _ in CUTOFF_CHOICES)
        return (f"{text}Choose which published cut-off applies ({labels}), under the last "
                "question, then score.")

    def score(self) -> logic.Score | None:
        answers, sex = self.answers(), self.sex()
        try:
            problem = self._not_ready(answers, sex)
            if problem:
                raise logic.ScreeningInputError(problem)
            result = logic.score(self.tool, answers, sex)
        except logic.ScreeningInputError as err:
            self.result.value = box(f"<strong>ℹ Not scored yet.</strong> {inline(str(err))}",
                                    "note")
            self.keys.message = f"Not scored yet. {err}"
            self._save(answers, sex, None)
            return None
        self.result.value = self._render(result, answers, sex)
        self.keys.message = logic.explain(self.tool, result, sex)
        self._save(answers, sex, result)
        return result

    # display ---------------------------------------------------------------------
    def _render(self, result: logic.Score, answers: dict[str, str], sex: str | None) -> str:
        headline, details = logic.explain_parts(self.tool, result, sex)
        if not result.complete:
            return box(f"<strong>ℹ Not scored yet.</strong> {inline(headline)} "
                       f"{inline(details)}", "note")
        tool, client = self.tool, self.tool.client
        lines = [f"<p><strong>{inline(headline)}</strong></p><p>{inline(details)}</p>"]
        wrong = [c for c in logic.check_coding(tool, answers) if not c.right]
        if sex is not None and sex != client.sex:
            lines.append(f"<p>✘ You used the {logic.SEX_LABEL[sex]}'s cut-off; "
                         f"{html.escape(client.name)}'s record lists sex as {client.sex}.</p>")
        if not wrong:
            lines.append(f"<p>✔ Every answer fits what {html.escape(client.name)} said.</p>")
        else:
            labels = {q.id: {o.id: o.label for o in q.options} for q in tool.questions}
            number = {q.id: n for n, q in enumerate(tool.questions, start=1)}
            items = "".join(
                f"<li><strong>Question {number[c.question]}</strong>: you chose "
                f"“{inline(labels[c.question][c.chosen])}”; what {html.escape(client.name)} "
                f"said fits “{inline(labels[c.question][c.expected])}”. {inline(c.why)}</li>"
                for c in wrong)
            key = logic.score(tool, logic.client_key(tool), client.sex)
            fits = (logic.explain_parts(tool, key, client.sex)[0] if tool.screens_each_question
                    else f"the score is {key.total}: {key.band.level}.")
            lines.append(f"<p>◐ {len(wrong)} answer(s) do not fit what "
                         f"{html.escape(client.name)} said:</p><ul>{items}</ul>"
                         f"<p>With the answers that fit, {inline(fits)} Change your answers and "
                         f"score again.</p>")
        return box("".join(lines), "feedback")

    def _save(self, answers: dict[str, str], sex: str | None,
              result: logic.Score | None) -> None:
        record = {"answers": answers, "sex": sex,
                  "total": result.total if result and result.complete else None}
        problem = save(SCREENING, self.tool.id, record)
        self.status.value = f"<p>{inline(problem)}</p>" if problem else ""

    def _restore(self) -> None:
        saved = load(SCREENING, self.tool.id) or {}
        for qid, option_id in (saved.get("answers") or {}).items():
            question = self.tool.question(qid)
            if question is not None and question.option(option_id) is not None:
                self.selectors[qid].value = option_id  # answers from an edited tool: skipped
        if self.cutoff is not None and saved.get("sex") in dict(map(reversed, CUTOFF_CHOICES)):
            self.cutoff.value = saved["sex"]
        if saved.get("total") is not None:
            try:
                result = logic.score(self.tool, self.answers(), self.sex())
                self.result.value = self._render(result, self.answers(), self.sex())
            except logic.ScreeningInputError:
                pass


def show(tool_id: str) -> W.VBox:
    return ScreeningScorer(find_tool(tool_id)).widget
