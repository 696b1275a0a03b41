"""The resume widgets driven as a learner would, with the browser's storage played by a
small stand-in that follows the same protocol as the widget's JavaScript (the real one is
exercised in tests/test_browser.py)."""

import base64
import datetime
import json
import re

import pytest

from hrcourse import progress, resume
from hrcourse.widgets import browser_store
from hrcourse.widgets import reflection as reflection_w
from hrcourse.widgets import resume as resume_w
from hrcourse.widgets import work as work_w


class FakeBrowser:
    """localStorage for one site, answering the store's messages as the ESM does."""

    def __init__(self, store: browser_store.BrowserStore, held: str = "", off=False,
                 error: str = ""):
        self.store, self.items, self.error = store, {}, error
        self.sent: list[dict] = []
        self.queue: list[dict] | None = None  # messages not yet answered (see pause)
        if held:
            self.items[store.storage_key] = held
        if off:
            self.items[store.storage_key + ":off"] = "1"
        store.send = self.receive

    def report(self) -> None:
        key = self.store.storage_key
        self.store.set_state({"held": self.items.get(key, ""),
                              "off": self.items.get(key + ":off") == "1",
                              "error": self.error, "loaded": True})

    def pause(self) -> None:
        """From now on, messages wait until `deliver()` (a page slower than the kernel)."""
        self.queue = []

    def deliver(self) -> None:
        """Answer the waiting messages in order, and those they lead to, then stop pausing."""
        while self.queue:
            self._answer(self.queue.pop(0))
        self.queue = None

    def receive(self, msg: dict, buffers=None) -> None:
        self.sent.append(msg)
        if self.queue is not None:
            self.queue.append(msg)
            return
        self._answer(msg)

    def _answer(self, msg: dict) -> None:
        key = self.store.storage_key
        if msg["do"] == "write":
            if self.items.get(key, "") == msg["base"] and key + ":off" not in self.items:
                if msg.get("aside") and self.items.get(key):
                    self.items[msg["aside"]] = self.items[key]
                self.items[key] = msg["doc"]
        elif msg["do"] == "forget":
            self.items.pop(key, None)
        elif msg["do"] == "off":
            self.items.pop(key, None)
            self.items[key + ":off"] = "1"
        elif msg["do"] == "on":
            self.items.pop(key + ":off", None)
        self.report()

    def records(self) -> dict:
        return json.loads(self.items[self.store.storage_key])["records"]


@pytest.fixture
def store():
    s = browser_store.BrowserStore()
    yield s
    s.close()


def _earlier_session(tmp_path) -> dict:
    """Work done in a previous session, as its progress file held it."""
    old = progress.Progress(tmp_path / "earlier" / "progress.json")
    old.set("reflection", "01", {"text": "From last week's session.", "saved_at": "x"})
    old.set("selfcheck", "01/hr-definition", {"status": "correct"})
    old.set("stance", "pre", {"answers": {"s1": 4}, "scores": {}})
    doc = old.load()
    # saved a week before this session (stamps are to the second: a test runs in one)
    week_ago = "2026-11-20T09:00:00Z"
    doc["stamps"] = {s: {k: week_ago for k in keys} for s, keys in doc["stamps"].items()}
    doc["created_at"] = doc["saved_at"] = week_ago
    return doc


def test_a_new_session_is_offered_the_browsers_copy_and_restore_brings_every_record(
        tmp_path, store, isolated_progress):
    earlier = _earlier_session(tmp_path)
    browser = FakeBrowser(store, held=json.dumps(earlier))
    panel = resume_w.ContinuePanel(store)
    assert "Looking for a copy" in panel.browser.value
    assert panel.choices.layout.display == "none"
    browser.report()  # the page has loaded the widget
    day = resume.readable_time(earlier["saved_at"]).split(",")[0]
    assert f"Progress from {day} found in this browser" in panel.browser.value
    assert "3 saved records in lesson 01 (" in panel.browser.value
    assert panel.choices.layout.display == "flex"
    assert not isolated_progress.exists(), "nothing is restored before the learner chooses"

    panel.restore.click()
    restored = progress.Progress(isolated_progress).load()
    assert restored["records"] == earlier["records"]
    assert restored["stamps"] == earlier["stamps"]
    assert "3 record(s) added" in panel.browser_result.value
    assert "Run ▸ Run All Cells" in panel.browser_result.value
    assert panel.choices.layout.display == "none"
    # The lesson's widgets, created again (Run All), show the restored work.
    again = reflection_w.Reflection("01", "prompt")
    assert again.text.value == "From last week's session."


def test_not_now_changes_nothing_and_forget_it_deletes_the_browsers_copy(
        tmp_path, store, isolated_progress):
    browser = FakeBrowser(store, held=json.dumps(_earlier_session(tmp_path)))
    panel = resume_w.ContinuePanel(store)
    browser.report()
    panel.not_now.click()
    assert panel.choices.layout.display == "none"
    assert store.storage_key in browser.items and not isolated_progress.exists()
    panel.forget.click()
    assert store.storage_key not in browser.items
    assert "deleted" in panel.browser_result.value and not isolated_progress.exists()


def test_each_save_is_mirrored_without_overwriting_work_not_yet_restored(
        tmp_path, store, isolated_progress):
    earlier = _earlier_session(tmp_path)
    browser = FakeBrowser(store, held=json.dumps(earlier))
    browser.report()
    assert not [m for m in browser.sent if m["do"] == "write"], "an empty session writes nothing"
    reflection_w.Reflection("02", "prompt").text.value = "Written in the new session."
    held = browser.records()
    assert held["reflection"]["02"]["text"] == "Written in the new session."
    assert held["reflection"]["01"] == earlier["records"]["reflection"]["01"]
    assert held["stance"] == earlier["records"]["stance"]


def test_a_write_computed_from_an_outdated_copy_is_refused_and_done_again(store, tmp_path):
    browser = FakeBrowser(store)
    browser.report()
    browser.items[store.storage_key] = json.dumps(_earlier_session(tmp_path))  # another tab
    progress.shared().set("reflection", "05", {"text": "new"})
    writes = [m for m in browser.sent if m["do"] == "write"]
    assert len(writes) == 2 and writes[0]["base"] == ""  # refused, recomputed from the new copy
    assert set(browser.records()["reflection"]) == {"01", "05"}
    assert store.held_doc()["records"] == browser.records()  # a copy the course can read


def test_saves_made_while_the_page_has_not_answered_all_reach_the_browser(store):
    """Saves in one second while the page has not answered: the writes name an older copy
    and carry the same stamp as it; the browser still ends with the last save."""
    browser = FakeBrowser(store)
    browser.report()
    progress.shared().set("selfcheck", "01/a", {"status": "incorrect"})
    browser.pause()
    progress.shared().set("selfcheck", "01/a", {"status": "incorrect", "attempts": 2})
    progress.shared().set("selfcheck", "01/a", {"status": "correct"})
    browser.deliver()
    assert browser.records()["selfcheck"]["01/a"] == {"status": "correct"}
    assert browser.records() == progress.shared().load()["records"]


def test_the_first_copy_in_an_empty_browser_is_a_progress_file_the_course_reads(store):
    browser = FakeBrowser(store)
    browser.report()
    progress.shared().set("reflection", "05", {"text": "new"})
    assert resume.parse(browser.items[store.storage_key])["records"] == \
        progress.shared().load()["records"]


def test_a_browser_that_refuses_storage_or_was_turned_off_gets_a_plain_message(store):
    FakeBrowser(store, error="The operation is insecure.").report()
    panel = resume_w.ContinuePanel(store)
    assert "does not let the course keep a copy" in panel.browser.value
    progress.shared().set("x", "y", 1)  # and saving still works

    other = browser_store.BrowserStore()
    try:
        browser = FakeBrowser(other, off=True)
        browser.report()
        assert "you turned it off" in resume_w.ContinuePanel(other).browser.value
        progress.shared().set("x", "z", 2)
        assert other.storage_key not in browser.items
    finally:
        other.close()


def test_clear_this_browsers_copy_stops_keeping_one_until_turned_on(store):
    browser = FakeBrowser(store)
    browser.report()
    progress.shared().set("reflection", "01", {"text": "kept"})
    control = work_w.BrowserCopyControl(store)
    assert control.button.description == "Clear this browser's copy"
    control.button.click()
    assert store.storage_key not in browser.items and store.off
    assert control.button.description == "Keep a copy in this browser"
    progress.shared().set("reflection", "02", {"text": "not mirrored"})
    assert store.storage_key not in browser.items
    control.button.click()
    assert set(browser.records()["reflection"]) == {"01", "02"}


def _upload(panel, raw: bytes, name="my-progress-2026-11-28.json"):
    panel.upload.value = ({"name": name, "type": "application/json", "size": len(raw),
                           "content": memoryview(raw),
                           "last_modified": datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)},)


@pytest.mark.parametrize("raw, reason", [
    (b"{not json", "damaged or is not a progress file"),
    (json.dumps({"format": "hrcourse-progress", "version": 1, "course": "other",
                 "records": {}}).encode(), "belongs to another course"),
    (json.dumps({"format": "hrcourse-progress", "version": 99,
                 "records": {}}).encode(), "newer version of the course"),
])
def test_an_unusable_upload_is_refused_in_plain_words_and_changes_nothing(
        store, isolated_progress, raw, reason):
    progress.shared().set("reflection", "01", {"text": "mine"})
    before = isolated_progress.read_bytes()
    panel = resume_w.ContinuePanel(store)
    _upload(panel, raw)
    assert reason in panel.file_message.value and "Nothing was changed" in \
        panel.file_message.value
    assert panel.file_choices.layout.display == "none"
    panel.merge_upload()
    assert isolated_progress.read_bytes() == before


def test_an_upload_shows_what_it_holds_then_merges_showing_the_conflict(
        tmp_path, store, isolated_progress):
    earlier = _earlier_session(tmp_path)
    text = resume.download_text(earlier)
    progress.shared().set("reflection", "01", {"text": "Rewritten today, in this session."})
    panel = resume_w.ContinuePanel(store)
    _upload(panel, text.encode("utf-8"))
    message = panel.file_message.value
    assert "holds 3 saved records in lesson 01 (" in message
    assert "reflections: 1, self-check answers: 1, stance self-assessments: 1" in message
    assert "adds 2 record(s)" in message and "1 record(s) differ" in message
    assert panel.file_choices.layout.display == "flex"
    before = isolated_progress.read_bytes()
    panel.cancel_button.click()
    assert isolated_progress.read_bytes() == before and "nothing was changed" in \
        panel.file_message.value

    _upload(panel, text.encode("utf-8"), name="again.json")
    result = panel.merge_upload()
    saved = progress.Progress(isolated_progress).load()["records"]
    assert saved["reflection"]["01"]["text"] == "Rewritten today, in this session."
    assert saved["stance"] == earlier["records"]["stance"]
    assert [c.key for c in result.conflicts] == ["01"]
    assert "Conflicts" in panel.file_message.value
    assert "From last week&#x27;s session." in panel.file_message.value
    (kept,) = saved[resume.EARLIER].values()
    assert kept["value"]["text"] == "From last week's session."


def test_download_my_progress_gives_a_file_the_upload_accepts(store, isolated_progress):
    download = resume_w.ProgressDownload()
    assert "Nothing is saved yet" in download.prepare()
    progress.shared().set("reflection", "03", {"text": "to take home"})
    link = download.prepare()
    data = re.search(r'href="data:application/json;base64,([^"]+)"', link).group(1)
    doc = resume.parse(base64.b64decode(data))
    assert doc["records"] == progress.shared().load()["records"]
    assert re.search(r'download="my-progress-\d{4}-\d\d-\d\d\.json"', link)


def test_end_of_lesson_reminder_and_my_work_offer_both_downloads(store, monkeypatch):
    for name in resume_w.BINDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    footer = work_w.KeepMyWork()
    assert footer.download.button.description == "Download my progress"
    assert footer.summary.description == "Prepare my summary"
    page = work_w.MyWork()
    note = "".join(getattr(c, "value", "") for c in page.widget.children)
    assert "A copy in this browser" in note and "Binder" in note
    assert "You are using Binder" not in note


def test_on_binder_the_start_page_says_how_long_a_session_lasts(store, monkeypatch):
    for name in resume_w.BINDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert not resume_w.on_binder() and resume_w.binder_note() == ""
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    assert resume_w.on_binder()
    panel = resume_w.ContinuePanel(store)
    note = panel.widget.children[0].value
    assert "10 minutes without activity" in note and "up to six hours" in note


def test_work_rewritten_before_restoring_keeps_the_earlier_text_and_the_offer_stands(
        tmp_path, store, isolated_progress):
    earlier = _earlier_session(tmp_path)
    browser = FakeBrowser(store, held=json.dumps(earlier))
    browser.report()
    panel = resume_w.ContinuePanel(store)
    reflection_w.Reflection("01", "prompt").text.value = "Rewritten before restoring."
    assert panel.choices.layout.display == "flex"  # the earlier work is still offered
    panel.restore.click()
    saved = progress.Progress(isolated_progress).load()["records"]
    assert saved["reflection"]["01"]["text"] == "Rewritten before restoring."
    assert saved["stance"] == earlier["records"]["stance"]
    (kept,) = saved[resume.EARLIER].values()
    assert kept["value"]["text"] == "From last week's session."
    reflection_w.Reflection("02", "prompt").text.value = "Later work."
    panel.show_browser()
    assert panel.choices.layout.display == "none"
