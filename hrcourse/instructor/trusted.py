"""Trusted scoring: click quizzes graded from the student's answers as data.

A student's cells always run before the hidden tests, so anything graded inside the
student's kernel can be made to award itself full marks (replace `quiz.grade`, put a
fake `hrcourse/` beside the notebook, print 1000...). For a notebook whose graded code
cells are all `quiz.grade(...)` calls, `ClickScoring` therefore runs nothing:

- the items (key, options, points, concept, per-option feedback) come from the
  instructor's hidden tests as stored in the gradebook, parsed, never executed;
- the answers come from the answers file (read as data, size-capped, links and pipes
  refused) and from typed `answer_<n> = "b"` lines read with `ast`
  (hrcourse.logic.click_items);
- each graded cell gets the outputs the hidden test would have printed and returned,
  so nbgrader's SaveAutoGrades, the formgrader and generate_feedback work unchanged.

Any other notebook is executed as before (RobustExecute, or sandboxed in `hrcourse
grade`). `HideHiddenTests` keeps hidden tests (and so the keys) out of the feedback.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import types
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import CheckCellMetadata, ClearHiddenTests, DeduplicateIds
from traitlets import Enum, Integer

from hrcourse.instructor.execute import IsolatedExecute, RobustExecute
from hrcourse.logic import answers as answers_logic
from hrcourse.logic.click_items import (
    CLICKED,
    ClickItem,
    SlotItem,
    parse_graded_test,
    quiz_start,
    recorded_answers,
)
from hrcourse.logic.slot_scores import FLAG, displayed_answer, flags, own_draw, score_slot

_OPTION_LINE = re.compile(r"^\s*[-*]\s+\*\*(\w)\)\*\*\s+(.+?)\s*$", re.MULTILINE)


class Quiz:
    """The instructor's version of one notebook, from the gradebook: its click items by
    grade cell id, or `None` if some graded code cell is not a click item."""

    def __init__(self, db_url: str, notebook: str, assignment: str):
        from nbgrader.api import Gradebook

        self.items: dict[str, ClickItem | SlotItem] | None = {}
        self.max_points: dict[str, float] = {}
        self.quiz_id = notebook
        self.salt = ""  # the term salt of the instructor's setup cell (item-bank quizzes)
        self.option_texts: dict[int, dict[str, str]] = {}
        with Gradebook(db_url) as gb:
            nb = gb.find_notebook(notebook, assignment)
            sources = {c.name: c for c in nb.source_cells}
            for cell in nb.grade_cells:
                if cell.cell_type != "code":
                    continue  # written answers: graded by hand, untouched here
                item = parse_graded_test(sources[cell.name].source if cell.name in sources
                                         else "")
                if item is None:
                    self.items = None
                    break
                self.items[cell.name] = item
                self.max_points[cell.name] = float(cell.max_score)
            for cell in sources.values():
                started = quiz_start(cell.source) if cell.cell_type == "code" and \
                    "quiz.start" in cell.source else None
                if started:
                    self.quiz_id, self.salt = started
                number = re.fullmatch(r"q(\d+)_stem", cell.name)
                if number and cell.cell_type == "markdown":
                    self.option_texts[int(number.group(1))] = dict(
                        _OPTION_LINE.findall(cell.source))

    def reveal(self, item: ClickItem) -> str:  # fixed-form items; slots: score_slot
        texts = self.option_texts.get(item.item, {})
        keys = [k for k in item.options if k in item.key.replace(" ", "").split(",")]
        return "; ".join(f"{k}) {texts[k]}" if k in texts else f"{k})" for k in keys) + "."


def needs_kernel(db_url: str, assignment: str) -> bool:
    """Whether some notebook of the assignment must run students' code to be graded."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        names = [nb.name for nb in gb.find_assignment(assignment).notebooks]
    return any(Quiz(db_url, name, assignment).items is None for name in names)


def read_answers_file(folder: Path, quiz_id: str, limit: int) -> tuple[dict[str, str], str]:
    """read_answer_entries, each answer as its text (option ids or letters)."""
    entries, note = read_answer_entries(folder, quiz_id, limit)
    return {n: e.choice for n, e in entries.items()}, note


def read_answer_entries(folder: Path, quiz_id: str, limit: int
                        ) -> tuple[dict[str, answers_logic.Entry], str]:
    """The clicked answers, read as data: a regular file only (never through a link,
    never a pipe or device), at most `limit` bytes. Returns (answers, a note for the
    student if the file could not be used)."""
    path = folder / answers_logic.answers_filename(quiz_id)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return {}, "the saved answers file is a link, not a file, so it was not read"
        fd = os.open(path, flags)
    except FileNotFoundError:
        return {}, ""
    except OSError as err:
        why = "it is a link" if err.errno == errno.ELOOP else err.strerror
        return {}, f"the saved answers file could not be read ({why})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return {}, "the saved answers file is not a regular file, so it was not read"
        if info.st_size > limit:
            return {}, (f"the saved answers file is larger than {limit // 1024} KB, which no "
                        f"quiz writes, so it was not read")
        raw = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    try:
        return answers_logic.parse_answer_entries(raw.decode("utf-8"), quiz_id), ""
    except UnicodeDecodeError:
        return {}, "the saved answers file is damaged (not text)"
    except answers_logic.AnswersFileError as err:
        return {}, str(err)


def _outputs(lines: list[str], points: float) -> list[NotebookNode]:
    """What the hidden test's `quiz.grade(...)` would have left: its printed line and
    its return value, which nbgrader reads as the cell's partial credit."""
    return [NotebookNode(output_type="stream", name="stdout", text="\n".join(lines) + "\n"),
            NotebookNode(output_type="execute_result", execution_count=None, metadata={},
                         data={"text/plain": repr(float(points))})]


def _restored_cell(grade_id: str, item: ClickItem, points: float) -> NotebookNode:
    """A graded cell the submission lacks, put back so that its item is still scored
    (nbgrader's own add_missing_cells fails when the cell before it is not graded)."""
    return NotebookNode(
        cell_type="code", execution_count=None, outputs=[], id=f"restored-{grade_id}",
        source=f"# Item {item.item}: this graded cell was missing from the submission; "
               f"the grader put it back.",
        metadata=NotebookNode(nbgrader=NotebookNode(
            grade=True, grade_id=grade_id, locked=True, points=points, solution=False,
            task=False, schema_version=3)))


class ClickScoring(RobustExecute):
    """nbgrader's Execute step; for click quizzes, scoring from data instead."""

    reveal_key = Enum(["never", "always"], default_value="never", config=True,
                      help="Whether a student's feedback names the correct option of an item "
                           "they missed ('always'), or never does, so the quiz can be reused "
                           "('never'). Applies when autograding.")
    max_answers_bytes = Integer(64 * 1024, config=True,
                                help="Largest answers file read; a click quiz writes about "
                                     "1 KB.")

    def preprocess(self, nb, resources=None, km=None):
        info = resources["nbgrader"]
        quiz = Quiz(info["db_url"], info["notebook"], info["assignment"])
        if quiz.items is None:
            return super().preprocess(nb, resources, km=km)
        self.log.info("Scoring %d click item(s) from the answers as data; no code is run",
                      len(quiz.items))
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        entries, file_note = read_answer_entries(folder, quiz.quiz_id, self.max_answers_bytes)
        clicked = {n: e.choice for n, e in entries.items()}
        # Who is graded: nbgrader's student id for this submission, never the notebook's.
        student = str(info.get("student", ""))
        cells = [(c.cell_type, c.source) for c in nb.cells]
        test_cells = {}
        for index, cell in enumerate(nb.cells):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.cell_type == "code" and grade_id in quiz.items:
                test_cells.setdefault(quiz.items[grade_id].item, index)
        for grade_id, item in quiz.items.items():
            if item.item not in test_cells:  # deleted from the submission: scored anyway
                nb.cells.append(_restored_cell(grade_id, item, quiz.max_points[grade_id]))
                test_cells[item.item] = len(nb.cells) - 1
                cells.append(("code", ""))
        recorded = recorded_answers(cells, test_cells)
        first = True
        for n, index in sorted(test_cells.items(), key=lambda kv: kv[1]):
            cell = nb.cells[index]
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            item, rec = quiz.items[grade_id], recorded[n]
            reveal = self.reveal_key == "always"
            flagged: list[str] = []
            if isinstance(item, SlotItem):
                drawn = own_draw(item, quiz.salt, quiz.quiz_id, student)
                entry = entries.get(str(item.item)) if rec.source == CLICKED else None
                given = rec.typed if rec.source != CLICKED else (
                    displayed_answer(entry.choice, drawn, item.many) if entry else None)
                flagged = flags(item, drawn, entry, student)
                mark = score_slot(item, drawn, given, reveal)
            else:
                given = rec.typed if rec.source != CLICKED else clicked.get(str(item.item))
                mark = answers_logic.score(
                    given, item.key, item.options, item.many, item.points, item.concept,
                    item.feedback, quiz.reveal(item) if reveal else None)
            lines = [f"Item {item.item}: {mark.message}"]
            lines += [f"Note: {note}." for note in rec.notes]
            lines += [f"{line}." for line in flagged]
            if first and file_note:
                lines.insert(0, f"Note: {file_note}. Clicked answers from it could not be used.")
            first = False
            cell.outputs = _outputs(lines, min(mark.points, quiz.max_points[grade_id]))
        return nb, resources


def flag_lines(nb: dict) -> list[str]:
    """The flag lines trusted scoring wrote into a graded notebook (given as a dict)."""
    found = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            text = output.get("text", "")
            text = "".join(text) if isinstance(text, list) else str(text)
            found += [ln for ln in text.splitlines() if ln.startswith(FLAG)]
    return found


class IsolatedClickScoring(ClickScoring, IsolatedExecute):
    """The same; a notebook that must run students' code runs it in the sandbox."""


class HideHiddenTests(ClearHiddenTests):
    """For generate_feedback: hidden tests stay in the instructor's autograded copy but
    never reach a student's feedback, so the keys are not handed out with the grades
    (nbgrader issue #1363). Outputs, grades and comments are kept."""

    PLACEHOLDER = "# Hidden test: graded by the course's grader (its code is not shown)."

    def preprocess_cell(self, cell, resources, cell_index):
        try:
            removed = self._remove_hidden_test_region(cell)
        except RuntimeError:  # unbalanced markers (e.g. typed by a student): show nothing
            removed, cell.source = True, ""
        if removed and not cell.source.strip():
            cell.source = self.PLACEHOLDER
        return cell, resources


class DropDuplicateIds(DeduplicateIds):
    """nbgrader's DeduplicateIds, fixed: it empties the nbgrader metadata of a duplicated
    graded cell (a copied cell keeps its metadata), after which nbgrader refuses the whole
    notebook as "an old version" and the student gets no grade. Here the duplicate simply
    stops being an nbgrader cell."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.metadata.get("nbgrader") == {}:
            del cell.metadata["nbgrader"]
        return cell, resources


_COMPILED: dict[str, object] = {}


def _validate_compiled(instance, schema):
    """jsonschema.validate without re-checking the schema on every call."""
    import jsonschema

    key = json.dumps(schema, sort_keys=True)
    if key not in _COMPILED:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _COMPILED[key] = cls(schema)
    error = jsonschema.exceptions.best_match(_COMPILED[key].iter_errors(instance))
    if error is not None:
        raise error


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's CheckCellMetadata, the same rules, with its JSON schema checked once:
    nbgrader checks the schema itself again for every cell, a third of the time it takes
    to grade a click quiz."""

    def preprocess(self, nb, resources):
        from nbgrader.nbgraderformat import common

        with contextlib.ExitStack() as stack:
            stack.callback(setattr, common, "jsonschema", common.jsonschema)
            common.jsonschema = types.SimpleNamespace(validate=_validate_compiled)
            return super().preprocess(nb, resources)
