"""Resuming across sessions: the progress download, the checks an upload must pass (a
refused file changes nothing), and the per-record merge with conflicts shown."""

import json

import pytest

from hrcourse import progress, resume
from hrcourse.progress import Progress


def _work(store: Progress) -> None:
    """A little of everything the widgets save."""
    store.set("reflection", "01", {"text": "I noticed my own judgment. Café ✔",
                                   "saved_at": "2026-11-28 14:02"})
    store.set("selfcheck", "01/hr-definition", {"status": "correct", "first_status": "incorrect",
                                                "attempts": 2, "selected": ["b"]})
    store.set("stance", "pre", {"answers": {"s1": 4, "s2": 2}, "scores": {"trauma": 3.0}})
    store.set("vignette", "line-cook", {"scene": "s2", "steps": [["s1", "a", ["a"], 6]]})
    store.set("relapse-plan", "triggers", "Payday; the anniversary weekend")


def _with_stamps(records: dict, stamps: dict, saved_at="2026-11-28T10:00:00Z") -> dict:
    return {"format": progress.FORMAT, "version": progress.VERSION, "course": progress.COURSE,
            "records": records, "stamps": stamps, "saved_at": saved_at}


def test_round_trip_download_then_upload_into_an_empty_home_restores_every_record(tmp_path):
    first = Progress(tmp_path / "session-1" / "progress.json")
    _work(first)
    before = first.load()
    text = resume.download_text(before)
    assert resume.download_name().startswith("my-progress-")

    second = Progress(tmp_path / "session-2" / "progress.json")
    assert second.load()["records"] == {}
    incoming = resume.parse(text.encode("utf-8"))
    second.modify(lambda here: resume.merge(here, incoming).doc)
    after = second.load()
    assert after["records"] == before["records"]
    assert after["stamps"] == before["stamps"]
    assert set(before["stamps"]) == set(before["records"])  # every record has its save time


def test_every_save_stamps_its_record_and_removal_drops_the_stamp(tmp_path):
    store = Progress(tmp_path / "p.json")
    store.set("reflection", "01", {"text": "a"})
    stamp = store.load()["stamps"]["reflection"]["01"]
    assert stamp.endswith("Z") and len(stamp) == 20
    store.set("reflection", "01", None)
    assert "01" not in store.load()["stamps"].get("reflection", {})


def test_listeners_hear_every_save_and_a_failing_one_does_not_stop_it(tmp_path):
    heard = []

    def broken(_doc):
        raise RuntimeError("the browser is gone")

    progress.add_listener(broken)
    progress.add_listener(heard.append)
    try:
        Progress(tmp_path / "p.json").set("x", "y", 1)
    finally:
        progress.remove_listener(broken)
        progress.remove_listener(heard.append)
    assert heard and heard[0]["records"] == {"x": {"y": 1}}


GOOD = json.dumps(_with_stamps({"reflection": {"01": {"text": "from the file"}}},
                               {"reflection": {"01": "2026-11-28T10:00:00Z"}}))


@pytest.mark.parametrize("raw, reason", [
    (b'{"format": "hrcourse-progress", "records": {', "not valid JSON"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "it is not text"),
    (b"", "not valid JSON"),
    (json.dumps({"cells": [], "nbformat": 4}).encode(), "not a progress file of this course"),
    (json.dumps([1, 2, 3]).encode(), "not a progress file of this course"),
    (GOOD.replace(progress.COURSE, "another-course").encode(), "belongs to another course"),
    (GOOD.replace(f'"version": {progress.VERSION}', f'"version": {progress.VERSION + 1}')
     .encode(), "newer version of the course"),
    (GOOD.replace(f'"version": {progress.VERSION}', '"version": "1"').encode(),
     "version is missing"),
    (json.dumps({**json.loads(GOOD), "records": {"reflection": ["x"]}}).encode(),
     "records cannot be read"),
    (json.dumps({**json.loads(GOOD), "stamps": {"reflection": {"01": 5}}}).encode(),
     "save times cannot be read"),
    (b" " * (resume.MAX_BYTES + 1), "too large"),
])
def test_a_corrupt_foreign_or_newer_file_is_refused_and_nothing_changes(tmp_path, raw, reason):
    store = Progress(tmp_path / "p.json")
    _work(store)
    before = store.path.read_bytes()
    with pytest.raises(resume.Refused, match=reason):
        store.modify(lambda here: resume.merge(here, resume.parse(raw)).doc)
    assert store.path.read_bytes() == before
    assert not store.notices


def test_the_good_file_above_is_accepted_so_each_refusal_is_for_its_own_reason():
    assert resume.parse(GOOD)["records"] == {"reflection": {"01": {"text": "from the file"}}}


def test_merge_keeps_records_from_both_sides_and_the_newer_of_each_conflict():
    here = _with_stamps(
        {"reflection": {"01": {"text": "written here, later"}, "02": {"text": "only here"}},
         "selfcheck": {"01/a": {"status": "incorrect"}, "01/b": {"status": "correct"}}},
        {"reflection": {"01": "2026-11-29T09:00:00Z", "02": "2026-11-29T09:05:00Z"},
         "selfcheck": {"01/a": "2026-11-20T09:00:00Z", "01/b": "2026-11-20T09:00:00Z"}})
    file = _with_stamps(
        {"reflection": {"01": {"text": "written in the file, earlier"}},
         "selfcheck": {"01/a": {"status": "correct"}, "01/b": {"status": "correct"}},
         "stance": {"pre": {"answers": {"s1": 5}}}},
        {"reflection": {"01": "2026-11-28T09:00:00Z"},
         "selfcheck": {"01/a": "2026-11-28T09:00:00Z", "01/b": "2026-11-28T09:00:00Z"},
         "stance": {"pre": "2026-11-01T08:00:00Z"}})
    before = json.dumps(here, sort_keys=True)
    result = resume.merge(here, file)
    doc = result.doc
    assert json.dumps(here, sort_keys=True) == before, "merge must not change its input"

    assert result.added == [("stance", "pre")]
    assert result.updated == [("selfcheck", "01/a")]
    assert result.unchanged == 1
    assert doc["records"]["stance"]["pre"] == {"answers": {"s1": 5}}
    assert doc["stamps"]["stance"]["pre"] == "2026-11-01T08:00:00Z"
    assert doc["records"]["selfcheck"]["01/a"] == {"status": "correct"}  # the file was newer
    assert doc["records"]["reflection"]["01"] == {"text": "written here, later"}  # here newer
    assert doc["records"]["reflection"]["02"] == {"text": "only here"}

    conflicts = {(c.section, c.key): c for c in result.conflicts}
    assert set(conflicts) == {("reflection", "01"), ("selfcheck", "01/a")}
    assert conflicts[("reflection", "01")].kept == "here"
    assert conflicts[("selfcheck", "01/a")].kept == "file"
    # The losing reflection is not lost: it is kept, with when it was written.
    earlier = doc["records"][resume.EARLIER]
    kept = earlier["reflection/01 (2026-11-28T09:00:00Z)"]
    assert kept == {"section": "reflection", "key": "01", "saved_at": "2026-11-28T09:00:00Z",
                    "value": {"text": "written in the file, earlier"}}
    assert earlier["selfcheck/01/a (2026-11-20T09:00:00Z)"]["value"] == {"status": "incorrect"}


def test_merging_the_same_file_twice_changes_nothing_the_second_time():
    here = _with_stamps({"reflection": {"01": {"text": "here"}}},
                        {"reflection": {"01": "2026-11-29T09:00:00Z"}})
    file = _with_stamps({"reflection": {"01": {"text": "file"}}},
                        {"reflection": {"01": "2026-11-28T09:00:00Z"}})
    once = resume.merge(here, file).doc
    twice = resume.merge(once, file)
    assert twice.doc == once
    assert [c.key for c in twice.conflicts] == ["01"]  # still shown, still nothing lost
    assert len(twice.doc["records"][resume.EARLIER]) == 1


def test_a_tie_keeps_what_is_here_and_shows_the_conflict():
    here = _with_stamps({"reflection": {"01": {"text": "here"}}}, {})
    file = _with_stamps({"reflection": {"01": {"text": "file"}}}, {})
    result = resume.merge(here, file)
    assert result.doc["records"]["reflection"]["01"] == {"text": "here"}
    assert result.conflicts[0].kept == "here"
    assert result.conflicts[0].set_aside == {"text": "file"}


def test_a_file_saved_before_per_record_times_uses_its_own_save_time():
    here = _with_stamps({"reflection": {"01": {"text": "here"}}},
                        {"reflection": {"01": "2026-11-20T09:00:00Z"}})
    old = {"format": progress.FORMAT, "version": 1, "saved_at": "2026-11-25T09:00:00",
           "records": {"reflection": {"01": {"text": "older format, newer text"}}}}
    incoming = resume.parse(json.dumps(old))
    assert resume.merge(here, incoming).doc["records"]["reflection"]["01"]["text"] == \
        "older format, newer text"


def test_the_browser_copy_keeps_what_this_session_lacks_and_sets_nothing_aside():
    browser = _with_stamps({"reflection": {"00": {"text": "first session"},
                                           "01": {"text": "old"}}},
                           {"reflection": {"00": "2026-11-20T09:00:00Z",
                                           "01": "2026-11-20T09:00:00Z"}})
    here = _with_stamps({"reflection": {"01": {"text": "new"}}},
                        {"reflection": {"01": "2026-11-29T09:00:00Z"}})
    mirrored = resume.browser_copy(browser, here)
    assert resume.parse(json.dumps(mirrored))["records"] == mirrored["records"]
    assert resume.browser_copy({"records": {}}, here)["format"] == progress.FORMAT
    assert mirrored["records"] == {"reflection": {"00": {"text": "first session"},
                                                  "01": {"text": "new"}}}
    assert resume.missing_here(here, mirrored) == 1
    assert resume.missing_here(mirrored, here) == 0


def test_a_save_in_the_same_second_as_the_browsers_version_reaches_the_browser():
    """Two clicks within a second (wrong answer, then right): both saves carry the same
    stamp, and the browser's copy must end with the second."""
    stamp = {"selfcheck": {"01/a": "2026-11-29T09:00:00Z"}}
    browser = _with_stamps({"selfcheck": {"01/a": {"status": "incorrect"}}}, stamp)
    here = _with_stamps({"selfcheck": {"01/a": {"status": "correct"}}}, stamp)
    mirrored = resume.browser_copy(browser, here)
    assert mirrored["records"] == {"selfcheck": {"01/a": {"status": "correct"}}}
    # restoring is unchanged: a tie keeps what this session has
    assert resume.merge(here, browser).doc["records"]["selfcheck"]["01/a"] == {
        "status": "correct"}


def test_overview_names_lessons_counts_and_the_last_save():
    doc = _with_stamps({"reflection": {"01": {"text": "x"}, "03": {"text": "y"}},
                        "selfcheck": {"02/a": {}}, "stance": {"pre": {}},
                        resume.EARLIER: {"k": {}}},
                       {"reflection": {"01": "2026-11-28T14:02:00Z", "03": "2026-11-27T08:00:00Z"},
                        "selfcheck": {"02/a": "2026-11-26T08:00:00Z"},
                        "stance": {"pre": "2026-11-25T08:00:00Z"}})
    lesson = {"reflection": lambda k: k, "selfcheck": lambda k: k.split("/")[0]}
    o = resume.overview(doc, lambda s, k: lesson[s](k) if s in lesson else None)
    assert o.records == 4 and o.lessons == ["01", "02", "03"]
    assert o.last_saved == "2026-11-28T14:02:00Z"
    assert resume.readable_time(o.last_saved) == "28 Nov 2026, 14:02 UTC"
    assert o.sections == {"reflection": 2, "selfcheck": 1, "stance": 1}


def test_the_browser_copy_keeps_work_from_an_earlier_session_this_one_overwrote_unseen():
    """A learner who rewrites a reflection in a new session before restoring must not
    lose the earlier text from the browser's copy."""
    browser = _with_stamps({"reflection": {"01": {"text": "written last week"}}},
                           {"reflection": {"01": "2026-11-20T09:00:00Z"}})
    here = {**_with_stamps({"reflection": {"01": {"text": "written today, before restoring"}}},
                           {"reflection": {"01": "2026-11-29T09:10:00Z"}}),
            "created_at": "2026-11-29T09:00:00Z"}
    mirrored = resume.browser_copy(browser, here)
    assert mirrored["records"]["reflection"]["01"]["text"] == "written today, before restoring"
    (kept,) = mirrored["records"][resume.EARLIER].values()
    assert kept["value"] == {"text": "written last week"}
    assert resume.missing_here(here, mirrored) == 1  # so the start page offers it back
    # Versions this session wrote itself are replaced without a trace (it is a mirror).
    later = {**here, "records": {"reflection": {"01": {"text": "edited again"}}},
             "stamps": {"reflection": {"01": "2026-11-29T09:20:00Z"}}}
    again = resume.browser_copy(mirrored, later)
    assert len(again["records"][resume.EARLIER]) == 1


def test_a_new_progress_file_records_when_it_began(tmp_path):
    store = Progress(tmp_path / "p.json")
    store.set("x", "y", 1)
    doc = store.load()
    assert doc["created_at"] <= doc["stamps"]["x"]["y"]
    store.set("x", "z", 2)
    assert store.load()["created_at"] == doc["created_at"]


def test_after_restoring_from_the_browser_editing_keeps_no_extra_earlier_versions():
    browser = _with_stamps({"reflection": {"01": {"text": "last week"}}},
                           {"reflection": {"01": "2026-11-20T09:00:00Z"}})
    fresh = {**_with_stamps({}, {}), "created_at": "2026-11-29T09:00:00Z"}
    restored = resume.restore_from_browser(fresh, browser).doc
    assert restored["records"] == browser["records"]
    edited = {**restored, "records": {"reflection": {"01": {"text": "last week, revised"}}},
              "stamps": {"reflection": {"01": "2026-11-29T09:30:00Z"}}}
    mirrored = resume.browser_copy(browser, edited)
    assert resume.EARLIER not in mirrored["records"]
    assert resume.missing_here(edited, mirrored) == 0  # no second restore offer
