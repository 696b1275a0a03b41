"""A learning platform's own grade export, read as the class roster for `hrcourse
export-grades`: who is enrolled, under which ids, and which grade columns exist.

Canvas: Grades > Export ("Export Entire Gradebook"). The first row names the columns:
Student, ID, SIS User ID, SIS Login ID, (Integration ID,) Section, then one column per
assignment as "Assignment name (id)" and read-only totals. A row whose Student cell is
"Points Possible" (and, in newer exports, rows of posting policies) follows the header;
then one row per student.

Moodle: Grades > Export > Plain text file. The first row names the columns: the user
fields the site exports (First name, Last name, ID number, Institution, Department,
Email address by default; Username where the site adds it), then one column per grade
item; then one row per student.

A file that does not parse is refused with its line and column, never half-read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section")
CANVAS_REQUIRED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
# Rows between the header and the students in a Canvas export (their Student cell).
CANVAS_HEADER_ROWS = ("Points Possible",)
MOODLE_KEYS = ("Username", "ID number", "Email address")
ASSIGNMENT_ID = re.compile(r"^(?P<name>.*\S)\s*\((?P<id>\d+)\)$")


class RosterError(ValueError):
    """The roster file cannot be used; the message names the file, line and column."""


@dataclass(frozen=True)
class Roster:
    platform: str               # "canvas" or "moodle"
    source: str                 # the file's name, for messages
    header: tuple[str, ...]
    people: tuple[dict[str, str], ...]   # one per student, column -> value
    lines: tuple[int, ...]               # each person's line in the file
    key: str                             # the column that identifies a student

    def key_of(self, person: dict[str, str]) -> str:
        return person[self.key].strip()

    def display_name(self, person: dict[str, str]) -> str:
        if self.platform == "canvas":
            return person.get("Student", "").strip()
        return " ".join(p for p in (person.get("First name", "").strip(),
                                    person.get("Last name", "").strip()) if p)


def _rows(text: str, source: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank record; malformed CSV names its line."""
    if text.startswith("\ufeff"):  # a byte-order mark, as spreadsheet programs write
        text = text[1:]
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise RosterError(f"{source}, line {line}: contains a NUL byte; is this a CSV file "
                          f"exported from the platform?")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, start = [], 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        raise RosterError(f"{source}, line {reader.line_num}: not valid CSV ({err})") from None
    if not rows:
        raise RosterError(f"{source}: the file is empty; export the gradebook from the "
                          f"platform and give that file")
    return rows


def _people(rows, header, source, skip) -> tuple[list[dict[str, str]], list[int]]:
    people, lines = [], []
    for line, cells in rows:
        if len(cells) > len(header):
            extra = [c for c in cells[len(header):] if c.strip()]
            if extra:
                raise RosterError(f"{source}, line {line}, column {len(header) + 1}: "
                                  f"{len(cells)} fields but the header has {len(header)} "
                                  f"(unquoted comma?)")
        person = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        if skip(person):
            continue
        people.append(person)
        lines.append(line)
    return people, lines


def _check_keys(people, lines, key, column, source) -> None:
    seen: dict[str, int] = {}
    for person, line in zip(people, lines, strict=True):
        value = person[key].strip()
        if not value:
            raise RosterError(f"{source}, line {line}, column {column} ({key}): empty; every "
                              f"student needs one to be matched")
        if value in seen:
            raise RosterError(f"{source}, line {line}, column {column} ({key}): "
                              f"{value!r} is also on line {seen[value]}")
        seen[value] = line


def _header(rows, source) -> list[str]:
    header = [h.strip() for h in rows[0][1]]
    for i, name in enumerate(header):
        if not name:
            raise RosterError(f"{source}, line {rows[0][0]}, column {i + 1}: a column without "
                              f"a name")
        if name in header[:i]:
            raise RosterError(f"{source}, line {rows[0][0]}, column {i + 1}: the column "
                              f"{name!r} appears twice")
    return header


def read_canvas(text: str, source: str = "Canvas export", key: str = "SIS Login ID") -> Roster:
    rows = _rows(text, source)
    header = _header(rows, source)
    missing = [c for c in CANVAS_REQUIRED if c not in header]
    if missing:
        raise RosterError(f"{source}, line {rows[0][0]}: no column {', '.join(map(repr, missing))} "
                          f"(found: {', '.join(header[:8])}{', ...' if len(header) > 8 else ''}); "
                          f"is this Canvas's gradebook export?")
    if key not in header:
        raise RosterError(f"{source}, line {rows[0][0]}: no column {key!r} to match students by")

    def not_a_student(person: dict[str, str]) -> bool:
        # "Points Possible" and posting-policy rows have no user ID.
        return (person["Student"].strip() in CANVAS_HEADER_ROWS
                or not person["ID"].strip())

    people, lines = _people(rows[1:], header, source, not_a_student)
    _check_keys(people, lines, key, header.index(key) + 1, source)
    return Roster("canvas", source, tuple(header), tuple(people), tuple(lines), key)


def read_moodle(text: str, source: str = "Moodle export", key: str | None = None) -> Roster:
    rows = _rows(text, source)
    header = _header(rows, source)
    if key is None:
        key = next((k for k in MOODLE_KEYS if k in header), None)
        if key is None:
            raise RosterError(f"{source}, line {rows[0][0]}: no column to match students by "
                              f"(looked for {', '.join(MOODLE_KEYS)}; found: "
                              f"{', '.join(header[:8])}); export with a user field, or name "
                              f"one with --roster-key")
    elif key not in header:
        raise RosterError(f"{source}, line {rows[0][0]}: no column {key!r} to match students by")
    people, lines = _people(rows[1:], header, source, lambda person: False)
    _check_keys(people, lines, key, header.index(key) + 1, source)
    return Roster("moodle", source, tuple(header), tuple(people), tuple(lines), key)


def canvas_assignment_columns(header: tuple[str, ...]) -> dict[str, str]:
    """Assignment name (case and spacing folded) -> the export's column, for the columns
    of the form "Name (id)" that Canvas updates in place when imported."""
    found = {}
    for column in header:
        match = ASSIGNMENT_ID.match(column)
        if match and column not in CANVAS_IDENTITY:
            found[fold(match["name"])] = column
    return found


def fold(name: str) -> str:
    return " ".join(name.split()).casefold()
