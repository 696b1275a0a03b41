"""Build an nbgrader instructor notebook for a click-answered quiz from a plain spec.

Used by tools/make_quiz.py (instructors writing a new quiz from YAML) and by the
synthetic classes of the tests and benchmarks, so every quiz notebook has one shape:
a question cell, the clickable options, a locked answer reader, a typed-answer cell and
a hidden test per item, then written items with their rubric, then the visible check.

Spec:
    id: quiz1_foundations
    title: ...
    intro: ...
    items:            # autograded; kinds: single, multiple, classify (= single over classes)
      - {kind: single, objective: "01.1", points: 1, stem: ..., options: {a: ..., b: ...},
         key: b, concept: what the item checks,
         feedback: {a: why a is right or wrong, b: ...}}   # optional; shown for chosen options
    written:          # graded by hand in the formgrader
      - {id: written_1, points: 4, prompt: ..., rubric: ..., objective: "01.2"}
"""

from __future__ import annotations

import nbformat


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None,
          task=False):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _md(source: str, grade_id: str | None = None, **kw):
    cell = nbformat.v4.new_markdown_cell(source)
    if grade_id:
        cell.metadata.update(_meta(grade_id, **kw))
    return cell


def _code(source: str, grade_id: str | None = None, hidden: bool = False, **kw):
    cell = nbformat.v4.new_code_cell(source)
    if grade_id:
        cell.metadata.update(_meta(grade_id, **kw))
    if hidden:
        cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def ask_source(n: int, options: dict[str, str], many: bool) -> str:
    """The clickable options' cell: the option texts are given to the widget, so each
    radio button or check box is named by its answer (the question's Markdown lists the
    same texts for reading and printing; tests/test_items.py checks they agree)."""
    lines = "".join(f"\n    {k!r}: {v.strip()!r}," for k, v in options.items())
    return f"quiz.ask({n}, {{{lines}\n}}{', many=True' if many else ''})"


def build(spec: dict):
    quiz_id, items, written = spec["id"], spec["items"], spec.get("written", [])
    total = sum(i.get("points", 1) for i in items) + sum(w["points"] for w in written)
    cells = [
        _md(f"# {spec['title']}\n\n{spec['intro'].strip()}\n\n"
            f"**How to answer:** run every cell from the top (*Run ▸ Run All Cells*), then click "
            f"your answer under each question. Each click is saved at once. Written answers go "
            f"in the boxes that say *Write your answer here* (double-click to edit). "
            f"You never need to write code. When you are done, run the last cell to check that "
            f"every item has an answer, save (Ctrl+S), and submit.\n\n"
            f"Points: {total} in all.", "intro", locked=True),
        _code(f"from hrcourse import quiz\nquiz.start({quiz_id!r})", "setup", locked=True,
              hidden=True),
    ]
    for n, item in enumerate(items, 1):
        opts = "".join(item["options"])
        many = item["kind"] == "multiple"
        listing = "\n".join(f"- **{k})** {v}" for k, v in item["options"].items())
        how = "Tick every option that applies." if many else "Choose one answer."
        cells.append(_md(f"### Question {n} ({item.get('points', 1)} point"
                         f"{'s' if item.get('points', 1) != 1 else ''})\n\n"
                         f"{item['stem'].strip()}\n\n{listing}\n\n*{how}*",
                         f"q{n}_stem", locked=True))
        args = f"{n}, {opts!r}" + (", many=True" if many else "")
        cells.append(_code(ask_source(n, item["options"], many), f"q{n}_ask", locked=True,
                           hidden=True))
        cells.append(_code(f"answer_{n} = quiz.answer({args})", f"q{n}_answer", locked=True,
                           hidden=True))
        cells.append(_code(f"# Only if clicking does not work: type your answer below, e.g.\n"
                           f"# answer_{n} = \"{opts[0]}\""))
        feedback = ""
        if item.get("feedback"):
            feedback = (",\n           feedback={"
                        + ", ".join(f"{k!r}: {v.strip()!r}" for k, v in item["feedback"].items())
                        + "}")
        test = _code(f"### BEGIN HIDDEN TESTS\nquiz.grade({n}, key={item['key']!r}, "
                     f"options={opts!r}, many={many}, points={item.get('points', 1)},\n"
                     f"           concept={item.get('concept', '').strip()!r}{feedback})"
                     "\n### END HIDDEN TESTS",
                     f"q{n}_test", grade=True, locked=True, points=item.get("points", 1),
                     hidden=True)
        test.metadata["hrcourse"] = {"item": n, "objective": item["objective"],
                                     "kind": item["kind"], "options": opts}
        cells.append(test)
    for w in written:
        cells.append(_md(f"### {w.get('title', 'Written answer')} ({w['points']} points)\n\n"
                         f"{w['prompt'].strip()}", f"{w['id']}_prompt", locked=True))
        answer = _md(f"### BEGIN SOLUTION\n**Rubric (instructors only; removed from the "
                     f"student version):**\n\n{w['rubric'].strip()}\n### END SOLUTION",
                     w["id"], grade=True, solution=True, points=w["points"])
        answer.metadata["hrcourse"] = {"written": True,
                                       "objective": w.get("objective", "")}
        cells.append(answer)
    numbers = f"range(1, {len(items) + 1})"
    cells.append(_md("### Check before you submit\n\nRun the cell below. It lists any "
                     "question without an answer.", "check_intro", locked=True))
    cells.append(_code(f"quiz.check_answered({numbers})", "check", locked=True))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                       "language": "python"},
                        "language_info": {"name": "python"}})
    for i, cell in enumerate(nb.cells):
        cell["id"] = cell.metadata.get("nbgrader", {}).get("grade_id") or f"{quiz_id}-{i}"
    return nb
