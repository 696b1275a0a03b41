"""Carry a learner's progress from one session to the next: the download, the checks an
uploaded copy must pass, and the per-record merge. Pure functions, no widgets.

The download is the progress document itself (format in docs/progress-format.md), with
the time it was exported. A copy from the learner's browser has the same format.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hrcourse import records
from hrcourse.progress import (
    COURSE,
    FORMAT,
    VERSION,
    json_text,
    json_value,
    now_stamp,
    upgrade,
    version_of,
)
from hrcourse.records import EARLIER

# Far more than ten hours of reflections; a bigger file is not one of ours.
MAX_BYTES = 5_000_000
# Where the losing side of a conflict is kept (EARLIER, declared with the other kinds of
# record in hrcourse.records), so merging never throws written work away.


class Refused(ValueError):
    """An uploaded file that cannot be used; the message is for the learner."""


# -- download -------------------------------------------------------------------------------
def download_text(doc: dict) -> str:
    out = {"format": FORMAT, "version": VERSION, "course": COURSE,
           "records": doc.get("records", {}), "stamps": doc.get("stamps", {}),
           "saved_at": doc.get("saved_at", ""), "exported_at": now_stamp()}
    return json_text(out, indent=1)


def download_name(when: float | None = None) -> str:
    return f"my-progress-{time.strftime('%Y-%m-%d', time.localtime(when))}.json"


# -- checking an uploaded copy --------------------------------------------------------------
def parse(raw: bytes | str) -> dict:
    """The document in `raw`, or Refused with a plain reason (see read)."""
    return read(raw)[0]


def read(raw: bytes | str) -> tuple[dict, list[records.SetAside]]:
    """The document in `raw` and the records set aside in it, or Refused with a plain
    reason. Accepts only this course's progress format, at this version or older, whose
    records and save times are sets of them; a record without its kind's shape is kept
    under EARLIER with the reason (records.check), the rest used."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise Refused("This file is too large to be a progress file of this course.")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("This is not a progress file: it is not text (did you choose "
                          "the summary or another file?).") from None
    try:
        doc = json_value(raw)
    except RecursionError:
        raise Refused("This file is damaged or is not a progress file (it is nested too "
                      "deeply).") from None
    except json.JSONDecodeError:
        raise Refused("This file is damaged or is not a progress file (it is not valid "
                      "JSON). Choose the file the course let you download, named like "
                      f"{download_name()}.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Refused("This is not a progress file of this course. Choose the file the "
                      f"course let you download, named like {download_name()}.")
    if doc.get("course", COURSE) != COURSE:
        raise Refused(f"This progress file belongs to another course ({doc.get('course')!s}),"
                      " so it was not used.")
    version = version_of(doc)
    if version is None:
        raise Refused("This progress file is damaged: its version is missing.")
    if version > VERSION:
        raise Refused(f"This progress file was made by a newer version of the course (format "
                      f"version {version}; this copy reads up to version {VERSION}). Open "
                      "the newest version of the course to use it.")
    given, stamps = doc.get("records"), doc.get("stamps", {})
    if not isinstance(given, dict) or not all(
            isinstance(s, str) and isinstance(r, dict) and all(isinstance(k, str) for k in r)
            for s, r in given.items()):
        raise Refused("This progress file is damaged: its records cannot be read.")
    if not isinstance(stamps, dict) or not all(
            isinstance(s, dict) and all(isinstance(t, str) for t in s.values())
            for s in stamps.values()):
        raise Refused("This progress file is damaged: its save times cannot be read.")
    try:
        upgraded = upgrade({"format": FORMAT, "version": version, "course": COURSE,
                            "records": given, "stamps": stamps,
                            "saved_at": str(doc.get("saved_at", ""))})
        return records.check(upgraded)
    except RecursionError:
        raise Refused("This progress file is damaged: it is nested too deeply to be "
                      "read.") from None


# -- what a copy holds ----------------------------------------------------------------------
@dataclass
class Overview:
    records: int
    lessons: list[str]            # lessons with saved work, in course order
    last_saved: str               # the newest save time, "" if unknown
    sections: dict[str, int]      # how many records per section

    def is_empty(self) -> bool:
        return self.records == 0


def stamp_of(doc: dict, section: str, key: str) -> str:
    """When a record was last saved; files without per-record times give their own."""
    return doc.get("stamps", {}).get(section, {}).get(key) or doc.get("saved_at", "") or ""


def overview(doc: dict,
             lesson_of: Callable[[str, str], str | None] = records.lesson_of) -> Overview:
    """`lesson_of(section, key)` names the lesson a record belongs to, or None (by default
    as hrcourse.records declares it, without the content's help)."""
    records = {s: r for s, r in doc.get("records", {}).items() if s != EARLIER and r}
    lessons = {lesson_of(s, k) for s, r in records.items() for k in r} - {None}
    stamps = [stamp_of(doc, s, k) for s, r in records.items() for k in r]
    return Overview(records=sum(len(r) for r in records.values()), lessons=sorted(lessons),
                    last_saved=max(stamps, default="") or doc.get("saved_at", ""),
                    sections={s: len(r) for s, r in sorted(records.items())})


def readable_time(stamp: str) -> str:
    """'2026-11-28T14:02:00Z' -> '28 Nov 2026, 14:02 UTC' (as saved, if it does not parse)."""
    for fmt, zone in (("%Y-%m-%dT%H:%M:%SZ", " UTC"), ("%Y-%m-%dT%H:%M:%S", "")):
        try:
            return time.strftime("%d %b %Y, %H:%M", time.strptime(stamp, fmt)) + zone
        except ValueError:
            continue
    return stamp or "an unknown time"


# -- merging --------------------------------------------------------------------------------
@dataclass
class Conflict:
    section: str
    key: str
    kept: str          # "here" (what this session has) or "file" (the copy brought in)
    here_saved: str
    file_saved: str
    set_aside: object  # the version that lost, kept under EARLIER
    # the kept one outweighed the other (a submitted attempt over a draft: RecordKind.weight)
    # rather than being newer
    by_weight: bool = False


@dataclass
class Merge:
    doc: dict
    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unchanged: int = 0

    def changes_anything(self) -> bool:
        return bool(self.added or self.updated or self.conflicts)


def merge(here: dict, incoming: dict, keep_losers: bool = True,
          keep_older_than: str = "", ties_to_incoming: bool = False) -> Merge:
    """Record by record: a record only one side has is kept; where both have it and it
    differs, the one of more weight wins (its kind's `weight`: a submitted attempt over a
    draft, and the forms it used), else the more recently saved one (a tie keeps `here`, or
    with ties_to_incoming the incoming one: stamps are to the second). Each such conflict is
    reported, and with keep_losers the losing version is kept under EARLIER, so no
    reflection is lost; without, only losers saved before `keep_older_than` are kept.
    `here` is not changed."""
    out = copy.deepcopy(here)
    out.setdefault("records", {})
    out.setdefault("stamps", {})
    result = Merge(out)
    here_records = here.get("records", {})
    for section, theirs in incoming.get("records", {}).items():
        mine = out["records"].setdefault(section, {})
        for key, value in theirs.items():
            their_stamp = stamp_of(incoming, section, key)
            if key not in mine:
                mine[key] = copy.deepcopy(value)
                out["stamps"].setdefault(section, {})[key] = their_stamp
                result.added.append((section, key))
                continue
            if mine[key] == value:
                result.unchanged += 1
                continue
            my_stamp = stamp_of(here, section, key)
            if section == EARLIER:  # two different earlier versions: keep both
                key = f"{key} ({their_stamp})"
                if key not in mine:
                    mine[key] = copy.deepcopy(value)
                    result.added.append((section, key))
                continue
            known = records.kind(section)
            my_weight = known.weight(key, mine[key], here_records.get(section, {})) \
                if known else ()
            their_weight = known.weight(key, value, theirs) if known else ()
            file_wins = (their_weight, their_stamp) > (my_weight, my_stamp) or (
                ties_to_incoming and (their_weight, their_stamp) == (my_weight, my_stamp))
            loser = mine[key] if file_wins else value
            result.conflicts.append(Conflict(section, key, "file" if file_wins else "here",
                                             my_stamp, their_stamp, loser,
                                             by_weight=their_weight != my_weight))
            if file_wins:
                mine[key] = copy.deepcopy(value)
                out["stamps"].setdefault(section, {})[key] = their_stamp
                result.updated.append((section, key))
            lost_at = my_stamp if file_wins else their_stamp
            if keep_losers or lost_at < keep_older_than:
                out["records"].setdefault(EARLIER, {})[f"{section}/{key} ({lost_at})"] = {
                    "section": section, "key": key, "saved_at": lost_at,
                    "value": copy.deepcopy(loser)}
    out["records"] = {s: r for s, r in out["records"].items() if r}
    return result


def browser_copy(browser: dict, here: dict) -> dict:
    """What the browser should hold after a save here: everything it held, with this
    session's records where they are newer. It is a mirror, so a version this session
    replaced is dropped, except one saved before this session's progress file began: that
    one came from an earlier session and was never brought back, so it is kept (EARLIER).
    A save here in the same second as the version the browser holds is the newer one (two
    clicks within a second: the second's record must reach the browser)."""
    doc = merge(browser, here, keep_losers=False,
                keep_older_than=here.get("created_at", ""), ties_to_incoming=True).doc
    # Every record keeps the time it was saved: one the copy held without its own time
    # would otherwise take the copy's new saved_at, and outweigh this session's next edit.
    here_records = here.get("records", {})
    for section, entries in doc["records"].items():
        times = doc["stamps"].setdefault(section, {})
        for key, value in entries.items():
            if not times.get(key):
                source = here if here_records.get(section, {}).get(key) == value else browser
                if stamp_of(source, section, key):
                    times[key] = stamp_of(source, section, key)
    doc["stamps"] = {s: t for s, t in doc["stamps"].items() if t}
    doc.update(format=FORMAT, version=VERSION, course=COURSE,
               saved_at=max(browser.get("saved_at", ""), here.get("saved_at", "")))
    return doc


def restore_from_browser(here: dict, browser: dict) -> Merge:
    """Merge the browser's copy in. Afterwards nothing in the browser is unknown to this
    session, so the browser's versions older than it count as seen (see browser_copy)."""
    result = merge(here, browser)
    oldest = min((t for s in browser.get("stamps", {}).values() for t in s.values()),
                 default=result.doc.get("created_at", ""))
    result.doc["created_at"] = min(result.doc.get("created_at") or oldest, oldest)
    return result


def missing_here(here: dict, other: dict) -> int:
    """How many records `other` would add or update here (0: nothing to restore)."""
    result = merge(here, other, keep_losers=False)
    return len(result.added) + len(result.updated)
