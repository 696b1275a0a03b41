"""Build the nbgrader instructor notebook of a quiz bank (data/quizzes/<id>.yml).

One shape for every slot, like the fixed-form builder (quiz_notebook.py):

- a question cell (the question's number and points; the case itself is per student);
- the clickable options' cell, `quiz.ask_slot(n, slot, {variant: {stem, options}}, ...)`:
  every variant's stem and options as data, no key and no feedback; the widget draws the
  student's variant and option order (hrcourse.logic.variants) and shows only those, with
  displayed letters a, b, c...;
- the locked answer reader and the typed-answer cell (a typed answer is a DISPLAYED
  letter, mapped through the student's own order);
- the hidden test, ONE literal call `quiz.grade_slot(n, slot=..., variants={...})` holding
  every variant's key, options, concept and feedback, which the trusted scorer reads as
  data (hrcourse.logic.click_items.parse_slot_test) and never runs.

The term salt is written into the locked setup cell (`quiz.start(id, salt=...)`): the
student's kernel draws with it, and the grader reads it from the instructor's copy of that
cell (the gradebook), never from a submission.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from hrcourse import kernelspec
from hrcourse.content.quiz_bank import QuizBank, Slot
from hrcourse.instructor.quiz_notebook import _code, _md

HOW = ("**How to answer:** run every cell from the top (*Run ▸ Run All Cells*): each question's "
       "case and options appear under its heading. Click your answer; each click is saved at "
       "once. Your questions and the order of their options are your own (classmates see "
       "other cases), so compare ideas, not letters. Written answers go in the boxes that say "
       "*Write your answer here* (double-click to edit). You never need to write code. When "
       "you are done, run the last cell to check that every item has an answer, save "
       "(Ctrl+S), and submit.")


def _points(n: int) -> str:
    return f"{n} point{'s' if n != 1 else ''}"


def _literal(value: object, indent: str = "    ") -> str:
    """A Python literal of plain dicts and strings, one entry a line, stable."""
    if isinstance(value, dict):
        inner = indent + "    "
        lines = "".join(f"\n{inner}{k!r}: {_literal(v, inner)}," for k, v in value.items())
        return "{" + lines + "\n" + indent + "}"
    return repr(value.strip() if isinstance(value, str) else value)


def ask_source(n: int, slot: Slot) -> str:
    shown = {v.id: {"stem": v.stem, "options": dict(v.options)} for v in slot.variants}
    return (f"quiz.ask_slot({n}, {slot.id!r}, {_literal(shown, '')}, "
            f"many={slot.many}, shuffle={slot.shuffle})")


def test_source(n: int, slot: Slot) -> str:
    graded = {v.id: {"key": v.key, "options": dict(v.options), "concept": v.concept,
                     "feedback": dict(v.feedback)} for v in slot.variants}
    return (f"### BEGIN HIDDEN TESTS\nquiz.grade_slot({n}, slot={slot.id!r}, many={slot.many}, "
            f"points={slot.points}, shuffle={slot.shuffle},\n"
            f"               variants={_literal(graded, '               ')})"
            f"\n### END HIDDEN TESTS")


def displayed(count: int) -> str:
    return "".join(chr(ord("a") + i) for i in range(count))


def build(bank: QuizBank, salt: str = ""):
    """The instructor notebook of a bank, drawing with the term `salt`."""
    from hrcourse import lint

    slots, written = bank.slots, bank.written
    total = sum(s.points for s in slots) + sum(w.points for w in written)
    cells = [
        _md(f"# {bank.title}\n\n{bank.intro.strip()}\n\n{HOW}\n\nPoints: {total} in all.",
            "intro", locked=True),
        _code(f"from hrcourse import quiz\nquiz.start({bank.id!r}, salt={salt!r})", "setup",
              locked=True, hidden=True),
    ]
    for n, slot in enumerate(slots, 1):
        letters = displayed(len(slot.variants[0].options))
        how = "Tick every option that applies." if slot.many else "Choose one answer."
        cells.append(_md(f"### Question {n} ({_points(slot.points)})\n\n*{how}* The case and "
                         f"its options appear below once the cells have run.",
                         f"q{n}_stem", locked=True))
        ask = _code(ask_source(n, slot), f"q{n}_ask", locked=True, hidden=True)
        args = f"{n}, {letters!r}" + (", many=True" if slot.many else "")
        reader = _code(f"answer_{n} = quiz.answer({args})", f"q{n}_answer", locked=True,
                       hidden=True)
        typed = _code(f"# Only if clicking does not work: type the letter shown beside your "
                      f"answer, e.g.\n# answer_{n} = \"{letters[0]}\"")
        test = _code(test_source(n, slot), f"q{n}_test", grade=True, locked=True,
                     points=slot.points, hidden=True)
        test.metadata["hrcourse"] = {"item": n, "slot": slot.id, "objective": slot.objective,
                                     "kind": slot.kind, "options": letters,
                                     "variants": [v.id for v in slot.variants]}
        if slot.part:
            test.metadata["hrcourse"]["part"] = slot.part
        if slot.teaches_language:
            for cell in (ask, test):
                cell.metadata.setdefault("tags", []).append(lint.TEACHING_TAG)
        cells += [ask, reader, typed, test]
    for w in written:
        cells.append(_md(f"### {w.title} ({_points(w.points)})\n\n{w.prompt.strip()}",
                         f"{w.id}_prompt", locked=True))
        answer = _md(f"### BEGIN SOLUTION\n**Rubric (instructors only; removed from the "
                     f"student version):**\n\n{w.rubric.strip()}\n### END SOLUTION",
                     w.id, grade=True, solution=True, points=w.points)
        answer.metadata["hrcourse"] = {"written": True, "objective": w.objective}
        cells.append(answer)
    cells.append(_md("### Check before you submit\n\nRun the cell below. It lists any "
                     "question without an answer.", "check_intro", locked=True))
    cells.append(_code(f"quiz.check_answered(range(1, {len(slots) + 1}))", "check",
                       locked=True))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update(kernelspec.metadata())
    for i, cell in enumerate(nb.cells):
        cell["id"] = cell.metadata.get("nbgrader", {}).get("grade_id") or f"{bank.id}-{i}"
    return nb


def is_fixed(bank: QuizBank) -> bool:
    """A bank that varies nothing between students: one variant per slot, options in the
    written order (the practice quiz)."""
    return all(len(s.variants) == 1 and not s.shuffle for s in bank.slots)


def fixed_spec(bank: QuizBank) -> dict:
    """A fixed bank as the fixed-form builder's spec (quiz_notebook.build): the same
    notebook, answers file and grading as a quiz without variants always had."""
    items = []
    for s in bank.slots:
        v = s.variants[0]
        items.append({"kind": s.kind, "objective": s.objective, "points": s.points,
                      "stem": v.stem, "options": dict(v.options), "key": v.key,
                      "concept": v.concept, "feedback": dict(v.feedback)})
    written = [{"id": w.id, "points": w.points, "prompt": w.prompt, "rubric": w.rubric,
                "objective": w.objective, "title": w.title} for w in bank.written]
    return {"id": bank.id, "title": bank.title, "intro": bank.intro, "items": items,
            "written": written}


def build_any(bank: QuizBank, salt: str = ""):
    """The instructor notebook of a bank: with per-student draws, or fixed-form if the
    bank varies nothing."""
    if is_fixed(bank):
        from hrcourse import lint
        from hrcourse.instructor.quiz_notebook import build as build_fixed

        nb = build_fixed(fixed_spec(bank))
        for n, slot in enumerate(bank.slots, 1):
            for cell in nb.cells:
                if slot.teaches_language and cell.metadata.get("nbgrader", {}).get(
                        "grade_id") in (f"q{n}_stem", f"q{n}_test"):
                    cell.metadata.setdefault("tags", []).append(lint.TEACHING_TAG)
        return nb
    return build(bank, salt)


def build_all(banks: dict[str, QuizBank], salt: str = "") -> dict[str, object]:
    """quiz id -> its instructor notebook."""
    return {quiz_id: build_any(bank, salt) for quiz_id, bank in banks.items()}


def write_sources(root: Path) -> list[Path]:
    """Build source/<id>/<id>.ipynb in the course folder `root` for every bank in data/
    quizzes/, with the term salt and the private bank of root's nbgrader_config.py."""
    from hrcourse.content.quiz_bank import load_banks
    from hrcourse.instructor.course import bank_settings

    settings = bank_settings(root)
    written = []
    for quiz_id, nb in build_all(load_banks(settings.private), settings.salt).items():
        target = Path(root) / "source" / quiz_id / f"{quiz_id}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    return written
