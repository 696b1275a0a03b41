"""Every reader of a file the learner controls, tested with generated files (Hypothesis):
the progress file on disk, an uploaded progress file, the browser's copy, the certificate's
name and the knowledge check's saved attempts.

The property: nothing the file holds makes an exception reach the learner; a file that
cannot be used is kept aside with a message naming it; nothing that could be read is lost.

Generated records are of every kind in hrcourse.records.KINDS, each by the shape its kind
declares (so a new kind is generated too), with text drawn partly from the course's own ids
(lessons, items, options, scenes, forms), so the widgets meet records that point at real
content as well as records that point at nothing. The run is derandomized (the profile in
tests/conftest.py), so a failure in CI is the same failure on a laptop.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import types
import typing
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hrcourse import progress, records, resume
from hrcourse.content import repo_root
from hrcourse.progress import Progress
from hrcourse.progress import whole_characters as whole
from hrcourse.records import EARLIER, KINDS

ROOT = repo_root()
# How many files each reader gets (besides the explicit examples): the CI profile's budget
# is shared so that this module runs in about a minute on two cores.
# HYPOTHESIS_PROFILE=explore (tests/conftest.py) gives each ten times as many, at random.
SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "explore" else 1
PER_KIND = 20 * SCALE      # records of one kind, shown by the widgets that read that kind
PER_READER = 80 * SCALE    # whole files: bytes, JSON, documents
PER_SLOW = 40 * SCALE      # the certificate (a PDF each) and the knowledge check's attempts


# -- what a file may hold --------------------------------------------------------------------
def _course_ids() -> list[str]:
    """Every id and key in the course's content files (lessons, items, options, scenes...)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and len(key) < 40:
                    found.add(key)
                if key in ("id", "form", "correct", "key", "answer") and isinstance(value, str):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "data").rglob("*.yml")):
        if "schemas" not in path.parts:
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    found |= {f"{n:02d}" for n in range(12)} | {"A", "B", "a", "b", "c", "d", "a,b", "pre",
                                                "post", "assignment", "state", "female", "male"}
    return sorted(found)


# (the strategies below are large; their description is of no use in a report)
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
IDS = _course_ids()
STAMP = st.sampled_from(["2026-11-20T09:00:00Z", "2026-11-28T14:00:00Z", "", "yesterday"])
ID = st.integers(0, len(IDS) - 1).map(IDS.__getitem__)  # (a short repr, unlike sampled_from)
# now and then half a character (a lone surrogate), as a damaged file or a browser may hold
ODD = st.text(st.characters(categories=["Cs", "Lo", "Zs", "Cc"]), max_size=4)
TEXT = st.one_of(ID, STAMP, st.text(max_size=12), ODD)
KEY = st.one_of(ID, st.text(max_size=8))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**9)
    | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=4),
    max_leaves=10)


def shaped(tp) -> st.SearchStrategy:
    """Values of a record shape as declared in hrcourse.records (a TypedDict, a type)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is typing.Any:
        return JSON
    if tp is type(None):
        return st.none()
    if tp is str:
        return TEXT
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(-3, 1000)
    if tp is float:
        return st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-3, 1000)
    if tp is list:
        return st.lists(JSON, max_size=4)
    if origin is list:
        return st.lists(shaped(args[0]), max_size=6)
    if origin is tuple:  # saved as a JSON list
        return st.tuples(*(shaped(a) for a in args)).map(list)
    if origin is dict:
        return st.dictionaries(KEY, shaped(args[1]), max_size=6)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([shaped(a) for a in args])
    if hasattr(tp, "__total__"):  # a TypedDict
        return st.fixed_dictionaries({}, optional={
            k: shaped(v) for k, v in typing.get_type_hints(tp).items()})
    raise TypeError(f"no strategy for {tp!r}: add one for the new shape")


def _keys_read() -> dict[str, list[str]]:
    """The keys the widgets read, by section (a kind not listed gets any key)."""
    from hrcourse import export
    from hrcourse.content.criteria import load_cases
    from hrcourse.content.selfcheck import load_bank
    from hrcourse.logic.criteria import classify

    lessons = list(export.lessons())
    return {"lesson-done": lessons, "reflection": lessons,
            "selfcheck": [f"01/{item.id}" for item in load_bank("01")] + ["08/x", "11/y"],
            "vignette": VIGNETTES, "stance": ["pre", "post"],
            "knowledge-check": ["assignment", "pre", "post"],
            "relapse-plan": list(export._plan_sections()),
            "classify": [case.id for case in load_cases(classify)],
            "screening": ["audit-c"], "sequence": ["opioid-overdose"],
            "criteria-explorer": ["state"]}


VIGNETTES = sorted(p.stem for p in (ROOT / "data" / "vignettes").glob("*.yml"))
KEYS_READ = _keys_read()


def _key(kind: records.RecordKind) -> st.SearchStrategy:
    read = KEYS_READ.get(kind.section)
    return st.one_of(st.sampled_from(read), st.sampled_from(read), KEY) if read else KEY


def section_of(kind: records.RecordKind) -> st.SearchStrategy:
    """Some records of one kind, each of its declared shape, or now and then of none."""
    value = st.one_of(shaped(kind.shape), shaped(kind.shape), JSON)
    return st.dictionaries(_key(kind), value, max_size=4)


ANY_VERSION = st.sampled_from([progress.VERSION, 1]) | JSON


def documents(version: st.SearchStrategy = ANY_VERSION) -> st.SearchStrategy:
    """Progress documents with records of every kind (and of none), stamps, versions."""
    sections = st.fixed_dictionaries({}, optional={
        **{kind.section: section_of(kind) for kind in KINDS},
        "unknown-kind": st.dictionaries(KEY, JSON, max_size=2),
        "reflection": section_of(records.REFLECTION) | JSON})
    return st.builds(
        lambda recs, stamps, v, saved: {"format": progress.FORMAT, "course": progress.COURSE,
                                        "version": v, "records": recs, "stamps": stamps,
                                        "saved_at": saved},
        sections,
        st.dictionaries(st.sampled_from([k.section for k in KINDS]),
                        st.dictionaries(KEY, STAMP, max_size=3), max_size=3) | JSON,
        version, STAMP | JSON)


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch):
    """Saves here need not reach the disk platter (30 ms each): the files are temporary."""
    monkeypatch.setattr(os, "fsync", lambda _fd: None)


# -- a fresh home for each generated file ------------------------------------------------------
@contextlib.contextmanager
def fresh_home():
    """A new empty folder as $HRCOURSE_PROGRESS's and $HRCOURSE_EXPORT's home, for one
    generated example (pytest's own fixtures last a whole test)."""
    saved = {name: os.environ.get(name) for name in ("HRCOURSE_PROGRESS", "HRCOURSE_EXPORT")}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HRCOURSE_PROGRESS"] = str(Path(tmp) / "home" / "progress.json")
        os.environ["HRCOURSE_EXPORT"] = str(Path(tmp) / "export")
        try:
            yield Path(tmp) / "home" / "progress.json"
        finally:
            for name, value in saved.items():
                os.environ.pop(name, None) if value is None else os.environ.__setitem__(
                    name, value)


def _readable(doc: dict) -> list[tuple[str, str, object]]:
    """(section, key, value) of each record a reader can read in a document of this
    version: what must be found again after reading, in records or under EARLIER."""
    recs = doc.get("records")
    if not isinstance(recs, dict):
        return []
    return [*((s, k, v) for s, r in recs.items() if isinstance(r, dict) for k, v in r.items()),
            *((s, "", r) for s, r in recs.items() if not isinstance(r, dict))]


def _kept(doc: dict, section: str, key: str, value) -> bool:
    # as a reader reads it: half a character (a lone surrogate) is the replacement character
    section, key, value = whole(section), whole(key), whole(value)
    if doc["records"].get(section, {}).get(key) == value:
        return True
    earlier = doc["records"].get(EARLIER, {})
    if section == EARLIER and value in earlier.values():  # an earlier version, kept as it was
        return True
    return any(e.get("section") == section and e.get("key") == key and e.get("value") == value
               for e in earlier.values())


def _every_record_has_its_shape(doc: dict) -> None:
    for section, entries in doc["records"].items():
        assert isinstance(entries, dict), section
        known = records.kind(section)
        for key, value in entries.items():
            assert not known or records.conforms(known, value), (section, key, value)


# -- the progress file on disk -------------------------------------------------------------------
@settings(max_examples=PER_READER)
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_any_bytes_on_disk_are_read_or_moved_aside_whole(raw):
    with fresh_home() as path:
        path.parent.mkdir(parents=True)
        path.write_bytes(raw)
        store = Progress(path)
        doc = store.load()
        _every_record_has_its_shape(doc)
        moved = [p for p in path.parent.iterdir() if ".unreadable-" in p.name]
        if moved:
            assert [p.read_bytes() for p in moved] == [raw]
            assert len(store.notices) == 1 and str(moved[0]) in store.notices[0]
            assert str(path) in store.notices[0]
        store.set("reflection", "01", {"text": "still saving"})  # the course goes on
        assert Progress(path).get("reflection", "01") == {"text": "still saving"}


@settings(max_examples=PER_READER)
@given(documents(version=st.just(progress.VERSION)))
def test_any_progress_document_on_disk_loses_no_record_it_holds(doc):
    with fresh_home() as path:
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(doc), encoding="utf-8")
        store = Progress(path)
        read = store.load()
        _every_record_has_its_shape(read)
        for section, key, value in _readable(doc):
            assert _kept(read, section, key, value), (section, key, value)
        before = doc["records"].get(EARLIER)
        aside = set(read["records"].get(EARLIER, {})) - set(
            before if isinstance(before, dict) else {})
        if aside:  # set aside with a message naming the file and each record
            assert len(store.notices) == len(aside)
            assert all(str(path) in n for n in store.notices)
            as_it_was = [p for p in path.parent.iterdir() if ".as-it-was-" in p.name]
            assert json.loads(as_it_was[0].read_text(encoding="utf-8")) == doc
        assert Progress(path).load()["records"] == read["records"]  # repaired once


@settings(max_examples=PER_READER)
@given(documents())
def test_any_document_of_any_version_is_read_and_saved_without_an_error(doc):
    with fresh_home() as path:
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(doc), encoding="utf-8")
        store = Progress(path)
        _every_record_has_its_shape(store.load())
        store.set("lesson-done", "01", {"done_at": "2026-11-28T14:00:00Z"})
        again = Progress(path).load()
        _every_record_has_its_shape(again)
        assert again["records"]["lesson-done"]["01"] == {"done_at": "2026-11-28T14:00:00Z"}


# -- every kind of record, shown by the widgets that read it -------------------------------------
def _show_everything_that_reads(section: str, keys=()) -> None:
    """The notebooks' entry points that read records of `section` (as a learner runs them;
    of the vignettes, those named in `keys`), and the exports and the start page, which
    read every kind."""
    import hrcourse as course
    from hrcourse import export

    calls = {
        "lesson-done": lambda: (course.keep_my_work("01"), course.certificate()),
        "knowledge-check": lambda: (course.knowledge_check("pre"),
                                    course.knowledge_check("post"), course.certificate()),
        "reflection": lambda: (course.reflection("01"), course.reflection("11")),
        "selfcheck": lambda: (course.selfcheck("01"), course.selfcheck("11")),
        "vignette": lambda: [course.vignette(v) for v in VIGNETTES if v in keys],
        "stance": lambda: (course.stance("pre"), course.stance("post"),
                           course.stance_comparison()),
        "relapse-plan": lambda: course.relapse_plan(),
        "classify": lambda: course.classify_cases(),
        "screening": lambda: course.screening("audit-c"),
        "sequence": lambda: course.sequence("opioid-overdose"),
        "criteria-explorer": lambda: course.criteria_explorer(),
    }
    if section in calls:
        calls[section]()
    export.write_summary()
    course.my_work()
    course.continue_where_i_left_off()


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.section)
def test_every_kind_of_record_of_any_shape_is_shown_without_an_error(kind):
    """Each kind gets its own budget of generated sections (PER_KIND files)."""

    @settings(max_examples=PER_KIND)
    @given(section_of(kind), st.dictionaries(KEY, STAMP, max_size=2))
    def check(section, stamps):
        doc = {"format": progress.FORMAT, "course": progress.COURSE,
               "version": progress.VERSION, "records": {kind.section: section},
               "stamps": {kind.section: stamps}}
        with fresh_home() as path:
            path.parent.mkdir(parents=True)
            path.write_text(json.dumps(doc), encoding="utf-8")
            _show_everything_that_reads(kind.section, section)
            read = progress.shared().load()
            for key, value in section.items():
                assert _kept(read, kind.section, key, value), (key, value)

    check()


# -- an uploaded progress file ------------------------------------------------------------------
@settings(max_examples=PER_READER)
@given(st.one_of(st.binary(max_size=200), documents().map(lambda d: json.dumps(d).encode()),
                 JSON.map(lambda v: json.dumps(v).encode())))
def test_an_upload_is_refused_in_plain_words_or_merged_losing_nothing(raw):
    from hrcourse.widgets import resume as resume_w
    from tests.test_resume_widgets import _upload as upload

    with fresh_home() as path:
        Progress(path).set("reflection", "01", {"text": "here already"})
        try:
            incoming, aside = resume.read(raw)
        except resume.Refused as refused:
            assert str(refused)
            incoming = None
        if incoming is not None:
            _every_record_has_its_shape(incoming)
            assert {a.label for a in aside} <= set(incoming["records"].get(EARLIER, {}))
            if progress.version_of(json.loads(raw)) == progress.VERSION:
                for section, key, value in _readable(json.loads(raw)):
                    assert _kept(incoming, section, key, value), (section, key)
        panel = resume_w.ContinuePanel()  # the learner's route: choose the file, merge
        upload(panel, raw)
        assert panel.file_message.value
        panel.merge_upload()
        merged = progress.shared().load()
        _every_record_has_its_shape(merged)
        assert _kept(merged, "reflection", "01", {"text": "here already"})
        for section, entries in (incoming or {"records": {}})["records"].items():
            for key, value in entries.items():
                assert _kept(merged, section, key, value), (section, key)


# -- the browser's copy --------------------------------------------------------------------------
@settings(max_examples=PER_READER)
@given(st.one_of(st.text(max_size=200), ODD,
                 documents().map(json.dumps),
                 JSON.map(json.dumps)))
def test_any_browser_copy_is_offered_or_kept_aside_before_it_is_replaced(held):
    from hrcourse.widgets import browser_store
    from hrcourse.widgets import resume as resume_w
    from tests.test_resume_widgets import FakeBrowser

    ticks = iter(range(10**6))  # a clock a second on per save, as a learner's clicks are
    clock = lambda: f"2026-12-01T{10 + next(ticks) // 3600:02d}:00:00Z"  # noqa: E731
    with fresh_home() as path, mock.patch.object(progress, "now_stamp", clock):
        store = browser_store.BrowserStore()
        try:
            browser = FakeBrowser(store, held=held)
            browser.report()
            panel = resume_w.ContinuePanel(store)
            assert panel.browser.value
            readable = store.held_doc()
            if readable is not None:  # restored, every record it holds is here
                _every_record_has_its_shape(readable)
                panel.restore_from_browser()
                for section, key, value in _readable(readable):
                    assert _kept(progress.shared().load(), section, key, value)
            # then this session's next save is mirrored, even in the same second
            Progress(path).set("reflection", "02", {"text": "saved in this session"})
            now = browser.items.get(store.storage_key, "")
            assert json.loads(now)["records"]["reflection"]["02"]["text"] == \
                "saved in this session"
            if held and readable is None:  # replaced only once kept, in a file and in the page
                kept = [p for p in path.parent.iterdir() if ".browser-copy-" in p.name]
                assert [p.read_bytes().decode("utf-8", "surrogatepass") for p in kept] == [held]
                assert [v for k, v in browser.items.items() if ":unreadable-" in k] == [held]
                assert any(str(kept[0]) in n for n in progress.shared().notices)
        finally:
            store.close()


# -- the certificate's name ----------------------------------------------------------------------
@settings(max_examples=PER_SLOW)
@given(st.text(max_size=120) | st.sampled_from(["Ana María", "李小龙", "  ", "O'Brien <b>",
                                                  "x" * 101, "Zoë\u0301", "\u202eabc"]))
def test_any_name_makes_the_certificate_or_says_what_to_change(name):
    import markupsafe

    from hrcourse import certificate_page
    from hrcourse.logic import certificate as cert_logic
    from hrcourse.widgets import completion

    with fresh_home() as path:
        maker = completion.CertificateMaker()
        maker.eligibility = lambda: cert_logic.Eligibility([], 1.0, 0.7)
        maker.name.value = name
        paths = maker.make()
        if paths:
            page = paths["html"].read_text(encoding="utf-8")
            assert str(markupsafe.escape(cert_logic.clean_name(name))) in page
            assert paths["pdf"].read_bytes().startswith(b"%PDF")
            # what the PDF cannot draw is said, so no part of the name goes missing unsaid
            missing = certificate_page.missing_in_pdf(name)
            assert ("PDF leaves out" in maker.links.value) == bool(missing)
        else:
            assert "ℹ" in maker.links.value and maker.keys.message
        assert not [p for p in path.parent.parent.rglob("*.tmp")]


# -- the knowledge check's saved attempts ---------------------------------------------------------
@settings(max_examples=PER_SLOW)
@given(shaped(records.KnowledgeCheckRecord), shaped(records.KnowledgeCheckRecord),
       shaped(records.KnowledgeCheckRecord))
def test_any_saved_attempts_are_scored_or_shown_without_an_error(pre, post, assignment):
    from hrcourse import export
    from hrcourse.content.knowledge_check import load_knowledge_check
    from hrcourse.logic import knowledge_check as logic

    check = load_knowledge_check()
    section = {"pre": pre, "post": post, "assignment": assignment}
    export.knowledge_check_lines(section)
    for record in (pre, post):
        try:
            logic.score(check, record)
        except ValueError:
            pass  # a form the check does not have: refused in words, shown as not scored
    with fresh_home() as path:
        Progress(path).update({("knowledge-check", k): v for k, v in section.items()})
        _show_everything_that_reads("knowledge-check")
