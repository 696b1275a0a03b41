"""The knowledge check's two forms as nbgrader assignments: built from the data file (each
item declared once), kept in step with it, and graded by trusted scoring with the data's
keys. The item rules are checked on the data, form by form, in
tests/test_knowledge_check_items.py (branch i15-learner), and on the notebooks with every
quiz in tests/test_items.py."""

import json

import nbformat

from hrcourse.content.knowledge_check import FORMS, load_knowledge_check
from hrcourse.instructor.knowledge_check import ASSIGNMENTS, build_forms, form_of, quiz_spec
from hrcourse.logic.click_items import items_in_notebook
from tests.conftest import ROOT


def test_source_holds_exactly_what_the_data_file_builds():
    for name, nb in build_forms(load_knowledge_check()).items():
        path = ROOT / "source" / name / f"{name}.ipynb"
        assert path.exists(), f"{name} is missing: run `make assignments`"
        committed = json.loads(path.read_text(encoding="utf-8"))
        assert committed == json.loads(nbformat.writes(nb)), \
            f"source/{name} is stale or edited by hand: run `make assignments`"


def test_each_form_is_a_click_quiz_graded_from_the_data_files_keys():
    check = load_knowledge_check()
    for form in FORMS:
        nb = json.loads((ROOT / "source" / ASSIGNMENTS[form] /
                         f"{ASSIGNMENTS[form]}.ipynb").read_text(encoding="utf-8"))
        graded = items_in_notebook(nb)  # read exactly as trusted scoring reads them
        items = check.form(form)
        assert None not in graded.values(), "a graded cell is not a click item"
        assert [graded[n].key for n in sorted(graded)] == [i.key for i in items]
        assert [graded[n].many for n in sorted(graded)] == [i.many for i in items]
        ids = [c["metadata"]["hrcourse"]["id"] for c in nb["cells"]
               if "id" in c["metadata"].get("hrcourse", {})]
        assert ids == [i.id for i in items]
        assert "quiz.start('" + ASSIGNMENTS[form] + "')" in json.dumps(nb)


def test_the_spec_names_the_forms_assignment_and_kinds():
    check = load_knowledge_check()
    spec = quiz_spec(check, "B")
    assert spec["id"] == "knowledge_check_b" and spec["title"].endswith("form B")
    assert all(i["points"] == 1 for i in spec["items"])
    assert form_of("knowledge_check_a") == "A" and form_of("quiz1_foundations") is None
