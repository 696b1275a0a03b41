"""Synthetic submissions for tests and benchmarks: what real students hand in.

A submission is the released notebook plus, usually, the answers file the click widget
writes. Variants reproduce what goes wrong in real classes: typed or padded answers,
no answers file, a damaged answers file, an unknown option, a deleted answer cell, an
edited locked cell, an infinite loop, a cell that kills the kernel, a notebook that is
not valid JSON, and hostile code.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hrcourse.logic.answers import answers_filename, dump_answers_file

TIMESTAMP = "2026-11-28 09:00:00.000000 UTC"


def released(course: Path, assignment: str) -> dict:
    return json.loads((course / "assignments" / assignment / f"{assignment}.ipynb").read_text())


def code_cell(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
            "execution_count": None}


def grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def with_code(nb: dict, source: str, before: str = "q1_ask") -> dict:
    """The notebook with an extra code cell just before the cell `before`."""
    nb = copy.deepcopy(nb)
    at = next(i for i, c in enumerate(nb["cells"]) if grade_id(c) == before)
    nb["cells"].insert(at, code_cell(source))
    return nb


def with_typed(nb: dict, item: int, value: str) -> dict:
    """The student typed `answer_<item> = value` in the typed-answer cell."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if text.startswith("# Only if clicking") and f"answer_{item} =" in text:
            cell["source"] = text + f"\nanswer_{item} = {value!r}"
            return nb
    raise KeyError(f"no typed-answer cell for item {item}")


def without(nb: dict, cell_grade_id: str) -> dict:
    nb = copy.deepcopy(nb)
    nb["cells"] = [c for c in nb["cells"] if grade_id(c) != cell_grade_id]
    return nb


def with_source(nb: dict, cell_grade_id: str, source: str) -> dict:
    """The notebook with one nbgrader cell's text replaced: a written answer, or an
    edit to a locked cell (which nbgrader restores before grading)."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if grade_id(cell) == cell_grade_id:
            cell["source"] = source
    return nb


def submit(course: Path, assignment: str, student: str, notebook: dict | str | None = None,
           answers: dict[str, str] | None = None, raw_answers: str | None = None,
           timestamp: str = TIMESTAMP, folder: str = "submitted") -> Path:
    """Write submitted/<student>/<assignment>/ as nbgrader's collect would leave it."""
    target = course / folder / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    nb = released(course, assignment) if notebook is None else notebook
    text = nb if isinstance(nb, str) else json.dumps(nb, indent=1)
    (target / f"{assignment}.ipynb").write_text(text, encoding="utf-8")
    if answers is not None:
        (target / answers_filename(assignment)).write_text(
            dump_answers_file(assignment, answers), encoding="utf-8")
    if raw_answers is not None:
        (target / answers_filename(assignment)).write_text(raw_answers, encoding="utf-8")
    if timestamp:
        (target / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    return target


# -- item-bank quizzes: each student's own draw ---------------------------------------

def bank_quiz(course: Path, assignment: str):
    """(quiz id, term salt, {item: SlotItem or ClickItem}) of the instructor's version."""
    from hrcourse.instructor.trusted import quiz_start
    from hrcourse.logic.click_items import items_in_notebook

    nb = json.loads((course / "source" / assignment / f"{assignment}.ipynb").read_text())
    setup = next("".join(c["source"]) for c in nb["cells"] if grade_id(c) == "setup")
    quiz_id, salt = quiz_start(setup)
    return quiz_id, salt, items_in_notebook(nb)


def drawn(course: Path, assignment: str, student: str) -> dict:
    """item -> the Drawn (variant, option order) `student` is shown and scored on."""
    from hrcourse.logic.slot_scores import own_draw

    quiz_id, salt, items = bank_quiz(course, assignment)
    return {n: own_draw(item, salt, quiz_id, student) for n, item in items.items()}


def right_or_wrong(item, variant: str, right: bool) -> str:
    """The variant's key (or its first wrong option), as option ids."""
    v = item.variants[variant]
    return v.key if right else next(o for o in v.options if o not in v.keys)


def clicks(course: Path, assignment: str, student: str, right: set[int],
           saved_as: str | None = None, shown: dict[int, str] | None = None):
    """The answers file an honest kernel of `student` writes when right exactly on the
    items in `right`. `saved_as`: the quiz was opened under this name instead (the draw
    and the recorded name are that student's); `shown`: item -> the variant recorded."""
    from hrcourse.logic.answers import Entry

    name = saved_as or student
    draws = drawn(course, assignment, name)
    _, _, items = bank_quiz(course, assignment)
    out = {}
    for n, item in items.items():
        variant = (shown or {}).get(n, draws[n].variant)
        out[str(n)] = Entry(right_or_wrong(item, variant, n in right), variant, name)
    return out


def displayed_letter(course: Path, assignment: str, student: str, item: int,
                     option: str) -> str:
    """The letter `student` sees beside option id `option` of item `item`."""
    from hrcourse.logic.variants import letters

    return next(shown for shown, o in letters(drawn(course, assignment, student)[item].order
                                              ).items() if o == option)
