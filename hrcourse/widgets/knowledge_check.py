"""The knowledge check before lesson 01 and after the capstone, and the learner's results
with their gain.

The before-check gives no feedback (so it does not teach the after-check); the after-check
shows everything: scores, the normalized gain, per-objective before and after as a chart
with its description and numbers, what to review with links to the lessons, and feedback
on every item of both checks. The rules live in hrcourse.logic.knowledge_check; this module
only shows them and saves the learner's answers. Lessons marked complete and the
certificate: hrcourse.widgets.completion.
"""

from __future__ import annotations

import html

import ipywidgets as W

from hrcourse import export, progress
from hrcourse.content.knowledge_check import CheckItem, KnowledgeCheck, load_knowledge_check
from hrcourse.logic import knowledge_check as logic
from hrcourse.markup import inline
from hrcourse.records import KNOWLEDGE_CHECK
from hrcourse.widgets.common import box, html_widget, load, options_style, save

ASSIGNMENT = "assignment"
NAMES = {logic.PRE: "before-check", logic.POST: "after-check"}
# The form's heading: where the focus goes when the form replaces the results (retake).
START = '<h3 class="hr-kc-start" tabindex="-1">'


def assignment(rng=None) -> dict[str, str]:
    """This learner's forms (counterbalancing): the saved draw, else a new random one that
    is saved with the learner's first answer (keep_assignment), so that opening a page
    saves nothing."""
    return logic.assign(load(KNOWLEDGE_CHECK, ASSIGNMENT), rng)


def keep_assignment(chosen: dict[str, str]) -> str:
    """Save the draw unless one is saved already (never replaced: an attempt may rest on
    it); '' or a message if the disk refused."""
    saved = load(KNOWLEDGE_CHECK, ASSIGNMENT)
    if saved is not None and logic.assign(saved) == saved:
        return ""
    return save(KNOWLEDGE_CHECK, ASSIGNMENT, chosen)


class ItemControl:
    """One item: its scenario and options, each option named by its letter and its text."""

    def __init__(self, number: int, total: int, item: CheckItem, given: str | None):
        self.item = item
        how = "Tick every option that applies." if item.many else "Choose one answer."
        self.stem = html_widget(f"<h4>Question {number} of {total}</h4>"
                                f"<p>{inline(item.stem)}</p><p><em>{how}</em></p>")
        labels = [(f"{letter}) {text}", letter) for letter, text in item.options.items()]
        chosen = set((given or "").split(","))
        if item.many:
            self.boxes = [W.Checkbox(value=letter in chosen, description=label, indent=False,
                                     layout=W.Layout(width="auto")) for label, letter in labels]
            self.control = W.VBox(self.boxes)
        else:
            self.boxes = []
            self.control = W.RadioButtons(options=labels,
                                          value=given if given in item.options else None,
                                          layout=W.Layout(width="auto"))
        self.control.add_class("hr-options")
        self.widget = W.VBox([self.stem, self.control],
                             layout=W.Layout(border="1px solid #bbb", padding="0.5em",
                                             margin="0.5em 0"))
        self.widget.add_class("hr-kc-item")

    def value(self) -> str | None:
        if self.item.many:
            picked = [letter for letter, b in zip(self.item.options, self.boxes, strict=True)
                      if b.value]
            return ",".join(picked) or None
        return self.control.value

    def choose(self, *letters: str) -> None:
        if self.item.many:
            for letter, b in zip(self.item.options, self.boxes, strict=True):
                b.value = letter in letters
        else:
            self.control.value = letters[0] if letters else None

    def observe(self, callback) -> None:
        targets = self.boxes if self.item.many else [self.control]
        for t in targets:
            t.observe(lambda _c: callback(), names="value")


class KnowledgeCheckWidget:
    """The before-check (when="pre") or the after-check (when="post")."""

    def __init__(self, when: str, rng=None):
        if when not in NAMES:
            raise ValueError(f"knowledge_check: when must be 'pre' or 'post', not {when!r}")
        from hrcourse.keyboard import keys_stay_here

        self.when = when
        self.check: KnowledgeCheck = load_knowledge_check()
        self.assigned = assignment(rng)
        self.form = self.assigned[when]
        self.keys = keys_stay_here()
        self.body = W.VBox()
        self.controls: list[ItemControl] = []
        self.message = html_widget()
        self.submit_button = W.Button(description="Submit my answers", button_style="primary",
                                      tooltip="Submit your answers to the "
                                              f"{NAMES[when]}",
                                      layout=W.Layout(width="max-content"))
        self.submit_button.on_click(lambda _: self.submit())
        self.retake_button = W.Button(description="Take the after-check again",
                                      layout=W.Layout(width="max-content"))
        self.retake_button.on_click(lambda _: self.retake())
        self._confirm_unanswered = False
        self.widget = W.VBox([options_style(), self.body, self.keys])
        self.widget.add_class("hr-knowledge-check")
        record = load(KNOWLEDGE_CHECK, when) or {}
        post = load(KNOWLEDGE_CHECK, logic.POST) or {}
        if when == logic.PRE and post.get("submitted_at") and not record.get("submitted_at"):
            self.body.children = [html_widget(box(
                "<p>ℹ You have already taken the after-check, so the before-check is "
                "closed: taking it now would not show what you knew before the course.</p>",
                "note"))]
        elif record.get("submitted_at") and record.get("form") == self.form:
            self.show_done(record)
        else:
            self.show_form(record.get("answers", {}) if record.get("form") == self.form else {})

    # -- taking a form ------------------------------------------------------------------
    def _intro(self) -> str:
        n = len(self.check.form(self.form))
        if self.check.keys_withheld:
            return box(
                f"{START}{NAMES[self.when].capitalize()}</h3><p>{n} short questions about "
                "what the course teaches. In this class your instructor grades the knowledge "
                "check (as the nbgrader assignments knowledge_check_a and _b), so no score or "
                "feedback is shown here; your choices are saved as you go, on this computer "
                "only.</p>", "note")
        if self.when == logic.PRE:
            return box(
                f"{START}Before you begin: a knowledge check</h3><p>{n} short questions about "
                "what the course teaches, to take now and again (with different questions "
                "on the same topics) at the end of the course. It is not graded, and no one "
                "else sees it. <strong>No answers or feedback are shown now</strong>, so "
                "that this check does not give away the one at the end; at the end you see "
                "both scores, what you learned, and feedback on every question.</p><p>Answer "
                "from what you know now; it is fine not to know. Your choices are saved as "
                "you go, on this computer only.</p>", "note")
        return box(
            f"{START}After-check: what you know now</h3><p>{n} questions on the same topics as "
            "the before-check, with different scenarios. When you submit, you see your "
            "scores, your learning gain, what to review, and feedback on every question.</p>",
            "note")

    def show_form(self, answers: dict[str, str]) -> None:
        items = self.check.form(self.form)
        self.controls = [ItemControl(n, len(items), item, answers.get(item.id))
                         for n, item in enumerate(items, 1)]
        for control in self.controls:
            control.observe(self._save_draft)
        self.message.value = ""
        self._confirm_unanswered = False
        self.submit_button.description = "Submit my answers"
        self.body.children = [html_widget(self._intro()),
                              *[c.widget for c in self.controls],
                              self.message, self.submit_button]

    def answers(self) -> dict[str, str]:
        return {c.item.id: v for c in self.controls if (v := c.value())}

    def _record(self, submitted_at: str | None) -> dict:
        items = self.check.form(self.form)
        record = logic.attempt(self.form, items, self.answers(), submitted_at or "")
        previous = load(KNOWLEDGE_CHECK, self.when) or {}
        record["attempts"] = previous.get("attempts", 0) + (1 if submitted_at else 0)
        if not submitted_at:
            record["submitted_at"] = None
        return record

    def _save_draft(self) -> None:
        problem = keep_assignment(self.assigned) or \
            save(KNOWLEDGE_CHECK, self.when, self._record(None))
        if problem:
            self.message.value = box(inline(problem), "note")
        elif self._confirm_unanswered:
            self._warn_unanswered()  # the warning follows the answers given since

    def _missing(self) -> list[int]:
        return [n for n, c in enumerate(self.controls, 1) if not c.value()]

    def _warn_unanswered(self) -> None:
        """Name the questions still unanswered and offer Submit anyway; once every question
        has an answer, the warning goes and the button is Submit my answers again."""
        missing = self._missing()
        if not missing:
            self._confirm_unanswered = False
            self.message.value = ""
            self.submit_button.description = "Submit my answers"
            return
        self._confirm_unanswered = True
        if len(missing) == len(self.controls):
            which = f"None of the {len(missing)} questions has an answer yet"
        elif len(missing) == 1:
            which = f"Question {missing[0]} has no answer yet"
        else:
            which = (f"Questions {', '.join(map(str, missing[:-1]))} and {missing[-1]} have "
                     "no answer yet")
        text = (f"{which}; an unanswered question counts as not right. Answer "
                f"{'it' if len(missing) == 1 else 'them'}, or choose Submit anyway.")
        self.message.value = box(f"<p>ℹ {html.escape(text)}</p>", "note")
        self.submit_button.description = "Submit anyway"
        self.keys.message = text

    def choose(self, number: int, *letters: str) -> None:
        """Answer question `number` (1-based) as a click would (for tests)."""
        self.controls[number - 1].choose(*letters)

    def submit(self) -> None:
        if self._missing() and not self._confirm_unanswered:
            self._warn_unanswered()
            return
        record = self._record(progress.now_stamp())
        problem = keep_assignment(self.assigned) or save(KNOWLEDGE_CHECK, self.when, record)
        if problem:
            self.message.value = box(inline(problem), "note")
            self.keys.message = problem
            return
        self.show_done(record, just_submitted=True)
        if self.when == logic.POST:
            from hrcourse.widgets.completion import refresh_certificates

            refresh_certificates()  # the certificate's conditions below follow the score

    # -- after submitting ---------------------------------------------------------------
    def show_done(self, record: dict, just_submitted: bool = False) -> None:
        if self.check.keys_withheld:
            when = str(record.get("submitted_at", ""))[:10]
            text = (f"{NAMES[self.when].capitalize()} submitted ({when}). In this class your "
                    f"instructor grades it; your score comes back with your course feedback.")
            self.body.children = [html_widget(box(
                f'<h3 class="hr-kc-done" tabindex="-1">✔ {html.escape(text)}</h3>',
                "feedback"))]
        elif self.when == logic.PRE:
            when = str(record.get("submitted_at", ""))[:10]
            text = (f"Before-check submitted ({when}). Your score and feedback are shown at "
                    f"the end of the course, next to the after-check.")
            self.body.children = [html_widget(box(
                f'<h3 class="hr-kc-done" tabindex="-1">✔ {html.escape(text)}</h3><p>Go on to '
                "lesson 01 when you are ready.</p>", "feedback"))]
        else:
            pre = load(KNOWLEDGE_CHECK, logic.PRE)
            pre = pre if pre and pre.get("submitted_at") else None
            try:
                outcome = logic.outcome(self.check, record, pre, export.objective_texts(),
                                        export.lessons())
            except ValueError as err:
                self.body.children = [html_widget(box(inline(str(err)), "note"))]
                return
            text = (f"After-check submitted: {outcome.post.correct} of {outcome.post.total} "
                    f"right ({round(100 * outcome.post.share)}%). {outcome.gain_sentence()}")
            self.body.children = [html_widget(results_html(outcome, self.check, pre,
                                                           self.check.pass_mark)),
                                  self.retake_button]
        if just_submitted:
            self.keys.message = text
            self.keys.move_focus(".hr-kc-done")

    def retake(self) -> None:
        previous = load(KNOWLEDGE_CHECK, self.when) or {}
        save(KNOWLEDGE_CHECK, self.when, {"form": self.form, "answers": {}, "fingerprints": {},
                                  "submitted_at": None,
                                  "attempts": previous.get("attempts", 0)})
        self.show_form({})
        from hrcourse.widgets.completion import refresh_certificates

        refresh_certificates()
        self.keys.message = "The after-check is cleared; answer the questions again."
        # the button pressed is gone with the results: the focus goes to the form's heading
        self.keys.move_focus(".hr-kc-start")


# -- results --------------------------------------------------------------------------

def chart_figure(outcome: logic.Outcome):
    """Per-objective before/after bars; the legend sits above the plot, where no bar can
    reach it (a bar at 100% ran under a legend placed inside)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = outcome.objectives
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(rows) + 1.5), dpi=90)
    ys = range(len(rows))
    before = [100 * (r.before or 0) for r in rows]
    after = [100 * r.after for r in rows]
    ax.barh([y + 0.2 for y in ys], before, height=0.4, color="#E69F00", hatch="//",
            label="Before")
    ax.barh([y - 0.2 for y in ys], after, height=0.4, color="#0072B2", label="After")
    ax.set_yticks(list(ys), [r.objective for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of items right (%)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8,
              frameon=False)
    fig.tight_layout()
    return fig


def chart_html(outcome: logic.Outcome) -> str:
    """The chart with its description and the numbers."""
    import matplotlib.pyplot as plt

    from hrcourse.plots import figure_html

    rows = outcome.objectives
    fig = chart_figure(outcome)
    table = [["Objective", "Before", "After", "Items"]] + [
        [r.objective, logic.percent(r.before), logic.percent(r.after), r.items] for r in rows]
    page = figure_html(fig, logic.chart_description(outcome), table)
    plt.close(fig)
    return page


def _item_feedback(title: str, score: logic.FormScore) -> str:
    parts = []
    for r in score.results:
        it = r.item
        given = r.given or "no answer"
        verdict = ("set aside: the question changed after you answered it" if r.changed
                   else "✔ right" if r.correct else "✘ not right")
        keyed = "; ".join(f"{k}) {it.options[k]}" for k in sorted(it.keys))
        options = "".join(
            f"<li><strong>{k}) {inline(text)}</strong> "
            f"{'(applies)' if k in it.keys else '(does not apply)'}: "
            f"{inline(it.feedback[k])}</li>" for k, text in it.options.items())
        parts.append(f"<li><p><strong>Question {r.position}</strong> ({it.objective}): "
                     f"{inline(it.stem)}</p><p>Your answer: {html.escape(given)}, {verdict}. "
                     f"The answer: {inline(keyed)}.</p><ul>{options}</ul></li>")
    return (f"<details><summary>{html.escape(title)}</summary><ol style='list-style:none;"
            f"padding-left:0'>{''.join(parts)}</ol></details>")


def results_html(outcome: logic.Outcome, check: KnowledgeCheck, pre_record: dict | None,
                 pass_mark: float) -> str:
    post = outcome.post
    head = (f'<h3 class="hr-kc-done" tabindex="-1">Your results</h3>'
            f"<p><strong>After-check:</strong> {post.correct} of {post.total} right "
            f"({round(100 * post.share)}%).")
    if outcome.pre is not None:
        head += (f" <strong>Before-check:</strong> {outcome.pre.correct} of "
                 f"{outcome.pre.total} right ({round(100 * outcome.pre.share)}%).")
    head += f"</p><p>{html.escape(outcome.gain_sentence())}</p>"
    head += "".join(f"<p>ℹ {html.escape(n)}</p>" for n in outcome.notes)
    passed = post.share >= pass_mark
    head += (f"<p>{'✔' if passed else 'ℹ'} The certificate's pass mark is "
             f"{round(100 * pass_mark)}%: "
             f"{'reached' if passed else 'not reached yet'}.</p>")
    if outcome.review:
        items = "".join(
            f'<li><a href="{html.escape(r.notebook)}">{html.escape(r.lesson)} '
            f"{html.escape(r.title)}</a>: {html.escape(r.objective)} "
            f"{html.escape(r.text)}</li>" for r in outcome.review)
        review = f"<h4>What to review</h4><p>Objectives you missed in the after-check:</p>" \
                 f"<ul>{items}</ul>"
    else:
        review = "<h4>What to review</h4><p>Nothing: every after-check question was right.</p>"
    chart = "<h4>Before and after, objective by objective</h4>" + chart_html(outcome)
    feedback = "<h4>Feedback on every question</h4>"
    if outcome.pre is not None:
        feedback += _item_feedback(f"Your before-check (form {outcome.pre.form})", outcome.pre)
    feedback += _item_feedback(f"Your after-check (form {post.form})", post)
    return box(head + chart + review + feedback, "feedback")


def show(when: str, rng=None) -> W.VBox:
    return KnowledgeCheckWidget(when, rng).widget

