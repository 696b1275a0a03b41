"""Saved records have one owner (hrcourse/records.py): every kind the widgets save is
declared there with its shape; the exports follow one order; an older progress document
is read as the current version (the capstone moved from lesson 08 to lesson 11)."""

import ast
import json
from pathlib import Path

import pytest

from hrcourse import export, progress, records, resume, summary
from hrcourse.progress import Progress

WIDGETS = Path(__file__).resolve().parent.parent / "hrcourse" / "widgets"


def test_every_record_a_widget_saves_is_of_a_declared_kind_and_has_its_shape(isolated_progress):
    from hrcourse.content.criteria import load_cases, load_criteria
    from hrcourse.content.screening import find_tool
    from hrcourse.content.selfcheck import load_bank
    from hrcourse.content.sequence import find_sequence
    from hrcourse.content.vignette import load_vignette
    from hrcourse.logic.criteria import classify
    from hrcourse.widgets import (
        completion,
        criteria,
        knowledge_check,
        reflection,
        relapse_plan,
        screening,
        selfcheck,
        sequence,
        stance,
        vignette,
    )

    reflection.Reflection("01", "Prompt?").text.value = "A thought"
    item = load_bank("01")[0]
    check = selfcheck.SelfCheck(item, 1)
    check.choose(item.options[0].id)
    check.button.click()
    player = vignette.VignettePlayer(load_vignette("line-cook"))
    player.choose(player.run.scene.choices[0].id)
    survey = stance.StanceSurvey("pre")
    survey.set_answers({k: 4 for k in survey.inputs})
    survey.button.click()
    plan = relapse_plan.PlanBuilder()
    next(iter(plan.inputs.values())).value = "Payday"
    criteria.CriteriaExplorer().boxes["tolerance"].value = True
    case = load_cases(classify)[0]
    classifier = criteria.CaseClassifier(case, load_criteria(), 1)
    classifier.choice.value = case.answer
    classifier.check()
    scorer = screening.ScreeningScorer(find_tool("audit-c"))
    scorer.answer(scorer.tool.questions[0].id, scorer.tool.questions[0].options[0].id)
    scorer.button.click()
    order = sequence.SequenceExercise(find_sequence("opioid-overdose"))
    order.move(order.order[1], -1)
    order.check()
    completion.LessonDone("01").box.value = True
    before = knowledge_check.KnowledgeCheckWidget("pre")
    before.choose(1, "a")
    before.submit_button.click()
    before.submit_button.click()  # "Submit anyway"

    saved = json.loads(isolated_progress.read_text())["records"]
    assert set(saved) == {"reflection", "selfcheck", "vignette", "stance", "relapse-plan",
                          "criteria-explorer", "classify", "screening", "sequence",
                          "lesson-done", "knowledge-check"}
    assert set(saved["knowledge-check"]) == {"assignment", "pre"}
    for section, entries in saved.items():
        kind = records.kind(section)
        assert kind is not None, f"{section} is saved but not declared in hrcourse/records.py"
        for key, value in entries.items():
            assert records.conforms(kind, value), f"{section}/{key}: {value!r}"


def test_widgets_name_no_section_of_their_own():
    """Each widget saves and loads through a kind from hrcourse.records, never a string."""
    problems = []
    for path in WIDGETS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("save", "load") \
                    and node.args and not (isinstance(node.args[0], ast.Name)
                                           and node.args[0].id.isupper()):
                problems.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "SECTION"
                                                    for t in node.targets):
                problems.append(f"{path.name}:{node.lineno} declares a SECTION")
    assert not problems, problems


def test_the_plans_own_export_and_the_course_summary_agree_on_order_and_titles(tmp_path):
    from hrcourse.content.relapse_plan import load_template

    template = load_template()
    sections = [s for s in template.sections]
    answers = {s.id: f"answer for {s.id}" for s in reversed(sections)}  # saved out of order
    progress.shared().update({("relapse-plan", k): v for k, v in answers.items()})

    plan = export.write_relapse_plan(template, answers, tmp_path).read_text()
    whole = export.write_summary(tmp_path)["md"].read_text()
    part = whole[whole.index("## Relapse-prevention plan"):]

    def order(text):
        return sorted(answers.values(), key=text.index)

    assert order(plan) == order(part) == [f"answer for {s.id}" for s in sections]
    assert all(s.title in part for s in sections)
    csv_order = [line.split(",")[1] for line in
                 (tmp_path / "my-course-work.csv").read_text().splitlines()
                 if line.startswith("relapse-plan,")]
    assert csv_order == [s.id for s in sections]


def test_the_summary_follows_the_registrys_order():
    saved = {k.section: {"01": {"text": "x"}} for k in reversed(records.KINDS)}
    md = summary.to_markdown(saved, "Course", {}, {})
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings == [k.heading for k in records.KINDS if k.heading]


def test_where_a_record_belongs():
    context = records.Context(vignette_lesson={"line-cook": "01"}.get)
    assert records.lesson_of("reflection", "11") == "11"
    assert records.lesson_of("selfcheck", "05/tolerance", context) == "05"
    assert records.lesson_of("vignette", "line-cook", context) == "01"
    assert records.lesson_of("vignette", "gone", context) is None
    assert records.lesson_of("stance", "pre") is None
    assert records.noun("selfcheck") == "self-check answers"
    assert records.noun("something-new") == "something-new"


# -- format version 1 -> 2: the capstone moved from lesson 08 to lesson 11 -------------------
def _v1(recs: dict, stamps: dict) -> dict:
    return {"format": progress.FORMAT, "version": 1, "course": progress.COURSE,
            "records": recs, "stamps": stamps, "saved_at": "2026-11-29T10:00:00Z"}


OLD = _v1({"reflection": {"07": {"text": "lesson 7"}, "08": {"text": "my capstone"}},
           "selfcheck": {"08/return-mid-treatment": {"status": "correct"},
                         "07/x": {"status": "partial"}},
           "vignette": {"capstone-daniel": {"steps": []}},
           "earlier-versions": {"reflection/08 (2026-11-20T09:00:00Z)": {
               "section": "reflection", "key": "08", "saved_at": "2026-11-20T09:00:00Z",
               "value": {"text": "an older capstone draft"}}}},
          {"reflection": {"08": "2026-11-29T09:00:00Z"},
           "selfcheck": {"08/return-mid-treatment": "2026-11-29T09:30:00Z"}})


def _moved(doc: dict) -> None:
    assert doc["version"] == progress.VERSION == 2
    recs, stamps = doc["records"], doc["stamps"]
    assert recs["reflection"] == {"07": {"text": "lesson 7"}, "11": {"text": "my capstone"}}
    assert recs["selfcheck"] == {"11/return-mid-treatment": {"status": "correct"},
                                 "07/x": {"status": "partial"}}
    assert stamps == {"reflection": {"11": "2026-11-29T09:00:00Z"},
                      "selfcheck": {"11/return-mid-treatment": "2026-11-29T09:30:00Z"}}
    assert recs["vignette"] == {"capstone-daniel": {"steps": []}}
    (kept,) = recs["earlier-versions"].values()
    assert kept["key"] == "11" and kept["value"] == {"text": "an older capstone draft"}


def test_an_older_progress_file_is_read_with_the_capstone_in_lesson_11(isolated_progress):
    isolated_progress.parent.mkdir(parents=True)
    isolated_progress.write_text(json.dumps(OLD))
    store = Progress(isolated_progress)
    _moved(store.load())
    assert store.get("reflection", "08") is None  # the new lesson 08 starts empty
    store.set("reflection", "01", {"text": "new"})  # the next save writes version 2
    written = json.loads(isolated_progress.read_text())
    assert written["version"] == 2 and "08" not in written["records"]["reflection"]
    assert written["records"]["reflection"]["11"] == {"text": "my capstone"}
    assert written["stamps"]["selfcheck"] == {"11/return-mid-treatment": "2026-11-29T09:30:00Z"}
    assert not store.notices


def test_an_older_download_or_browser_copy_is_read_the_same_way(tmp_path):
    _moved(resume.parse(json.dumps(OLD).encode()))
    store = Progress(tmp_path / "p.json")
    result = store.modify(lambda here: resume.merge(here, resume.parse(json.dumps(OLD))).doc)
    assert result["records"]["reflection"]["11"] == {"text": "my capstone"}
    assert "08" not in result["records"]["reflection"]


@pytest.mark.parametrize("old_stamp, new_stamp, kept, set_aside", [
    ("2026-11-29T09:00:00Z", "2026-11-29T11:00:00Z", "after the renumbering", "my capstone"),
    ("2026-11-29T12:00:00Z", "2026-11-29T11:00:00Z", "my capstone", "after the renumbering"),
])
def test_a_capstone_saved_under_both_numbers_keeps_the_newer_and_sets_the_other_aside(
        old_stamp, new_stamp, kept, set_aside):
    doc = _v1({"reflection": {"08": {"text": "my capstone"},
                              "11": {"text": "after the renumbering"}}},
              {"reflection": {"08": old_stamp, "11": new_stamp}})
    read = progress.upgrade(doc)
    assert read["records"]["reflection"] == {"11": {"text": kept}}
    assert read["stamps"]["reflection"]["11"] == max(old_stamp, new_stamp)
    (earlier,) = read["records"]["earlier-versions"].values()
    assert earlier["value"] == {"text": set_aside} and earlier["key"] == "11"
    assert earlier["saved_at"] == min(old_stamp, new_stamp)


def test_a_current_document_keeps_lesson_08_as_the_new_lesson_08():
    doc = {**_v1({"reflection": {"08": {"text": "new lesson 8"}}}, {}), "version": 2}
    assert progress.upgrade(doc)["records"]["reflection"] == {"08": {"text": "new lesson 8"}}
    assert progress.upgrade(OLD) != OLD and OLD["version"] == 1  # the input is not changed
