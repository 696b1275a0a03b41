"""The knowledge check's pure rules (counterbalancing, scoring, Hake's gain, changed items,
what to review) and the certificate's (when it may be made, what it says, how it prints)."""

from __future__ import annotations

import random
import re
import zlib

import pytest

from hrcourse import certificate_page
from hrcourse.content.base import parse
from hrcourse.content.knowledge_check import KnowledgeCheck, load_knowledge_check
from hrcourse.logic import certificate as cert
from hrcourse.logic import knowledge_check as kc
from hrcourse.records import LESSON_DONE, Context

FEEDBACK = {k: f"Feedback for this option, long enough to teach ({k})." for k in "abcd"}


def _item(item_id: str, objective: str, key: str = "a", many: bool = False) -> dict:
    return {"id": item_id, "objective": objective, "concept": "c", "stem": f"Stem {item_id}",
            "options": {k: f"Option {k} of {item_id}" for k in "abcd"}, "key": key,
            "many": many, "feedback": FEEDBACK}


def small_check() -> KnowledgeCheck:
    """Four positions; the third is a tick-all item; two positions share objective 05.1."""
    objectives = ["01.1", "05.1", "05.1", "06.1"]
    keys = ["a", "b", "a,c", "d"]
    forms = {f: [_item(f"{f}0{n}", o, k, many="," in k)
                 for n, (o, k) in enumerate(zip(objectives, keys, strict=True), 1)]
             for f in "AB"}
    return parse(KnowledgeCheck, {"pass_mark": 0.75, "forms": forms}, "test.yml")


def record(check: KnowledgeCheck, form: str, answers: dict[str, str]) -> dict:
    return kc.attempt(form, check.form(form), answers, "2026-11-30T10:00:00Z")


LESSONS = {"01": ("What harm reduction means", "01_x.ipynb"),
           "05": ("Addiction and chemical dependence", "05_x.ipynb"),
           "06": ("Recovery and treatment", "06_x.ipynb")}
TEXTS = {"01.1": "Explain harm reduction.", "05.1": "Distinguish dependence from addiction.",
         "06.1": "Explain recovery."}


# -- counterbalancing -----------------------------------------------------------------

def test_who_starts_with_a_ends_with_b_and_the_draw_is_balanced():
    drawn = [kc.assign(None, random.Random(seed)) for seed in range(400)]
    assert all(d["post"] == ("B" if d["pre"] == "A" else "A") for d in drawn)
    starts_a = sum(d["pre"] == "A" for d in drawn)
    assert 160 < starts_a < 240  # about half: a fair coin, 400 draws


def test_a_saved_assignment_is_kept_and_a_broken_one_is_drawn_again():
    assert kc.assign({"pre": "B", "post": "A"}, random.Random(0)) == {"pre": "B", "post": "A"}
    for broken in ({"pre": "A", "post": "A"}, {"pre": "C", "post": "A"}, "A", None):
        fresh = kc.assign(broken, random.Random(0))
        assert {fresh["pre"], fresh["post"]} == {"A", "B"}


# -- scoring and gain -----------------------------------------------------------------

def test_scoring_is_all_or_nothing_and_an_unanswered_item_is_not_right():
    check = small_check()
    score = kc.score(check, record(check, "A", {"A01": "a", "A02": "c", "A03": "a"}))
    assert [r.correct for r in score.results] == [True, False, False, False]
    assert (score.correct, score.total, score.share) == (1, 4, 0.25)
    many = check.form("A")[2]
    assert kc.is_correct(many, "c,a") and kc.is_correct(many, "a, c")
    assert not kc.is_correct(many, "a") and not kc.is_correct(many, "a,c,d")


@pytest.mark.parametrize("pre, post, gain", [
    (0.25, 0.75, 2 / 3), (0.0, 1.0, 1.0), (0.5, 0.5, 0.0), (0.5, 0.25, -0.5), (1.0, 1.0, None),
    (1.0, 0.5, None)])
def test_hakes_normalized_gain(pre, post, gain):
    assert kc.normalized_gain(pre, post) == (pytest.approx(gain) if gain is not None else None)


def test_gain_refuses_percentages_given_as_whole_numbers():
    with pytest.raises(ValueError, match="shares between 0 and 1"):
        kc.normalized_gain(25, 75)


def test_outcome_with_both_checks_gives_gain_objectives_and_what_to_review():
    check = small_check()
    pre = record(check, "A", {"A01": "a"})  # 1 of 4
    post = record(check, "B", {"B01": "a", "B02": "b", "B03": "a,c"})  # 3 of 4, misses 06.1
    out = kc.outcome(check, post, pre, TEXTS, LESSONS)
    assert (out.pre_matched, out.post_matched) == (0.25, 0.75)
    assert out.gain == pytest.approx(2 / 3)
    assert "Before: 25%. After: 75%. Normalized gain: 0.67" in out.gain_sentence()
    rows = {r.objective: (r.before, r.after, r.items) for r in out.objectives}
    assert rows == {"01.1": (1.0, 1.0, 1), "05.1": (0.0, 1.0, 2), "06.1": (0.0, 0.0, 1)}
    assert [(r.objective, r.lesson, r.notebook, r.text) for r in out.review] == [
        ("06.1", "06", "06_x.ipynb", "Explain recovery.")]
    assert "06.1: before 0%, after 0%" in kc.chart_description(out)


def test_a_perfect_pre_test_has_no_gain_and_says_why():
    check = small_check()
    perfect = record(check, "A", {"A01": "a", "A02": "b", "A03": "a,c", "A04": "d"})
    post = record(check, "B", {"B01": "a", "B02": "b", "B03": "a,c"})
    out = kc.outcome(check, post, perfect, TEXTS, LESSONS)
    assert out.pre_matched == 1.0 and out.gain is None
    assert "already perfect (100%)" in out.gain_sentence()
    assert "after-check score is 75%" in out.gain_sentence()


def test_a_post_test_without_a_pre_test_is_scored_without_gain():
    check = small_check()
    out = kc.outcome(check, record(check, "B", {"B01": "a"}), None, TEXTS, LESSONS)
    assert out.post.share == 0.25 and out.pre is None and out.gain is None
    assert "did not take the before-check, so there is no gain" in out.gain_sentence()
    assert all(r.before is None for r in out.objectives)


def test_items_changed_since_the_pre_test_are_left_out_of_the_comparison():
    check = small_check()
    pre = record(check, "A", {"A01": "a", "A02": "b"})  # 2 of 4 as the learner saw them
    raw = check.model_dump()
    raw["forms"]["A"][1]["options"]["b"] = "A reworded option"  # A02 edited after the pre-test
    raw["forms"]["A"][3]["id"] = "A05"  # A04 replaced by a new item at position 4
    edited = parse(KnowledgeCheck, raw, "test.yml")
    post = record(edited, "B", {"B01": "a", "B02": "b", "B03": "a,c", "B04": "d"})
    out = kc.outcome(edited, post, pre, TEXTS, LESSONS)
    assert [r.position for r in out.pre.results if r.changed] == [2, 4]
    assert out.matched == [1, 3]
    assert (out.pre_matched, out.post_matched) == (0.5, 1.0) and out.gain == 1.0
    assert out.post.total == 4  # the after-check itself counts all of its items
    assert any("2 item(s) of your before-check changed" in n and "position 2, 4" in n
               for n in out.notes)
    feedback_only = check.model_dump()
    feedback_only["forms"]["A"][1]["feedback"]["a"] = "Reworded feedback that still teaches."
    same = kc.outcome(parse(KnowledgeCheck, feedback_only, "t.yml"), post, pre, TEXTS, LESSONS)
    assert same.matched == [1, 2, 3, 4] and not same.notes


def test_every_pre_item_changed_means_no_gain_and_a_plain_sentence():
    check = small_check()
    pre = record(check, "A", {"A01": "a"})
    pre["fingerprints"] = {k: "0" * 12 for k in pre["fingerprints"]}
    out = kc.outcome(check, record(check, "B", {}), pre, TEXTS, LESSONS)
    assert out.matched == [] and out.gain is None
    assert "can be compared any more" in out.gain_sentence()


def test_a_saved_attempt_with_an_unknown_form_is_refused_plainly():
    with pytest.raises(ValueError, match="names form 'C'"):
        kc.score(small_check(), {"form": "C", "answers": {}})


def test_the_real_forms_score_their_own_keys_as_perfect():
    check = load_knowledge_check()
    for form in ("A", "B"):
        keyed = record(check, form, {i.id: i.key for i in check.form(form)})
        assert kc.score(check, keyed).share == 1.0


# -- the certificate ------------------------------------------------------------------

LESSON_INFO = [cert.LessonInfo("01", "What harm reduction means", 70),
               cert.LessonInfo("05", "Addiction and chemical dependence", 75),
               cert.LessonInfo("11", "Conclusion and capstone", 90)]


def test_the_certificate_needs_every_lesson_and_the_pass_mark():
    done = {"01": {"done_at": "x"}, "05": {"done_at": "x"}}
    status = cert.eligibility(LESSON_INFO, done, 0.7, 0.8)
    assert not status.ok
    reasons = " ".join(status.reasons())
    assert "11 Conclusion and capstone" in reasons and "70%" in reasons and "80%" in reasons
    assert not cert.eligibility(LESSON_INFO, {**done, "11": {}}, None, 0.8).ok
    assert "Take the after-check" in cert.eligibility(LESSON_INFO, done, None, 0.8).reasons()[1]
    assert cert.eligibility(LESSON_INFO, {**done, "11": {}}, 0.8, 0.8).ok
    with pytest.raises(ValueError, match="Mark these lessons complete"):
        cert.make("Alex", "Course", LESSON_INFO, status, "30 November 2026")


@pytest.mark.parametrize("typed, expected", [
    ("  Alex   Rivera ", "Alex Rivera"), ("Nguyễn Thị Ánh", "Nguyễn Thị Ánh"),
    ("", ValueError), ("x" * 101, ValueError), ("Alex\x07", ValueError)])
def test_the_name_is_kept_as_typed_or_refused_with_a_reason(typed, expected):
    if expected is ValueError:
        with pytest.raises(ValueError):
            cert.clean_name(typed)
    else:
        assert cert.clean_name(typed) == expected


def _certificate(name="Alex <b>Rivera</b>") -> cert.Certificate:
    status = cert.eligibility(LESSON_INFO, {i.id: {} for i in LESSON_INFO}, 0.875, 0.8)
    return cert.make(name, "A Harm Reduction Approach to Therapy", LESSON_INFO, status,
                     "30 November 2026")


def test_the_certificate_states_hours_score_and_date():
    c = _certificate()
    assert c.minutes == 235 and c.hours == "4"  # 3.9 hours, to the half hour
    facts = dict(c.lines())
    assert facts["Lessons completed"] == "3 of 3"
    assert facts["After-check score"] == "88% (pass mark 80%)"
    assert facts["Date"] == "30 November 2026"


def test_the_html_page_escapes_the_name_and_says_what_it_is_not():
    page = certificate_page.to_html(_certificate())
    assert "Alex &lt;b&gt;Rivera&lt;/b&gt;" in page and "<b>Rivera" not in page
    assert 'lang="en"' in page and "<title>Record of completion" in page
    assert "not accredited continuing-education (CE) credit" in page
    assert "no protection against being edited" in page
    assert "about 4 hours" in page and "88%" in page


def _pdf_text(data: bytes) -> str:
    """The text drawn on a PDF page by fpdf2 with embedded fonts: glyph ids in the page
    stream, mapped back to characters with each font's ToUnicode table."""
    objects = dict(re.findall(rb"(?s)\n(\d+) 0 obj\n(.*?)\nendobj", data))

    def stream(number: bytes) -> bytes:
        raw = re.search(rb"(?s)stream\r?\n(.*?)\r?\nendstream", objects[number]).group(1)
        return zlib.decompress(raw) if raw[:1] == b"x" else raw

    def cmap(number: bytes) -> dict[int, str]:
        glyphs, text = {}, stream(number)
        for block in re.findall(rb"(?s)beginbfchar(.*?)endbfchar", text):
            for g, u in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                glyphs[int(g, 16)] = bytes.fromhex(u.decode()).decode("utf-16-be")
        for block in re.findall(rb"(?s)beginbfrange(.*?)endbfrange", text):
            for lo, hi, u in re.findall(
                    rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for n in range(int(lo, 16), int(hi, 16) + 1):
                    glyphs[n] = chr(int(u, 16) + n - int(lo, 16))
        return glyphs

    fonts = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[number])
        fonts[name] = cmap(to_unicode.group(1))
    page_number = next(n for n, body in objects.items() if b"/Type /Page\n" in body)
    contents = re.search(rb"/Contents (\d+) 0 R", objects[page_number]).group(1)
    out, glyphs = [], {}
    string = rb"\(((?:\\.|[^\\)])*)\)"
    shows = rb"(?s)/(F\d+) [\d.]+ Tf|(\((?:\\.|[^\\)])*\) Tj|\[.*?\] TJ)"
    for font, shown in re.findall(shows, stream(contents)):
        if font:
            glyphs = fonts[font]
            continue
        for raw in re.findall(string, shown):
            raw = re.sub(rb"\\(.)", lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(
                m.group(1), m.group(1)), raw)
            out.append("".join(glyphs.get(int.from_bytes(raw[i:i + 2], "big"), "?")
                               for i in range(0, len(raw) - 1, 2)))
    return " ".join(out)


def test_the_pdf_holds_the_same_facts_and_disclaimer():
    data = certificate_page.to_pdf(_certificate("Nguyễn Thị Ánh"))
    assert data.startswith(b"%PDF-") and data.count(b"/Type /Page\n") == 1
    text = " ".join(_pdf_text(data).split())
    for fact in ("Record of completion", "Nguyễn Thị Ánh", "A Harm Reduction Approach",
                 "3 of 3", "about 4 hours", "88% (pass mark 80%)", "30 November 2026",
                 "05 Addiction and chemical dependence", "not accredited"):
        assert fact in text, fact


def test_the_summary_lines_say_what_was_taken():
    check = small_check()
    assert kc.summary_lines({}, check, TEXTS, LESSONS) == []
    draft = {"pre": {**record(check, "A", {"A01": "a"}), "submitted_at": None}}
    assert kc.summary_lines(draft, check, TEXTS, LESSONS) == []
    pre = record(check, "A", {"A01": "a"})
    only_pre = kc.summary_lines({"pre": pre}, check, TEXTS, LESSONS)
    assert "its score is shown with the after-check" in only_pre[0]
    both = kc.summary_lines({"pre": pre, "post": record(check, "B", {"B01": "a", "B02": "b"})},
                            check, TEXTS, LESSONS)
    assert both[:2] == ["- After-check (form B): 2 of 4 right (50%)",
                        "- Before-check (form A): 1 of 4 right (25%)"]
    assert "| 05.1 | 0% | 50% |" in both
    assert "To review: 05.1 (lesson 05 Addiction and chemical dependence); 06.1" in \
        " ".join(both)
    done = {"05": {"done_at": "2026-11-30T10:00:00Z"}, "01": {}}
    titles = Context(lesson_titles={"05": "Addiction and chemical dependence"})
    assert LESSON_DONE.summary(done, titles) == [
        "## Lessons marked complete", "",
        "- 01", "- 05 Addiction and chemical dependence (2026-11-30)", ""]
