"""Vignette validation (errors name file, scene, field) and the branching run."""

import copy

import pytest

from hrcourse.content import ContentError
from hrcourse.content.vignette import load_vignette, vignette_from_dict
from hrcourse.logic.vignette import Run


def choice(cid, nxt, fit="weak", openness=0):
    return {"id": cid, "text": f"say {cid}", "fit": fit, "principle": f"principle {cid}",
            "feedback": "fb", "reaction": "re", "openness": openness, "next": nxt}


def three(nxt_strong, nxt_other):
    return [choice("a", nxt_strong, "strong", 2), choice("b", nxt_other, "partial", 0),
            choice("c", nxt_other, "weak", -2)]


VALID = {
    "id": "demo", "title": "Demo", "lesson": "01",
    "fictional_note": "A fictional composite.", "client": {"name": "Ana", "age": 30,
                                                           "summary": "s"},
    "setting": "here", "openness_start": 4, "start": "s1",
    "scenes": {
        "s1": {"text": "one", "objective": "01.1", "choices": three("s2", "s2b")},
        "s2": {"text": "two", "choices": three("s3", "s3")},
        "s2b": {"text": "two-b", "choices": three("s3", "s3")},
        "s3": {"text": "three", "choices": three("end", "end")},
        "end": {"text": "done"},
    },
}


def test_a_valid_vignette_loads():
    v = vignette_from_dict(copy.deepcopy(VALID), "vignettes/demo.yml")
    assert v.start == "s1" and v.scenes["end"].is_end and v.objectives == {"01.1"}


@pytest.mark.parametrize("mutate, message, field, entry", [
    (lambda d: d["scenes"]["s1"]["choices"][0].update(next="nowhere"),
     "does not exist", "next", "scene s1 > choice 1"),
    (lambda d: d["scenes"]["s2"]["choices"].pop(),
     "3 or 4 responses", "choices", "scene s2"),
    (lambda d: d["scenes"]["s1"]["choices"][1].update(fit="great"),
     "not one of", "fit", "scene s1 > choice 2"),
    (lambda d: d["scenes"]["s3"]["choices"][0].pop("feedback"),
     "required field is missing", "feedback", "scene s3 > choice 1"),
    (lambda d: d["scenes"]["s3"]["choices"][0].update(next="s1"),
     "loop", None, "scene s1"),
    (lambda d: d["scenes"]["s1"]["choices"][2].update(openness=9),
     "between -3 and +3", "openness", "scene s1 > choice 3"),
    (lambda d: d.update(fictional_note="Based on my client."),
     "fictional", "fictional_note", None),
    (lambda d: d["scenes"]["s1"]["choices"][0].update(feedbak="typo"),
     "unknown field", "feedbak", "scene s1 > choice 1"),
])
def test_schema_errors_name_file_scene_and_field(mutate, message, field, entry):
    raw = copy.deepcopy(VALID)
    mutate(raw)
    with pytest.raises(ContentError) as err:
        vignette_from_dict(raw, "vignettes/demo.yml")
    assert err.value.file == "vignettes/demo.yml"
    assert message in err.value.problem
    assert err.value.field == field
    if entry:
        assert err.value.entry == entry


def test_short_paths_and_unreachable_scenes_are_refused():
    raw = copy.deepcopy(VALID)
    raw["scenes"]["s1"]["choices"][2]["next"] = "end"  # ending after one decision
    with pytest.raises(ContentError, match="only 1 decision"):
        vignette_from_dict(raw, "v.yml")
    raw = copy.deepcopy(VALID)
    raw["scenes"]["orphan"] = {"text": "never seen"}
    with pytest.raises(ContentError, match="orphan"):
        vignette_from_dict(raw, "v.yml")


def test_unknown_vignette_id_lists_the_available_ones():
    with pytest.raises(ContentError, match="no vignette called 'nope'.*available"):
        load_vignette("nope")


def test_malformed_yaml_names_the_file_and_line(data_copy):
    (data_copy / "vignettes").mkdir(exist_ok=True)
    (data_copy / "vignettes" / "broken.yml").write_text("id: broken\nscenes: [\n  - a: b\n")
    with pytest.raises(ContentError, match=r"broken\.yml: not valid YAML at line \d+"):
        load_vignette("broken")


def test_a_run_branches_tracks_openness_and_allows_retries():
    v = vignette_from_dict(copy.deepcopy(VALID), "v.yml")
    run = Run(v)
    run.choose("c")
    assert run.openness == 2 and run.openness_history == [4, 2]
    run.choose("b")  # try another response before continuing
    assert run.openness == 4 and run.tried == ["c", "b"]
    run.advance()
    assert run.scene_id == "s2b"  # the partial response branches
    for _ in range(2):
        run.choose("a")
        run.advance()
    assert run.finished and run.openness_history == [4, 4, 6, 8]
    summary = run.summary()
    assert summary.strong_choices == 2
    assert summary.principles_met == ["principle a"]
    assert summary.principles_to_revisit == []  # principle a was met later
    assert [len(t) for _, _, t in summary.rows] == [2, 1, 1]


def test_openness_is_clamped_between_0_and_10():
    raw = copy.deepcopy(VALID)
    raw["openness_start"] = 9
    run = Run(vignette_from_dict(raw, "v.yml"))
    run.choose("a")
    run.advance()
    assert run.committed_openness == 10


def test_a_saved_run_is_restored_and_a_stale_one_starts_afresh():
    v = vignette_from_dict(copy.deepcopy(VALID), "v.yml")
    run = Run(v)
    run.choose("a")
    run.advance()
    run.choose("c")
    restored = Run.from_dict(v, run.to_dict())
    assert (restored.scene_id, restored.pending, restored.openness_history) == \
        ("s2", "c", [4, 6, 4])
    stale = Run.from_dict(v, {"steps": [["s1", "zz", ["zz"], 5]]})
    assert stale.scene_id == "s1" and stale.steps == []
    assert Run.from_dict(v, {"steps": "garbage"}).steps == []
