"""The knowledge check's two forms as nbgrader assignments, built from data/knowledge_check.yml.

Each item is declared once, in the data file: the learner's widget reads it there, and
`tools/make_knowledge_check.py` (run by `make assignments`) turns each form into an
instructor notebook in source/ with the same builder as every click quiz
(hrcourse.instructor.quiz_notebook), so the forms are graded by trusted scoring like the
quizzes. The class report pairs the two assignments to compute the class's gain.
"""

from __future__ import annotations

from hrcourse.content.knowledge_check import FORMS, KnowledgeCheck

# The form's letter -> its nbgrader assignment (and notebook) name. Declared here only.
ASSIGNMENTS = {form: f"knowledge_check_{form.lower()}" for form in FORMS}

INTRO = (
    "This knowledge check has {n} questions on the core ideas of every lesson. Your "
    "instructor gives it twice, in two parallel versions (form A and form B): once before "
    "the course and once after it, so that the class can see what it learned. Before the "
    "course, many answers will be new to you; that is expected. Answer what you think now, "
    "without looking anything up. All clients named in the questions are fictional."
)


def form_of(assignment: str) -> str | None:
    """"A" or "B" for a knowledge-check assignment, None for any other."""
    return next((form for form, name in ASSIGNMENTS.items() if name == assignment), None)


def quiz_spec(check: KnowledgeCheck, form: str) -> dict:
    """The spec of one form for hrcourse.instructor.quiz_notebook.build."""
    items = check.form(form)
    return {
        "id": ASSIGNMENTS[form],
        "title": f"Knowledge check, form {form}",
        "intro": INTRO.format(n=len(items)),
        "items": [{"kind": "multiple" if item.many else "single",
                   "objective": item.objective, "points": 1, "stem": item.stem,
                   "options": dict(item.options), "key": item.key, "concept": item.concept,
                   "feedback": dict(item.feedback)} for item in items],
    }


def _tag_quoted_terms(nb) -> None:
    """A cell that mentions a stigmatizing word only in quotation marks (a client's relative
    saying "an addict") is tagged as teaching about the word, as in the hand-written quizzes;
    the data file itself is checked with quotes allowed (tests/test_content.py)."""
    from hrcourse import lint

    for cell in nb.cells:
        if lint.findings(cell.source, allow_quoted=False) and not lint.findings(cell.source):
            cell.metadata.setdefault("tags", []).append(lint.TEACHING_TAG)


def _mark_item_ids(nb, ids: list[str]) -> None:
    """Each hidden test's metadata names its item's stable id in the data file ("A07"),
    beside the item number the quiz builder gives it."""
    for cell in nb.cells:
        meta = cell.metadata.get("hrcourse", {})
        if "item" in meta:
            meta["id"] = ids[meta["item"] - 1]


def build_forms(check: KnowledgeCheck) -> dict[str, object]:
    """assignment name -> its instructor notebook, for both forms."""
    from hrcourse.instructor.quiz_notebook import build

    forms = {}
    for form in FORMS:
        nb = build(quiz_spec(check, form))
        _tag_quoted_terms(nb)
        _mark_item_ids(nb, [item.id for item in check.form(form)])
        forms[ASSIGNMENTS[form]] = nb
    return forms
