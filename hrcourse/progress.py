"""Saved progress: one JSON file per learner, on their own machine, never sent anywhere.

Writes are atomic and serialised with a lock file (hrcourse.files), and each
save re-reads the file first, so two notebooks saving at once lose nothing. A file
that is corrupt or not ours is moved aside with a message, and the learner goes on; a
record that does not have its kind's shape (hrcourse.records.check) is kept under earlier
versions with a message, and the rest of the file is used. Nothing a file holds makes a
read raise.

The file is the documented format of docs/progress-format.md: besides the records it
keeps, per record, when it was last saved (`stamps`), so two copies of a learner's work
can be merged record by record (hrcourse.resume). Listeners hear of every save (the
browser copy mirrors them).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hrcourse import records
from hrcourse.files import locked, write_atomic

PATH_ENV = "HRCOURSE_PROGRESS"
FORMAT = "hrcourse-progress"
VERSION = 2
# How a document of an older version is read as this one (docs/progress-format.md):
# version -> the change to the next version. Raise VERSION only when an older reader
# would misread the file, and add its upgrade here.
UPGRADES = {
    # 1 -> 2: the capstone became lesson 11 (it was lesson 08, which is now a new lesson):
    # its reflection and self-check answers move from "08" to "11".
    1: lambda doc: records.renumber_lesson(doc, "08", "11"),
}
# Which course the records belong to: a progress file of another course is refused.
COURSE = "harm-reduction-approach-to-therapy"


def default_path() -> Path:
    """$HRCOURSE_PROGRESS, else ~/.hrcourse/progress.json (the learner's own home)."""
    override = os.environ.get(PATH_ENV)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".hrcourse" / "progress.json"


def _empty() -> dict:
    # created_at: when this file was started (on Binder: when the session first saved), so a
    # copy's records saved before it are known to come from an earlier session.
    return {"format": FORMAT, "version": VERSION, "course": COURSE, "records": {}, "stamps": {},
            "created_at": now_stamp()}


def version_of(doc: dict) -> int | None:
    """The document's format version, a whole number from 1, or None if it has none."""
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None
    return version


def upgrade(doc: dict) -> dict:
    """`doc` read as this version (a newer one is refused before this; one without a
    readable version is read as the oldest, 1); `doc` unchanged. Its records and stamps
    must be sets of records (records.check(doc, shapes=False))."""
    version = version_of(doc) or 1
    while version < VERSION:
        doc = UPGRADES[version](doc)
        version += 1
    return {**doc, "version": VERSION}


def json_value(text: str):
    """The JSON value in `text` (json.loads), with half characters (a lone surrogate,
    written as an escape such as \\ud800, which a damaged file may hold) made the
    replacement character �: nothing can show them, and no widget or file can carry them."""
    value = json.loads(text)
    if "\\u" not in text and _encodes(text):
        return value
    return whole_characters(value)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def whole_characters(value):
    """A JSON value with each half character (lone surrogate) made the replacement one."""
    if isinstance(value, str):
        return value if _encodes(value) else \
            value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {whole_characters(k): whole_characters(v) for k, v in value.items()}
    if isinstance(value, list):
        return [whole_characters(v) for v in value]
    return value


def json_text(doc: dict, **options) -> str:
    """The document as JSON text that encodes as UTF-8: readable characters as they are,
    unless the document holds text that is not (half a character, as a damaged file may:
    then every character outside ASCII is escaped, which reads back the same)."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, **options)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(doc, ensure_ascii=True, sort_keys=True, **options)
    return text


def now_stamp() -> str:
    """UTC, to the second, so stamps from different machines and sessions compare as text."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# Called with the whole document after every successful save (in this process).
_listeners: list[Callable[[dict], None]] = []


def add_listener(callback: Callable[[dict], None]) -> None:
    if callback not in _listeners:
        _listeners.append(callback)


def remove_listener(callback: Callable[[dict], None]) -> None:
    with contextlib.suppress(ValueError):
        _listeners.remove(callback)


class Progress:
    """Records are grouped by section ("vignette", "selfcheck", "stance", ...) and key."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        self.notices: list[str] = []  # plain messages for the learner (e.g. a file moved aside)

    # reading ------------------------------------------------------------------
    def _aside(self, label: str) -> Path:
        """A new name beside the file, never one already taken (nothing is overwritten)."""
        stem = f"{self.path.stem}.{label}-{time.strftime('%Y%m%d-%H%M%S')}"
        candidate, number = self.path.with_name(f"{stem}{self.path.suffix}"), 1
        while candidate.exists():
            number += 1
            candidate = self.path.with_name(f"{stem}-{number}{self.path.suffix}")
        return candidate

    def _read_unlocked(self) -> dict:
        """The saved document (the lock held). A file that is not one is moved aside and a
        new one begun; records that do not have their kind's shape are kept under earlier
        versions and the rest used (the file as it was kept aside too). Each with a notice
        naming the file; nothing raises for what the file holds."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty()
        except OSError as err:
            self.notices.append(f"Could not read your saved progress at {self.path} ({err}). "
                                "The course will carry on without it.")
            return _empty()
        problem = None
        try:
            data = json_value(raw.decode("utf-8"))
        except UnicodeDecodeError:
            problem = "it is not text"
        except RecursionError:
            problem = "it is nested too deeply to be a progress file"
        except ValueError as err:  # json.JSONDecodeError
            problem = f"it is not valid JSON ({getattr(err, 'msg', err)})"
        else:
            version = version_of(data) if isinstance(data, dict) else None
            if not isinstance(data, dict) or data.get("format") != FORMAT \
                    or data.get("course", COURSE) != COURSE:
                problem = "it is not a progress file of this course"
            elif not isinstance(data.get("records"), dict):
                problem = "its records are damaged"
            elif version is not None and version > VERSION:
                problem = "it was written by a newer version of the course"
        if problem is None:
            return self._usable(data)
        aside = self._aside("unreadable")
        try:
            os.replace(self.path, aside)
            where = f"It was moved to {aside} so nothing is lost"
        except OSError:
            where = "It was left where it is"
        self.notices.append(f"Your saved progress file {self.path} could not be used: {problem}. "
                            f"{where}; the course starts a new progress file.")
        return _empty()

    def _usable(self, data: dict) -> dict:
        """A document of this course as the widgets can use it (see _read_unlocked)."""
        try:
            data, aside = records.check(data, shapes=False)
            data = upgrade(data)
            data, more = records.check(data)
        except RecursionError:  # too deep to copy: kept whole, as it is
            copy_at = self._aside("unreadable")
            with contextlib.suppress(OSError):
                os.replace(self.path, copy_at)
            self.notices.append(f"Your saved progress file {self.path} could not be used: it "
                                f"is nested too deeply. It was moved to {copy_at}; the course "
                                "starts a new progress file.")
            return _empty()
        aside += more
        if not aside:
            return data
        copy_at = self._aside("as-it-was")
        try:
            write_atomic(copy_at, self.path.read_bytes())
            self._write_unlocked(data)
            kept = f"the file as it was is kept at {copy_at}"
        except OSError:
            kept = "the file was left as it is"
        for item in aside:
            self.notices.append(
                f"In your saved progress file {self.path}, {item.describe()}. It is kept under "
                f"“earlier versions” in your summary ({kept}); the rest of your progress is "
                "in use.")
        return data

    def load(self) -> dict:
        if not self.path.exists():
            return _empty()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.path):
            return self._read_unlocked()

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.load()["records"].get(section, {}).get(key, default)

    def section(self, section: str) -> dict[str, Any]:
        return dict(self.load()["records"].get(section, {}))

    # writing ------------------------------------------------------------------
    def set(self, section: str, key: str, value: Any) -> None:
        self.update({(section, key): value})

    def update(self, changes: dict[tuple[str, str], Any]) -> None:
        """Apply several changes in one locked read-modify-write."""
        json.dumps(list(changes.values()))  # fail before touching the file if not JSON-able
        stamp = now_stamp()

        def apply(data: dict) -> dict:
            if not isinstance(data.get("stamps"), dict):
                data["stamps"] = {}
            stamps = data["stamps"]
            for (section, key), value in changes.items():
                records = data["records"].setdefault(section, {})
                if value is None:
                    records.pop(key, None)
                    stamps.get(section, {}).pop(key, None)
                else:
                    records[key] = value
                    stamps.setdefault(section, {})[key] = stamp
            return data

        self.modify(apply)

    def modify(self, change: Callable[[dict], dict]) -> dict:
        """One locked read-modify-write of the whole document: `change` gets what is saved
        now and returns what to save (e.g. a merge with an uploaded copy)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.path):
            data = change(self._read_unlocked())
            data.update(format=FORMAT, version=VERSION, course=COURSE,
                        saved_at=now_stamp())
            self._write_unlocked(data)
        for callback in list(_listeners):
            try:
                callback(data)
            except Exception:  # a listener (the browser copy) must never stop a save
                pass
        return data

    def _write_unlocked(self, data: dict) -> None:
        write_atomic(self.path, json_text(data, indent=1))


_shared: Progress | None = None


def shared() -> Progress:
    """The progress store the widgets use (re-created if $HRCOURSE_PROGRESS changes)."""
    global _shared
    if _shared is None or _shared.path != default_path():
        _shared = Progress()
    return _shared
