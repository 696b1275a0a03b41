"""The learner's exports, written to their own machine: the summary of everything saved
(Markdown, HTML, CSV), the relapse-prevention plan, and a copy of the progress download.
No widgets: the widgets call these and show links (hrcourse.widgets.work).

`context()` gives hrcourse.records what reading a record needs from the content (lesson
titles, stance labels, the plan's sections, the vignettes), read when first needed; if a
content file is being edited and cannot be read, records read by their ids instead, so an
export always works.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from hrcourse import progress, summary, syllabus
from hrcourse.files import write_atomic
from hrcourse.records import Context
from hrcourse.wording import FIT_LABEL

EXPORT_ENV = "HRCOURSE_EXPORT"
SUMMARY_NAME = "my-course-work"
PLAN_NAME = "relapse-prevention-plan.md"


def export_dir() -> Path:
    """$HRCOURSE_EXPORT, else my-course-work/ beside the running notebook (visible in
    JupyterLab's file browser, so Binder learners can right-click and download)."""
    override = os.environ.get(EXPORT_ENV)
    return Path(override).expanduser() if override else Path.cwd() / SUMMARY_NAME


# -- what reading records needs from the content --------------------------------------------
@cache
def _vignette(vid: str):
    from hrcourse.content.vignette import load_vignette

    return load_vignette(vid)


def vignette_lesson(vid: str) -> str | None:
    try:
        return _vignette(vid).lesson
    except Exception:  # a case removed or renamed since: it still counts as a record
        return None


def vignette_path(vid: str, state: dict) -> tuple[str, list[str]] | None:
    """A saved case as its title and the responses chosen, in plain words."""
    from hrcourse.logic import vignette

    try:
        run = vignette.Run.from_dict(_vignette(vid), state)
    except Exception:  # a case removed or renamed since: keep the raw ids instead
        return None
    return (run.vignette.title,
            [f"{choice.text} ({FIT_LABEL[choice.fit]}; {choice.principle})"
             for _, choice, _ in run.summary().rows])


def _stance_labels() -> dict[str, str]:
    from hrcourse.content.stance import load_instrument

    return {d.id: d.label for d in load_instrument().domains}


def _plan_sections() -> dict[str, str]:
    from hrcourse.content.relapse_plan import load_template

    return {s.id: s.title for s in load_template().sections}


def screening_lesson() -> str | None:
    from hrcourse.content.screening import load_screening

    try:
        return load_screening().lesson
    except Exception:  # the file being edited: the records still count
        return None


def sequence_lesson(sequence_id: str) -> str | None:
    from hrcourse.content.sequence import find_sequence

    try:
        return find_sequence(sequence_id).lesson
    except Exception:  # an exercise renamed since: it still counts as a record
        return None


def knowledge_check_lines(records: dict) -> list[str]:
    """The knowledge check's scores and gain, scored against the forms as they are now."""
    from hrcourse.content.knowledge_check import load_knowledge_check
    from hrcourse.logic import knowledge_check

    try:
        check = load_knowledge_check()
    except Exception as err:  # the summary must be written even if the check is being edited
        return [f"- (The knowledge check could not be scored: {err})", ""]
    return knowledge_check.summary_lines(records, check, objective_texts(), lessons())


def lessons() -> dict[str, tuple[str, str]]:
    """Lesson id -> (title, notebook)."""
    return {ref.id: (ref.title, ref.notebook) for ref in syllabus.course_map()}


def objective_texts() -> dict[str, str]:
    """Objective id -> its text, for every lesson that can be read."""
    texts = {}
    for ref in syllabus.course_map():
        try:
            texts |= {o.id: o.text for o in syllabus.lesson(ref.id).objectives}
        except Exception:  # a lesson file being written: its objectives show by id only
            continue
    return texts


def _or_empty(read) -> dict:
    try:
        return read()
    except Exception:  # the export must work even if a content file is being edited
        return {}


def context() -> Context:
    _vignette.cache_clear()  # content may have changed since the last export
    return Context(lesson_titles=_or_empty(lambda: {r.id: r.title
                                                    for r in syllabus.course_map()}),
                   stance_labels=_or_empty(_stance_labels),
                   plan_sections=_or_empty(_plan_sections),
                   vignette_lesson=vignette_lesson, vignette_path=vignette_path,
                   screening_lesson=screening_lesson, sequence_lesson=sequence_lesson,
                   knowledge_check_lines=knowledge_check_lines)


# -- writing --------------------------------------------------------------------------------
def write_summary(directory: Path | None = None) -> dict[str, Path]:
    """Write my-course-work.md/.html/.csv of everything saved; return the paths."""
    records, reading = progress.shared().load()["records"], context()
    md = summary.to_markdown(records, syllabus.course_title(), context=reading)
    target = Path(directory) if directory else export_dir()
    paths = {kind: target / f"{SUMMARY_NAME}.{kind}" for kind in ("md", "html", "csv")}
    write_atomic(paths["md"], md)
    write_atomic(paths["html"], summary.to_html(md))
    write_atomic(paths["csv"], summary.to_csv(records, reading))
    return paths


def write_relapse_plan(template, answers: dict[str, str],
                       directory: Path | None = None) -> Path:
    """The plan on its own, its sections in the template's order (as in the summary)."""
    from hrcourse.logic import relapse_plan

    path = (Path(directory) if directory else export_dir()) / PLAN_NAME
    write_atomic(path, relapse_plan.to_markdown(template, answers))
    return path


def write_certificate(cert, directory: Path | None = None) -> dict[str, Path]:
    """The certificate page as HTML and PDF (hrcourse.certificate_page); return the paths."""
    from hrcourse import certificate_page

    target = Path(directory) if directory else export_dir()
    paths = {"html": target / "certificate.html", "pdf": target / "certificate.pdf"}
    write_atomic(paths["html"], certificate_page.to_html(cert))
    write_atomic(paths["pdf"], certificate_page.to_pdf(cert))
    return paths


def write_progress_copy(name: str, text: str, directory: Path | None = None) -> Path:
    """A copy of the progress download beside the other exports."""
    path = (Path(directory) if directory else export_dir()) / name
    write_atomic(path, text)
    return path
