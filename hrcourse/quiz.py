"""Graded quizzes that students answer by clicking (nbgrader).

In the quiz notebook:
- `quiz.ask(3, {"a": "text", ...})` shows item 3's options, each with its text, to click
  (`quiz.ask(3, "abcd")`: letters only); every click is saved at once
  in `<quiz>.answers.json` next to the notebook, which nbgrader's submit and autograde
  carry along with it;
- locked cells read the answers: `answer_3 = quiz.answer(3)` (a typed
  `answer_3 = "b"` in the typed-answers cell wins over the file);
- a visible check `quiz.check_answered(...)` tells the student which items are empty;
- in an item-bank quiz, `quiz.ask_slot(3, "q03", {variant: {stem, options}})` shows the
  student's own variant of slot q03, its options in the student's own order with
  displayed letters a, b, c... (drawn from the quiz, the student id and the term salt of
  `quiz.start`); a click saves the option id, the variant and the student id;
- hidden tests call `quiz.grade(...)` (or `quiz.grade_slot(...)`), which print feedback
  and return the points.
  The course's grader does not run them: it reads that call as data and scores the
  answers outside the student's kernel (hrcourse.instructor.trusted). `grade` stays for
  running a quiz notebook by hand and for comparing the two paths in the tests.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from hrcourse.files import write_atomic
from hrcourse.logic import answers as logic
from hrcourse.logic.choices import ChoiceError

_current: dict[str, object] = {"quiz": None, "salt": "", "drawn": {}}


def _path(quiz_id: str) -> Path:
    return Path.cwd() / logic.answers_filename(quiz_id)


def student_id() -> str:
    """Who is taking the quiz, as nbgrader will call them: the hub user name on a
    JupyterHub, else the computer's user name (what `nbgrader submit` uses)."""
    hub = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub:
        return hub
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


def start(quiz_id: str, salt: str = "") -> None:
    """Name the quiz whose answers this notebook reads and writes (and, for an item-bank
    quiz, the term salt every draw of variants and option order uses)."""
    _current["quiz"], _current["salt"], _current["drawn"] = quiz_id, salt, {}
    print(f"Quiz '{quiz_id}': click your answers; each click is saved in "
          f"{logic.answers_filename(quiz_id)} next to this notebook.")


def _quiz_id() -> str:
    if not _current["quiz"]:
        raise RuntimeError("Run the first cell of the quiz (quiz.start) before the others.")
    return str(_current["quiz"])


def saved_answers(quiz_id: str | None = None, report: bool = True) -> dict[str, str]:
    """Answers in the file; a damaged file gives {} and a plain message, never a traceback."""
    path = _path(quiz_id or _quiz_id())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as err:
        if report:
            print(f"Note: could not read {path.name} ({err}).")
        return {}
    try:
        return logic.parse_answers_file(text, quiz_id or _quiz_id())
    except logic.AnswersFileError as err:
        if report:
            print(f"Note: {err}. Clicked answers from it cannot be used; click your answers "
                  f"again (or type them).")
        return {}


def _saved_entries(quiz_id: str) -> dict[str, logic.Entry]:
    try:
        return logic.parse_answer_entries(_path(quiz_id).read_text(encoding="utf-8"), quiz_id)
    except (OSError, UnicodeDecodeError, logic.AnswersFileError):
        return {}


def save_answer(item: int, value: str | logic.Entry | None,
                quiz_id: str | None = None) -> None:
    """Write one answer atomically, keeping the others as they were saved."""
    quiz_id = quiz_id or _quiz_id()
    answers: dict[str, str | logic.Entry] = dict(_saved_entries(quiz_id))
    empty = value is None or (isinstance(value, logic.Entry) and not value.choice) or \
        value == ""
    if empty:
        answers.pop(str(item), None)
    else:
        answers[str(item)] = value  # type: ignore[assignment]
    write_atomic(_path(quiz_id), logic.dump_answers_file(quiz_id, answers))


def ask(item: int, options: str | dict[str, str] = "abcd", many: bool = False):
    """Clickable options for one item, each named by its letter and its text (so a screen
    reader reads the answer, not just "b)"), showing the saved answer if there is one."""
    texts = dict(options) if isinstance(options, dict) else {o: "" for o in options}
    quiz_id = _quiz_id()
    saved = saved_answers(quiz_id, report=False).get(str(item))
    return _options(item, texts, many, saved,
                    lambda value: save_answer(item, value, quiz_id))


def _drawn(item: int):
    return _current["drawn"].get(item)  # type: ignore[union-attr]


def ask_slot(item: int, slot: str, variants: dict[str, dict], many: bool = False,
             shuffle: bool = True):
    """Item `item` of an item-bank quiz: the student's own variant of `slot` (its case
    rendered here) and its options in the student's own order, lettered a, b, c...;
    `variants`: variant id -> {"stem": Markdown, "options": {option id: text}}."""
    import ipywidgets as W

    from hrcourse.logic.slot_scores import displayed_answer
    from hrcourse.logic.variants import draw, letters
    from hrcourse.markup import paragraphs

    quiz_id, student = _quiz_id(), student_id()
    drawn = draw(str(_current["salt"]), quiz_id, student, slot,
                 {vid: list(v["options"]) for vid, v in variants.items()}, shuffle)
    _current["drawn"][item] = drawn  # type: ignore[index]
    shown = variants[drawn.variant]
    by_letter = letters(drawn.order)
    texts = {shown_letter: shown["options"][o] for shown_letter, o in by_letter.items()}

    def save(value: str | None) -> None:
        ids = ",".join(sorted(by_letter[v] for v in (value or "").split(",") if v))
        save_answer(item, logic.Entry(ids, drawn.variant, student) if ids else None, quiz_id)

    saved = _saved_entries(quiz_id).get(str(item))
    current = None
    if saved is not None and saved.variant == drawn.variant:
        current = displayed_answer(saved.choice, drawn, many)
    stem = W.HTML(f'<div class="hr-stem">{paragraphs(shown["stem"])}</div>')
    return W.VBox([stem, _options(item, texts, many, current, save)])


def _options(item: int, texts: dict[str, str], many: bool, current: str | None, save):
    """Radio buttons (or check boxes) named by letter and text, saving on every change."""
    import ipywidgets as W

    from hrcourse.keyboard import keys_stay_here
    from hrcourse.styles import OPTIONS_CSS

    ids = "".join(texts)
    labels = {o: f"{o}) {t}".strip() for o, t in texts.items()}
    try:
        chosen = set((logic.normalize(current, ids, many) or "").split(","))
    except ChoiceError:
        chosen = set()
    status = W.HTML()
    keys = keys_stay_here()

    def show_status(value: str | None, announce: bool = True) -> None:
        status.value = (f"<small>✔ Saved answer for item {item}: <strong>{value}</strong></small>"
                        if value else f"<small>ℹ No answer saved yet for item {item}.</small>")
        if announce:
            keys.message = (f"Saved answer for item {item}: {value}" if value
                            else f"No answer saved for item {item}.")

    if many:
        boxes = [W.Checkbox(value=o in chosen, description=labels[o], indent=False,
                            layout=W.Layout(width="auto")) for o in ids]

        def on_change(_):
            value = ",".join(o for o, b in zip(ids, boxes, strict=True) if b.value) or None
            save(value)
            show_status(value)

        for b in boxes:
            b.observe(on_change, names="value")
        control = W.VBox(boxes)
        label = f"Item {item}: tick every option that applies"
    else:
        start_value = next(iter(chosen), None) if chosen != {""} else None
        control = W.RadioButtons(options=[(labels[o], o) for o in ids], value=start_value,
                                 layout=W.Layout(width="auto"))

        def on_pick(change):
            save(change["new"])
            show_status(change["new"])

        control.observe(on_pick, names="value")
        label = f"Item {item}: choose one option"
    show_status(",".join(sorted(chosen - {""})) or None, announce=False)
    css = W.HTML(OPTIONS_CSS, layout=W.Layout(height="0px", margin="0"))
    return W.VBox([css, W.HTML(f"<strong>{label}</strong>"), control, status,
                   keys]).add_class("hr-options")


def answer(item: int, options: str = "abcd", many: bool = False, typed: object = None):
    """The answer to grade: a typed answer if given, else the clicked one; normalised.
    In an item-bank quiz, in the letters this student sees."""
    drawn = _drawn(item)
    if drawn is not None and typed in (None, ""):
        from hrcourse.logic.slot_scores import displayed_answer

        entry = _saved_entries(_quiz_id()).get(str(item))
        return displayed_answer(entry.choice, drawn, many) if entry else None
    raw = typed if typed not in (None, "") else saved_answers(report=False).get(str(item))
    try:
        return logic.normalize(raw, options, many)
    except ChoiceError:
        return raw  # kept as typed; the grader explains why it cannot be read


def check_answered(items: list[int] | range) -> None:
    """The visible check (nbgrader Validate): every item needs an answer."""
    saved_answers()  # reports a damaged file in plain words
    namespace = vars(sys.modules["__main__"])
    missing = [str(i) for i in items
               if namespace.get(f"answer_{i}", answer(i)) in (None, "")]
    if missing:
        raise QuizIncomplete(f"No answer yet for item(s) {', '.join(missing)}. Click an option "
                             f"for each, then run this cell again.")
    print(f"✔ All {len(list(items))} items have an answer. Save the notebook (Ctrl+S) and "
          f"submit it.")


class QuizIncomplete(Exception):
    """Raised by the visible check so that nbgrader's Validate lists the missing items."""


_MISSING = object()


def grade(item: int, key: str, options: str = "abcd", many: bool = False, points: float = 1,
          concept: str = "", feedback: dict[str, str] | None = None,
          given: object = _MISSING) -> float:
    """Hidden test: print feedback for the student and return the points earned.

    The answer is `answer_<item>` from the notebook (set by the locked answer cell or
    typed by the student); if that variable is gone (a deleted cell), the saved file.
    """
    if given is _MISSING:
        namespace = vars(sys.modules["__main__"])
        given = namespace.get(f"answer_{item}", _MISSING)
        if given is _MISSING:
            given = answer(item, options, many)
    mark = logic.score(given, key, options, many, points, concept, feedback)
    print(f"Item {item}: {mark.message}", file=sys.stdout)
    return mark.points


def grade_slot(item: int, slot: str, variants: dict[str, dict], many: bool = False,
               points: float = 1, shuffle: bool = True) -> float:
    """Hidden test of an item-bank slot, run by hand (the course's grader reads it as data
    instead): score `answer_<item>` (displayed letters) on this student's own variant."""
    from hrcourse.logic.click_items import SlotItem, SlotVariant
    from hrcourse.logic.slot_scores import own_draw, score_slot

    parsed = SlotItem(item, slot, {vid: SlotVariant(vid, v["key"], dict(v["options"]),
                                                    v.get("concept", ""),
                                                    dict(v.get("feedback", {})))
                                   for vid, v in variants.items()}, many, float(points),
                      shuffle)
    drawn = own_draw(parsed, str(_current["salt"]), _quiz_id(), student_id())
    _current["drawn"][item] = drawn  # type: ignore[index]
    namespace = vars(sys.modules["__main__"])
    given = namespace.get(f"answer_{item}", _MISSING)
    if given is _MISSING:
        given = answer(item, "".join(chr(97 + i) for i in range(len(drawn.order))), many)
    mark = score_slot(parsed, drawn, given)
    print(f"Item {item}: {mark.message}", file=sys.stdout)
    return mark.points
