"""Saved progress: atomic writes, corrupt or foreign files moved aside, concurrent saves."""

import json
import multiprocessing
import os

from hrcourse import summary
from hrcourse.progress import Progress


def test_round_trip_and_removal(tmp_path):
    store = Progress(tmp_path / "p.json")
    store.set("reflection", "01", {"text": "café ✔"})
    store.update({("selfcheck", "01/a"): {"status": "correct"}, ("x", "y"): 1})
    again = Progress(tmp_path / "p.json")
    assert again.get("reflection", "01") == {"text": "café ✔"}
    assert again.section("selfcheck") == {"01/a": {"status": "correct"}}
    again.set("x", "y", None)
    assert again.get("x", "y", "gone") == "gone"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_corrupt_file_is_moved_aside_with_a_message(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"format": "hrcourse-progress", "records": {"reflection": ')
    store = Progress(path)
    assert store.get("reflection", "01") is None
    assert store.notices and "not valid JSON" in store.notices[0]
    aside = [p for p in tmp_path.iterdir() if "unreadable" in p.name]
    assert len(aside) == 1 and aside[0].read_text().startswith('{"format"')
    store.set("reflection", "01", {"text": "new start"})
    assert json.loads(path.read_text())["records"]["reflection"]["01"]["text"] == "new start"


def test_foreign_file_is_not_overwritten(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"some": "other program"}))
    store = Progress(path)
    store.set("a", "b", 1)
    assert "not a progress file of this course" in store.notices[0]
    moved = next(p for p in tmp_path.iterdir() if "unreadable" in p.name)
    assert json.loads(moved.read_text()) == {"some": "other program"}


def _writer(path, worker, count):
    store = Progress(path)
    for i in range(count):
        store.set(f"worker{worker}", str(i), i)


def test_two_notebooks_saving_at_once_lose_nothing(tmp_path):
    path = tmp_path / "p.json"
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 40)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    records = Progress(path).load()["records"]
    assert {k: len(v) for k, v in records.items()} == {"worker0": 40, "worker1": 40}


def test_default_location_is_in_the_learners_home(monkeypatch, tmp_path):
    from hrcourse import progress

    monkeypatch.delenv("HRCOURSE_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.default_path() == tmp_path / ".hrcourse" / "progress.json"


def test_summary_exports_markdown_and_csv():
    records = {"reflection": {"01": {"text": "I learned, \"really\"."}},
               "selfcheck": {"01/a": {"status": "correct", "first_status": "incorrect",
                                      "attempts": 2}},
               "stance": {"pre": {"scores": {"trauma": 3.0}}, "post": {"scores": {"trauma": 4.0}}},
               "vignette": {"demo": {"steps": [["s1", "a", ["a"], 6]]}}}
    md = summary.to_markdown(records, "Course", {"01": "Lesson one"}, {"trauma": "Trauma"})
    assert "### 01 Lesson one" in md and "| 01 | a | correct | incorrect | 2 |" in md
    assert "| Trauma | 3.0 | 4.0 |" in md and "s1:a" in md
    csv_text = summary.to_csv(records)
    assert csv_text.splitlines()[0] == "section,item,field,value"
    assert '"I learned, ""really""."' in csv_text
    page = summary.to_html(md + "\n\n<script>alert(1)</script>")
    assert "<html lang='en'>" in page and "<h3>01 Lesson one</h3>" in page
    assert "<td>Trauma</td>" in page and "<script>" not in page


def test_summary_lists_earlier_versions_kept_by_a_merge():
    records = {"earlier-versions": {"reflection/01 (2026-11-28T09:00:00Z)": {
        "section": "reflection", "key": "01", "saved_at": "2026-11-28T09:00:00Z",
        "value": {"text": "The version from my laptop."}}}}
    md = summary.to_markdown(records, "Course", {}, {})
    assert "## Earlier versions kept when merging" in md
    assert "**reflection 01** (saved 2026-11-28T09:00:00Z): The version from my laptop." in md
