"""The kinds of saved record, each declared once (docs/progress-format.md).

A kind says: the section its records are saved under in the progress document, the shape
of one record, which lesson a record belongs to, and how its records read: as a count
("reflections: 2") on the start page and as its part of the exported summary. The
widgets save and load through their kind, and the summary, the start page's overview,
the format's upgrades and the exports all go through KINDS, whose order is the one export
order.

Adding a kind is one entry in KINDS (and the widget that saves it):

    ORDERING = RecordKind("ordering", OrderingRecord, "ordering exercises",
                          lesson_key="prefix", heading="Ordering exercises",
                          lines=_ordering_lines)

Pure declarations and pure functions: ground floor, imports nothing of ours. What reading
needs from the course's content (titles, labels, the vignettes) comes in a Context, which
hrcourse.export fills from the content files.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from pydantic import (
    ConfigDict,
    Strict,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    with_config,
)
from typing_extensions import TypedDict  # pydantic validates these on Python < 3.12

# Where a merge keeps the version that lost (hrcourse.resume), and a reader a record that
# does not have its kind's shape (check), so nothing is thrown away.
EARLIER = "earlier-versions"

# A record's shape is checked as saved: no type converted, no key its kind does not declare.
SHAPE = ConfigDict(strict=True, extra="forbid")


# -- the shapes of one record ---------------------------------------------------------------
@with_config(SHAPE)
class SelfCheckRecord(TypedDict, total=False):
    selected: list[str]
    status: str          # correct, partial or incorrect (hrcourse.logic.selfcheck)
    score: float
    attempts: int
    first_status: str


# One decision of a case vignette: [scene, choice, the responses tried, openness after it],
# saved as a JSON list (hence not strict about the tuple itself, strict about its items).
Step = Annotated[tuple[StrictStr, StrictStr, list[StrictStr], StrictInt], Strict(False)]


@with_config(SHAPE)
class VignetteRecord(TypedDict, total=False):
    scene: str
    pending: str | None
    tried: list[str]
    steps: list[Step]    # per decision (logic.vignette.Run)


@with_config(SHAPE)
class ReflectionRecord(TypedDict, total=False):
    text: str
    saved_at: str        # local time as the learner saw it, "YYYY-MM-DD HH:MM"


@with_config(SHAPE)
class StanceRecord(TypedDict, total=False):
    answers: dict[str, int]
    scores: dict[str, float]


@with_config(SHAPE)
class ClassifyRecord(TypedDict, total=False):
    answer: str
    status: str


@with_config(SHAPE)
class CriteriaRecord(TypedDict, total=False):
    checked: list[str]
    supervised: bool


@with_config(SHAPE)
class LessonDoneRecord(TypedDict, total=False):
    done_at: str         # UTC stamp of "Mark this lesson complete"


@with_config(SHAPE)
class KnowledgeCheckRecord(TypedDict, total=False):
    # key "pre" or "post": an attempt
    form: str            # "A" or "B"
    answers: dict[str, str]
    fingerprints: dict[str, str]   # each item as the learner saw it (logic.knowledge_check)
    submitted_at: str | None       # None while a draft
    attempts: int
    # key "assignment": which form comes before and which after (counterbalancing)
    pre: str
    post: str


@with_config(SHAPE)
class ScreeningRecord(TypedDict, total=False):
    answers: dict[str, str]   # question id -> option id, as coded by the learner
    sex: str | None           # the cut-off chosen, for tools with sex-specific cut-offs
    total: int | None         # the score once every question is answered


@with_config(SHAPE)
class SequenceRecord(TypedDict, total=False):
    order: list[str]          # step ids in the learner's order
    checked: int | None       # steps in the right place at the last check


@with_config(SHAPE)
class EarlierRecord(TypedDict, total=False):
    section: str
    key: str
    saved_at: str
    value: Any
    reason: str               # set aside by a reader: what was wrong with it (else a merge)


# -- what reading needs from the content ----------------------------------------------------
def _nothing(*_args) -> None:
    return None


@dataclass(frozen=True)
class Context:
    """Titles and labels from the course's content; empty, records read by their ids."""

    lesson_titles: Mapping[str, str] = field(default_factory=dict)
    stance_labels: Mapping[str, str] = field(default_factory=dict)
    # the relapse-prevention plan's sections, id -> title, in the template's order
    plan_sections: Mapping[str, str] = field(default_factory=dict)
    # vignette id -> its lesson
    vignette_lesson: Callable[[str], str | None] = _nothing
    # (vignette id, saved run) -> (title, one readable line per decision)
    vignette_path: Callable[[str, dict], tuple[str, list[str]] | None] = _nothing
    # the screening scorer's lesson; a sequence exercise's id -> its lesson
    screening_lesson: Callable[[], str | None] = _nothing
    sequence_lesson: Callable[[str], str | None] = _nothing
    # the knowledge check's records -> its scores and gain as Markdown lines
    knowledge_check_lines: Callable[[dict], list[str] | None] = _nothing


# -- the kind -------------------------------------------------------------------------------
def _lines_none(_records: dict, _context: Context) -> list[str]:
    return []


def _by_key(keys, _context: Context) -> list[str]:
    return sorted(keys)


def _no_weight(_key: str, _value, _section: dict) -> tuple:
    return ()


@dataclass(frozen=True)
class RecordKind:
    section: str                 # its section in the progress document
    shape: type                  # one record's value
    noun: str                    # how a count reads: "reflections: 2"
    # How a key names its lesson: "key" (the key is the lesson id, "11"), "prefix"
    # ("<lesson>/<item>"), or "" (it does not; then `lesson_of` may find it from content).
    lesson_key: str = ""
    lesson_of: Callable[[str, Context], str | None] = _nothing
    heading: str = ""            # its part of the summary ("" = not in the summary)
    # Markdown lines for its records, given in export order
    lines: Callable[[dict, Context], list[str]] = _lines_none
    # the export order of its keys (the summary's and the CSV's): by key unless it says
    order: Callable[[Iterable[str], Context], list[str]] = _by_key
    # What a record weighs in a merge, before the newer one wins (hrcourse.resume): given
    # its key, its value and its whole section on the same side; compared between the two
    # sides' versions. By default nothing: the newer wins.
    weight: Callable[[str, Any, dict], tuple] = _no_weight

    def lesson(self, key: str, context: Context | None = None) -> str | None:
        """The lesson a record belongs to, or None."""
        if self.lesson_key == "key":
            return key
        if self.lesson_key == "prefix":
            return key.partition("/")[0]
        return self.lesson_of(key, context or Context())

    def with_lesson(self, key: str, lesson: str) -> str:
        """The key for the same record in another lesson (a lesson renumbered)."""
        if self.lesson_key == "key":
            return lesson
        if self.lesson_key == "prefix":
            return f"{lesson}/{key.partition('/')[2]}"
        return key

    def ordered(self, records: dict, context: Context | None = None) -> dict:
        """Its records in export order."""
        return {key: records[key] for key in self.order(records, context or Context())}

    def summary(self, records: dict, context: Context) -> list[str]:
        """Its part of the summary (Markdown lines), or nothing."""
        if not (self.heading and records):
            return []
        return [f"## {self.heading}", "", *self.lines(self.ordered(records, context), context)]


# -- how each kind reads in the summary -----------------------------------------------------
def flat(value) -> str:
    """A value as one line of text (the CSV and the summary)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}={flat(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        return ", ".join(flat(v) for v in value)
    return str(value)


def _reflection_lines(records: dict, context: Context) -> list[str]:
    lines = []
    for key in records:
        title = context.lesson_titles.get(key, key)
        lines += [f"### {key} {title}", "", records[key].get("text", "").strip() or
                  "_(empty)_", ""]
    return lines


def _selfcheck_lines(records: dict, _context: Context) -> list[str]:
    lines = ["| lesson | item | latest | first try | attempts |", "|---|---|---|---|---|"]
    for key in records:
        lesson, _, item = key.partition("/")
        r = records[key]
        lines.append(f"| {lesson} | {item} | {r.get('status', '')} | "
                     f"{r.get('first_status', '')} | {r.get('attempts', '')} |")
    return [*lines, ""]


def _vignette_lines(records: dict, context: Context) -> list[str]:
    lines = []
    for vid in records:
        readable = context.vignette_path(vid, records[vid])
        if readable:
            title, decisions = readable
            lines.append(f"- **{title}**: {len(decisions)} decision(s) made")
            lines += [f"    {n}. {line}" for n, line in enumerate(decisions, 1)]
            continue
        steps = records[vid].get("steps", [])
        path = " → ".join(f"{scene}:{choice}" for scene, choice, *_ in steps) or "not started"
        lines.append(f"- **{vid}**: {len(steps)} decision(s) made ({path})")
    return [*lines, ""]


def _stance_lines(records: dict, context: Context) -> list[str]:
    lines = ["| domain | start | end |", "|---|---|---|"]
    pre = records.get("pre", {}).get("scores", {})
    post = records.get("post", {}).get("scores", {})
    for domain in dict.fromkeys([*pre, *post]):
        lines.append(f"| {context.stance_labels.get(domain, domain)} | {pre.get(domain, '')} | "
                     f"{post.get(domain, '')} |")
    return [*lines, ""]


def _plan_order(keys, context: Context) -> list[str]:
    """The plan's sections in the template's order; any the template no longer has, after."""
    keys = list(keys)
    return ([k for k in context.plan_sections if k in keys]
            + sorted(k for k in keys if k not in context.plan_sections))


def _plan_lines(records: dict, context: Context) -> list[str]:
    return [*(f"- **{context.plan_sections.get(key, key)}**: {str(value).strip()}"
              for key, value in records.items()), ""]


def _classify_lines(records: dict, _context: Context) -> list[str]:
    return [*(f"- {cid}: {r.get('answer')} ({r.get('status')})"
              for cid, r in records.items()), ""]


def _earlier_lines(records: dict, _context: Context) -> list[str]:
    lines = ["When two copies of your progress held different versions of the same work, "
             "the one that counts was used and the other was kept here; so was any saved "
             "record the course could not read (with the reason).", ""]
    for key in records:
        kept = records[key] if isinstance(records[key], dict) else {"value": records[key]}
        value = kept.get("value")
        text = value.get("text", value) if isinstance(value, dict) else value
        reason = f" (not read: {kept['reason']})" if kept.get("reason") else ""
        lines.append(f"- **{kept.get('section', '')} {kept.get('key', key)}** (saved "
                     f"{kept.get('saved_at', '')}){reason}: "
                     f"{flat(text).strip() or '_(empty)_'}")
    return [*lines, ""]


def _done_lines(records: dict, context: Context) -> list[str]:
    lines = []
    for lesson, value in records.items():
        when = str(value.get("done_at", ""))[:10] if isinstance(value, dict) else ""
        title = context.lesson_titles.get(lesson, "")
        lines.append(f"- {lesson}{' ' + title if title else ''}{f' ({when})' if when else ''}")
    return [*lines, ""]


def _knowledge_check_lines(records: dict, context: Context) -> list[str]:
    """Scored by the course's content when the context can (hrcourse.export); else as saved."""
    scored = context.knowledge_check_lines(records)
    if scored is not None:
        return scored
    return [*(f"- {key}: {flat(value)}" for key, value in records.items()), ""]


def _screening_lines(records: dict, _context: Context) -> list[str]:
    return [*(f"- {tool}: score {r.get('total') if r.get('total') is not None else 'not yet'}"
              f" ({len(r.get('answers') or {})} answer(s) chosen)"
              for tool, r in records.items()), ""]


def _sequence_lines(records: dict, _context: Context) -> list[str]:
    return [*(f"- {sid}: {' → '.join(r.get('order') or [])}"
              + (f" ({r['checked']} step(s) in the right place at the last check)"
                 if r.get("checked") is not None else " (not checked yet)")
              for sid, r in records.items()), ""]


def _knowledge_check_weight(key: str, value, section: dict) -> tuple:
    """A submitted attempt outweighs a draft, and an assignment of forms that a submitted
    attempt used outweighs one none used (of two used, the later submission's), so a merge
    never replaces the result that counts nor the forms the learner already took."""
    if not isinstance(value, dict):
        return (0, "")
    if key == "assignment":
        used = [str(attempt["submitted_at"]) for when, attempt in section.items()
                if when in ("pre", "post") and isinstance(attempt, dict)
                and attempt.get("submitted_at") and attempt.get("form") == value.get(when)]
        return (1, max(used)) if used else (0, "")
    return (1, "") if value.get("submitted_at") else (0, "")


def _screening_lesson(_key: str, context: Context) -> str | None:
    return context.screening_lesson()


def _sequence_lesson(key: str, context: Context) -> str | None:
    return context.sequence_lesson(key)


def _vignette_lesson(key: str, context: Context) -> str | None:
    return context.vignette_lesson(key)


# -- the kinds, in the one export order -----------------------------------------------------
LESSON_DONE = RecordKind("lesson-done", LessonDoneRecord, "lessons marked complete",
                         lesson_key="key", heading="Lessons marked complete",
                         lines=_done_lines)
KNOWLEDGE_CHECK = RecordKind("knowledge-check", KnowledgeCheckRecord, "knowledge checks",
                             heading="Knowledge check", lines=_knowledge_check_lines,
                             weight=_knowledge_check_weight)
REFLECTION = RecordKind("reflection", ReflectionRecord, "reflections", lesson_key="key",
                        heading="Reflections", lines=_reflection_lines)
SELFCHECK = RecordKind("selfcheck", SelfCheckRecord, "self-check answers",
                       lesson_key="prefix", heading="Self-checks", lines=_selfcheck_lines)
VIGNETTE = RecordKind("vignette", VignetteRecord, "case vignettes",
                      lesson_of=_vignette_lesson, heading="Case vignettes",
                      lines=_vignette_lines)
STANCE = RecordKind("stance", StanceRecord, "stance self-assessments",
                    heading="Stance self-assessment (reflective, not a validated instrument)",
                    lines=_stance_lines)
RELAPSE_PLAN = RecordKind("relapse-plan", str, "parts of the relapse-prevention plan",
                          heading="Relapse-prevention plan (practice exercise)",
                          lines=_plan_lines, order=_plan_order)
CLASSIFY = RecordKind("classify", ClassifyRecord, "classification cases",
                      heading="Classification cases (lesson 05)", lines=_classify_lines)
SCREENING = RecordKind("screening", ScreeningRecord, "screening practice answers",
                       lesson_of=_screening_lesson,
                       heading="Screening practice (lesson 08; fictional clients, not a diagnosis)",
                       lines=_screening_lines)
SEQUENCE = RecordKind("sequence", SequenceRecord, "put-in-order exercises",
                      lesson_of=_sequence_lesson, heading="Put-in-order exercises",
                      lines=_sequence_lines)
CRITERIA = RecordKind("criteria-explorer", CriteriaRecord, "criteria explorer settings")
EARLIER_VERSIONS = RecordKind(EARLIER, EarlierRecord, "earlier versions kept from a merge",
                              heading="Earlier versions kept when merging",
                              lines=_earlier_lines)

KINDS = (LESSON_DONE, KNOWLEDGE_CHECK, REFLECTION, SELFCHECK, VIGNETTE, STANCE, RELAPSE_PLAN,
         CLASSIFY, SCREENING, SEQUENCE, CRITERIA, EARLIER_VERSIONS)
BY_SECTION = {kind.section: kind for kind in KINDS}


def kind(section: str) -> RecordKind | None:
    return BY_SECTION.get(section)


def noun(section: str) -> str:
    """How a count of a section's records reads (its own name if the kind is unknown)."""
    known = BY_SECTION.get(section)
    return known.noun if known else section


def lesson_of(section: str, key: str, context: Context | None = None) -> str | None:
    known = BY_SECTION.get(section)
    return known.lesson(key, context) if known else None


# -- reading: every record checked against its kind's shape --------------------------------
@cache
def _validator(shape: type) -> TypeAdapter:
    if hasattr(shape, "__total__"):  # a TypedDict, with its own configuration (SHAPE)
        return TypeAdapter(shape)
    return TypeAdapter(shape, config=SHAPE)


def problem(kind_: RecordKind, value) -> str:
    """What keeps a saved value from having its kind's shape, in plain words ('' if
    nothing): the shape declared in KINDS is the validator, so a new kind is checked too."""
    try:
        _validator(kind_.shape).validate_python(value)
    except ValidationError as err:
        first = err.errors()[0]
        where = "/".join(str(part) for part in first["loc"])
        message = first["msg"][:1].lower() + first["msg"][1:]
        more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        return f"{where + ': ' if where else ''}{message}{more}"
    except RecursionError:
        return "it is nested too deeply"
    return ""


def conforms(kind_: RecordKind, value) -> bool:
    """Whether a saved value has its kind's shape."""
    return not problem(kind_, value)


@dataclass(frozen=True)
class SetAside:
    """A record (or a whole section, key "") a reader could not use, and where it went."""

    section: str
    key: str
    reason: str
    label: str       # its key under EARLIER

    def describe(self) -> str:
        what = (f"the {self.section} record “{self.key}”" if self.key
                else f"the section “{self.section}”")
        return f"{what} could not be read ({self.reason})"


def free_label(earlier: dict, label: str) -> str:
    """`label`, or `label 2`, `label 3`...: a key not yet used under EARLIER (so a version
    kept there never replaces another)."""
    candidate, number = label, 1
    while candidate in earlier:
        number += 1
        candidate = f"{label} {number}"
    return candidate


# A save time as the course writes it (hrcourse.progress.now_stamp): UTC, to the second.
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?")  # (older files: no Z)


def is_stamp(value) -> bool:
    return isinstance(value, str) and STAMP.fullmatch(value) is not None


def _text_or_empty(value) -> str:
    return value if isinstance(value, str) else ""


def check(doc: dict, shapes: bool = True) -> tuple[dict, list[SetAside]]:
    """`doc` as a reader can use it, and what was set aside to make it so. Every section
    must be a set of records and, with `shapes`, every record of a known kind must have its
    kind's shape (`problem`); a record or section that does not is moved, whole and as
    read, under EARLIER with the reason, so nothing is lost and the rest stays in use.
    Save times that are not times (`STAMP`) are dropped: a record without one counts as
    saved at the file's `saved_at` (text like "yesterday" would outweigh every real time).
    Sections of no known kind are kept as they are. `doc` is not changed (its values are
    shared, not copied)."""
    out = {key: value for key, value in doc.items()
           if key not in ("saved_at", "created_at", "exported_at") or is_stamp(value)}
    given = doc.get("records") if isinstance(doc.get("records"), dict) else {}
    raw_stamps = doc.get("stamps") if isinstance(doc.get("stamps"), dict) else {}
    stamps = {section: {key: when for key, when in times.items() if is_stamp(when)}
              for section, times in raw_stamps.items() if isinstance(times, dict)}
    saved_at = _text_or_empty(out.get("saved_at"))
    records: dict[str, Any] = {}
    losers: list[tuple[str, str, Any, str]] = []
    for section, entries in given.items():
        if not isinstance(entries, dict):
            losers.append((section, "", entries, "it is not a set of records"))
            stamps.pop(section, None)
            continue
        known = BY_SECTION.get(section) if shapes else None
        kept = {}
        for key, value in entries.items():
            why = problem(known, value) if known else ""
            if why:
                losers.append((section, key, value, why))
            else:
                kept[key] = value
        records[section] = kept
    aside = []
    for section, key, value, why in losers:
        when = stamps.get(section, {}).pop(key, None) or saved_at
        earlier = records.setdefault(EARLIER, {})
        label = free_label(earlier, f"{section}/{key} (could not be read"
                                    f"{', saved ' + when if when else ''})")
        earlier[label] = {"section": section, "key": key, "saved_at": when, "value": value,
                          "reason": why}
        aside.append(SetAside(section, key, why, label))
    out["records"], out["stamps"] = records, {s: t for s, t in stamps.items() if t}
    return out, aside


# -- renumbered lessons (the format's upgrades, hrcourse.progress) --------------------------
def renumber_lesson(doc: dict, old: str, new: str) -> dict:
    """The document with lesson `old`'s records moved to lesson `new`, for every kind whose
    key names its lesson (stamps and earlier versions too). A record already at the new
    key is kept if it was saved later; the other version goes to earlier versions, so
    nothing is lost. `doc` is not changed."""
    out = copy.deepcopy(doc)
    records, stamps = out.setdefault("records", {}), out.setdefault("stamps", {})
    saved_at = out.get("saved_at", "")
    for kind_ in KINDS:
        if not kind_.lesson_key:
            continue
        section, section_stamps = records.get(kind_.section, {}), stamps.get(kind_.section, {})
        for key in [k for k in section if kind_.lesson(k) == old]:
            target = kind_.with_lesson(key, new)
            value, stamp = section.pop(key), section_stamps.pop(key, None)
            loser = None
            if target in section:
                there = section_stamps.get(target)
                if (stamp or saved_at) <= (there or saved_at):  # the one there is newer
                    loser = (value, stamp or saved_at)
                else:
                    loser = (section[target], there or saved_at)
            if loser is None or loser[0] is not value:
                section[target] = value
                section_stamps.pop(target, None)
                if stamp is not None:
                    section_stamps[target] = stamp
            if loser is not None:
                lost, lost_at = loser
                earlier = records.setdefault(EARLIER, {})
                earlier[free_label(earlier, f"{kind_.section}/{target} ({lost_at})")] = {
                    "section": kind_.section, "key": target, "saved_at": lost_at,
                    "value": lost}
    for label, kept in list(records.get(EARLIER, {}).items()):
        known = BY_SECTION.get(kept.get("section", "")) if isinstance(kept, dict) else None
        if known and known.lesson_key and known.lesson(str(kept.get("key", ""))) == old:
            target = known.with_lesson(kept["key"], new)
            records[EARLIER].pop(label)
            records[EARLIER][free_label(records[EARLIER], f"{known.section}/{target} "
                                                          f"({kept.get('saved_at', '')})")] = {
                **kept, "key": target}
    out["records"] = {s: r for s, r in records.items() if r}
    out["stamps"] = {s: t for s, t in stamps.items() if t}
    return out
