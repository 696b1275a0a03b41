"""Generated cells of the lesson notebooks, from data/ (never typed by hand).

Each lesson gets: a navigation line at the top and bottom (previous / course map /
next), a header with the estimated time and objectives, a key-terms box linked
to the glossary notebook, and at its end a reminder to download "my progress". The
start page also gets the course map. The glossary notebook is generated whole.
`tools/make_navigation.py` writes them; the tests run the same code in check mode, so a
stale or broken link fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from hrcourse import kernelspec, syllabus
from hrcourse.content import repo_root

NOTEBOOKS = "notebooks"
GLOSSARY_NOTEBOOK = "glossary.ipynb"
GENERATED_TAGS = ("nav-top", "lesson-header", "key-terms", "course-map", "keep-my-work",
                  "nav-bottom")
# The end-of-lesson cell (code): mark the lesson complete (saved progress, counted for the
# certificate), download my progress, or my summary. The start page has nothing to mark.
KEEP_MY_WORK = "course.keep_my_work()"


def keep_my_work(lesson_index: int, lesson_id: str) -> str:
    return KEEP_MY_WORK if lesson_index == 0 else f'course.keep_my_work("{lesson_id}")'


COURSE_MAP_HEADING = "Course map"

# Generated cells that stay where the author put them (only their text is replaced): the
# start page's sentence on how many lessons there are and how long they take, so the count
# and the range of minutes cannot drift from data/.
IN_PLACE_TAGS = ("course-length",)
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve "
                 "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()


def number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def course_length(refs: list[syllabus.LessonRef]) -> str:
    """How long the start page takes, how many lessons follow it and their range of minutes."""
    start = syllabus.lesson(refs[0].id).minutes
    minutes = [syllabus.lesson(r.id).minutes for r in refs[1:]]
    span = (f"about {minutes[0]} minutes each" if min(minutes) == max(minutes)
            else f"{min(minutes)} to {max(minutes)} minutes each")
    return (f"Work through the lessons in order if you can; each builds on the one before. This "
            f"start page takes about {start} minutes. The {number_word(len(minutes))} lessons "
            f"after it take {span} (the course map gives each lesson's time), and you can stop "
            f"partway: your progress is saved.")


def anchor(heading: str) -> str:
    """JupyterLab's anchor for a Markdown heading: spaces become hyphens."""
    return heading.strip().replace(" ", "-")


def glossary_heading(term: str) -> str:
    """Glossary headings avoid parentheses, which would end a Markdown link's target."""
    return term.replace(" (", ", ").replace("(", "").replace(")", "").strip()


def nav_line(index: int, refs: list[syllabus.LessonRef]) -> str:
    parts = []
    if index > 0:
        prev = refs[index - 1]
        parts.append(f"[← {prev.id} {prev.title}]({prev.notebook})")
    parts.append(f"[Course map]({refs[0].notebook}#{anchor(COURSE_MAP_HEADING)})")
    if index + 1 < len(refs):
        nxt = refs[index + 1]
        parts.append(f"[{nxt.id} {nxt.title} →]({nxt.notebook})")
    else:
        parts.append(f"[Glossary →]({GLOSSARY_NOTEBOOK})")
    return " | ".join(parts)


# What only JupyterLab needs ("choose Run All"): the reading mode, which runs a lesson as it
# opens, hides what carries this class (jupyter/share/voila/templates/hrcourse).
LAB_ONLY = "hr-lab-only"


def header(lesson: syllabus.Lesson) -> str:
    objectives = "\n".join(f"{n}. {o.text}" for n, o in enumerate(lesson.objectives, 1))
    return (f"**Estimated time:** about {lesson.minutes} minutes  \n"
            f'<span class="{LAB_ONLY}">**To start:** choose *Run ▸ Run All Cells* in the menu, '
            f"then read from the top. </span>You never need to write code.\n\n"
            f"**By the end of this lesson you will be able to:**\n\n{objectives}")


def key_terms(lesson: syllabus.Lesson) -> str:
    if not lesson.key_terms:
        return ""
    rows = "\n".join(f"- **[{t.term}]({GLOSSARY_NOTEBOOK}#"
                     f"{anchor(glossary_heading(t.term))})**: "
                     f"{t.definition}"
                     for t in syllabus.terms_for(lesson.key_terms))
    return f"**Key terms in this lesson**\n\n{rows}"


def course_map_text(refs: list[syllabus.LessonRef]) -> str:
    lines = [f"## {COURSE_MAP_HEADING}", "",
             "Work through the lessons in order; each builds on the one before.", "",
             "| Lesson | Time | You will be able to |", "|---|---|---|"]
    for ref in refs:
        lesson = syllabus.lesson(ref.id)
        goals = "<br>".join(o.text for o in lesson.objectives)
        lines.append(f"| [{ref.id} {ref.title}]({ref.notebook}) | {lesson.minutes} min | "
                     f"{goals} |")
    lines += ["", f"Words in **bold** in the lessons are explained in the "
                  f"[glossary]({GLOSSARY_NOTEBOOK}).", "", WHERE_THINGS_LIVE]
    return "\n".join(lines)


WHERE_THINGS_LIVE = """### Where each part of the course lives

- **The lessons** open in **reading mode** (what `make start` and the Binder link open): \
text and activities, no code and nothing to run. What you answer is saved as you go.
- **The same lessons as notebooks**, with their one-line code cells, open in **JupyterLab**: \
*Open this page in JupyterLab* at the top of every page in reading mode. Your saved work is \
the same in both.
- **Graded quizzes** are answered in **JupyterLab** only: open a quiz in the `assignments` \
folder (in a class on a hub, fetch it under *Assignments*), answer by clicking, press \
*Validate*, then submit as your instructor says.
- **Your progress file, your summary and your record of completion** download from the end \
of any lesson and of the capstone, in either place."""


def _tagged(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def _generated_cell(tag: str, source: str, code: bool = False):
    cell = nbformat.v4.new_code_cell(source) if code else nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = [tag]
    cell.metadata["editable"] = False
    cell.metadata["deletable"] = False
    cell.pop("id", None)
    return cell


def apply(nb, lesson_index: int, refs: list[syllabus.LessonRef]) -> None:
    """Put the generated cells in place: replace existing ones, insert missing ones."""
    ref = refs[lesson_index]
    lesson = syllabus.lesson(ref.id)
    wanted = {"nav-top": nav_line(lesson_index, refs), "lesson-header": header(lesson),
              "key-terms": key_terms(lesson), "nav-bottom": nav_line(lesson_index, refs)}
    if lesson_index == 0:
        wanted["course-map"] = course_map_text(refs)
    in_place = {"course-length": course_length(refs)} if lesson_index == 0 else {}
    for cell in nb.cells:
        tag = next((t for t in IN_PLACE_TAGS if _tagged(cell, t)), None)
        if tag in in_place:
            cell.source = in_place[tag]
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False
    existing_ids = {tag: c.get("id") for c in nb.cells for tag in GENERATED_TAGS
                    if _tagged(c, tag)}
    body = [c for c in nb.cells if not any(_tagged(c, t) for t in GENERATED_TAGS)]
    # The title is the first Markdown cell of the body; generated boxes follow it.
    title_at = next((i for i, c in enumerate(body) if c.cell_type == "markdown"), -1)
    after_title = [wanted[t] and _generated_cell(t, wanted[t])
                   for t in ("lesson-header", "key-terms", "course-map") if t in wanted]
    cells = ([_generated_cell("nav-top", wanted["nav-top"])] + body[:title_at + 1]
             + [c for c in after_title if c] + body[title_at + 1:]
             + [_generated_cell("keep-my-work", keep_my_work(lesson_index, ref.id), code=True),
                _generated_cell("nav-bottom", wanted["nav-bottom"])])
    for i, cell in enumerate(cells):
        tag = next((t for t in GENERATED_TAGS if _tagged(cell, t)), None)
        if tag and existing_ids.get(tag):
            cell["id"] = existing_ids[tag]
        elif "id" not in cell:
            cell["id"] = f"{tag or 'cell'}-{i}"
    nb.cells = cells


def page_title(name: str) -> str:
    """The page's title in the reading mode (nbconvert's HTML <title>; JupyterLab shows
    the file name instead)."""
    return f"{name} · {syllabus.course_title()}"


def glossary_notebook():
    terms = sorted(syllabus.glossary().values(), key=lambda t: t.term.lower())
    cells = [nbformat.v4.new_markdown_cell(
        "# Glossary\n\nPlain definitions of the course's key terms, in alphabetical order. "
        "Each lesson links here.")]
    for t in terms:
        cells.append(nbformat.v4.new_markdown_cell(
            f"### {glossary_heading(t.term)}\n\n{t.definition}"))
    refs = syllabus.course_map()
    cells.append(nbformat.v4.new_markdown_cell(
        f"[← Course map]({refs[0].notebook}#{anchor(COURSE_MAP_HEADING)})"))
    nb = nbformat.v4.new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"glossary-{i}"
    nb.metadata.update(kernelspec.metadata())
    nb.metadata["title"] = page_title("Glossary")
    return nb


@dataclass
class Outcome:
    changed: list[str]
    missing: list[str]


def build(root: Path | None = None, check: bool = False) -> Outcome:
    """Regenerate every lesson's generated cells and the glossary. In check mode, only
    report which files would change."""
    folder = (root or repo_root()) / NOTEBOOKS
    refs = syllabus.course_map()
    changed, missing = [], []
    targets = []
    for index, ref in enumerate(refs):
        path = folder / ref.notebook
        if not path.exists():
            missing.append(ref.notebook)
            continue
        nb = nbformat.read(path, as_version=4)
        apply(nb, index, refs)
        nb.metadata["title"] = page_title(f"{ref.id} {ref.title}")
        nb.metadata.update({k: v for k, v in kernelspec.metadata().items()
                            if k not in nb.metadata})
        targets.append((path, nb))
    targets.append((folder / GLOSSARY_NOTEBOOK, glossary_notebook()))
    for path, nb in targets:
        text = nbformat.writes(nb) + "\n"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(path.name)
            if not check:
                path.write_text(text, encoding="utf-8")
    return Outcome(changed, missing)


# -- link checking --------------------------------------------------------------

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def headings(nb) -> set[str]:
    found = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found |= {anchor(h) for h in _HEADING.findall(cell.source)}
    return found


def broken_links(folder: Path) -> list[str]:
    """Relative links between notebooks whose file or heading anchor does not exist."""
    problems = []
    notebooks = {p.name: nbformat.read(p, as_version=4) for p in sorted(folder.glob("*.ipynb"))}
    anchors = {name: headings(nb) for name, nb in notebooks.items()}
    for name, nb in notebooks.items():
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            for target in _LINK.findall(cell.source):
                if re.match(r"^[a-z]+:", target):
                    continue  # external (https:, mailto:, tel:) links are not checked here
                file, _, frag = target.partition("#")
                file = file or name
                if not (folder / file).exists():
                    problems.append(f"{name} cell {i}: link to missing file {file}")
                elif frag and file in anchors and frag not in anchors[file]:
                    problems.append(f"{name} cell {i}: no heading '#{frag}' in {file}")
    return problems
