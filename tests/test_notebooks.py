"""Every notebook runs headless top to bottom, is committed clean, and links resolve."""

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from hrcourse import syllabus
from hrcourse.navigation import broken_links, build, course_length, number_word

# Kernels share IPython's history database; one kernel waiting on another's lock
# stalls a run (nbgrader passes the same flag for the same reason).
NO_HISTORY = ["--HistoryManager.hist_file=:memory:"]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
COMMITTED = NOTEBOOKS + sorted((ROOT / "source").rglob("*.ipynb")) + \
    sorted((ROOT / "assignments").rglob("*.ipynb"))


def test_every_lesson_in_the_course_map_has_a_notebook():
    assert [p.name for p in NOTEBOOKS if p.name != "glossary.ipynb"] == \
        sorted(ref.notebook for ref in syllabus.course_map())


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_notebooks_carry_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name} cell {i} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"


def test_generated_navigation_is_up_to_date():
    outcome = build(check=True)
    assert not outcome.missing
    assert not outcome.changed, f"run `make navigation`; out of date: {outcome.changed}"


def test_the_start_page_takes_the_lesson_count_and_minutes_from_data():
    """"Nine short lessons, about an hour each" drifted from the course map; the start page's
    sentence is now generated from data/course.yml and the lessons' minutes."""
    refs = syllabus.course_map()
    minutes = [syllabus.lesson(r.id).minutes for r in refs[1:]]
    nb = nbformat.read(ROOT / "notebooks" / refs[0].notebook, as_version=4)
    cell = next(c for c in nb.cells if "course-length" in c.metadata.get("tags", []))
    assert f"The {number_word(len(minutes))} lessons after it" in cell.source
    assert f"{min(minutes)} to {max(minutes)} minutes each" in cell.source
    written = " ".join(c.source for c in nb.cells if c.cell_type == "markdown" and c is not cell)
    assert not re.search(r"\b(?:\w+ short lessons|about an hour each)\b", written)


def test_the_course_length_sentence_follows_the_data(monkeypatch):
    refs = syllabus.course_map()
    lessons = {r.id: syllabus.lesson(r.id) for r in refs}
    monkeypatch.setattr(syllabus, "lesson", lambda i: lessons[i].model_copy(update={"minutes": 40})
                        if i == refs[1].id else lessons[i])
    text = course_length(refs[:3])
    assert "The two lessons after it take" in text and "40 to" in text
    monkeypatch.setattr(syllabus, "lesson", lambda i: lessons[i].model_copy(update={"minutes": 60}))
    assert "about 60 minutes each" in course_length(refs)


def test_no_broken_links_between_notebooks():
    assert broken_links(ROOT / "notebooks") == []


def test_a_broken_link_is_detected(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# A\n\n[next](missing.ipynb) [map](a.ipynb#No-such-heading) [ok](a.ipynb#A)")])
    nbformat.write(nb, tmp_path / "a.ipynb")
    assert broken_links(tmp_path) == ["a.ipynb cell 0: link to missing file missing.ipynb",
                                      "a.ipynb cell 0: no heading '#No-such-heading' in a.ipynb"]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name != "glossary.ipynb"],
                         ids=lambda p: p.name)
def test_lessons_ask_no_code_of_the_learner(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if ln.strip()
                     and not ln.strip().startswith("#")]
            assert len(lines) == 1 and len(lines[0]) <= 80, f"{path.name} cell {i}: {lines}"


def _execute(path: Path, cwd: Path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", extra_arguments=NO_HISTORY,
                            shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr"
                                              and "Traceback" in o.text)]
    assert not errors, f"{path.name}: {errors[0]}"
    return nb


@pytest.mark.kernel
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_from_its_folder_and_from_elsewhere(path, tmp_path, monkeypatch):
    _execute(path, path.parent)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("HRCOURSE_PROGRESS", str(tmp_path / "other-progress.json"))
    _execute(path, elsewhere)
    assert os.environ["HRCOURSE_PROGRESS"].endswith("other-progress.json")
