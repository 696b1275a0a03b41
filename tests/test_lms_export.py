"""`hrcourse export-grades`: the gradebook's totals in the files Canvas and Moodle import.

The platforms' own exports are the rosters; the files written are read back with the rules
the platforms document (Canvas: "How do I import grades in the Gradebook?"; Moodle: "Grade
import", CSV): the identity columns Canvas requires, a Points Possible row, numbers or blanks
in grade cells, existing assignment columns "Name (id)" kept as they are, and every row
matched to a person on the platform's roster. Students on one side only are listed, never
dropped. A roster that does not parse is refused with its line and column.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrcourse import cli
from hrcourse.instructor.lms_export import ExportError, export, number
from hrcourse.instructor.lms_roster import ASSIGNMENT_ID, RosterError, read_canvas, read_moodle
from tests.test_gain import gain_course as knowledge_check_class  # noqa: F401 (a fixture)

CANVAS_HEADER = ("Student,ID,SIS User ID,SIS Login ID,Section,"
                 "Demo quiz (synthetic) (4711),Midterm paper (4712),Current Score")


def canvas_export(rows: list[tuple[str, str, str]], extra: str = "") -> str:
    """A Canvas gradebook export: header, Points Possible row, one row per (name, id, login)."""
    lines = [CANVAS_HEADER, "    Points Possible,,,,,10.00,20.00,(read only)"]
    for i, (name, _sis, login) in enumerate(rows):
        lines.append(f'"{name}",{1000 + i},{_sis},{login},Section 1,,,')
    return "\r\n".join(lines) + "\r\n" + extra


# --------------------------------------------------------------------------------------
# The platforms' rules, as a test reads a file back

CANVAS_REQUIRED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def read_back_canvas(text: str, roster_text: str) -> dict[str, dict[str, str]]:
    """Apply Canvas's import rules; returns SIS Login ID -> {column: value}."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    assert header[:5] == CANVAS_REQUIRED, header[:5]
    roster = list(csv.DictReader(io.StringIO(roster_text, newline="")))
    roster_columns = set(roster[0].keys())
    grades = header[5:]
    for column in grades:
        match = ASSIGNMENT_ID.match(column)
        if match:  # an existing assignment: Canvas updates it only if the id is its own
            assert column in roster_columns, f"{column} is not a column of the export"
    assert rows[1][0].strip() == "Points Possible"
    assert all(NUMBER.match(v) for v in rows[1][5:]), rows[1]
    by_login = {r["SIS Login ID"]: r for r in roster if r["ID"].strip()}
    out = {}
    for row in rows[2:]:
        assert len(row) == len(header)
        person = by_login[row[3]]  # Canvas matches each row to an enrolled user
        assert row[1] == person["ID"] and row[2] == person["SIS User ID"]
        for value in row[5:]:
            assert value == "" or NUMBER.match(value), value
        out[row[3]] = dict(zip(header, row, strict=True))
    return out


def read_back_moodle(text: str, key: str, roster_text: str) -> dict[str, dict[str, str]]:
    """Moodle's CSV import: a header row, the mapped user field first, numeric grades."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][0] == key
    known = {r[key] for r in csv.DictReader(io.StringIO(roster_text, newline=""))}
    out = {}
    for row in rows[1:]:
        assert row[0] in known
        assert all(v == "" or NUMBER.match(v) for v in row[1:]), row
        out[row[0]] = dict(zip(rows[0], row, strict=True))
    return out


# --------------------------------------------------------------------------------------
# Reading the platforms' exports


def test_a_canvas_export_gives_its_students_and_skips_the_points_possible_row():
    roster = read_canvas(canvas_export([("Lee, Ana", "S1", "ana"), ("Ng, Ben", "S2", "ben")]))
    assert [p["SIS Login ID"] for p in roster.people] == ["ana", "ben"]
    assert roster.lines == (3, 4)


def test_a_byte_order_mark_and_quoted_commas_are_read():
    roster = read_canvas("\ufeff" + canvas_export([("Lee, Ana", "S1", "ana")]))
    assert roster.people[0]["Student"] == "Lee, Ana"


@pytest.mark.parametrize("text, where", [
    ("Name,Email\nAna,a@x\n", "line 1: no column 'Student'"),
    (canvas_export([("A", "S1", "ana"), ("B", "S2", "ana")]), "line 4, column 4 (SIS Login ID): "
                                                              "'ana' is also on line 3"),
    (canvas_export([("A", "S1", "")]), "line 3, column 4 (SIS Login ID): empty"),
    (canvas_export([("A", "S1", "ana")]) + '"Unclosed,1,2,x,y\n', "line 4: not valid CSV"),
    (canvas_export([("A", "S1", "ana")]) + "B,2,S2,ben,S,,,,surplus\n", "line 4, column 9"),
    ("", "the file is empty"),
    ("Student,ID,Student\n", "line 1, column 3: the column 'Student' appears twice"),
])
def test_a_canvas_export_that_does_not_parse_is_refused_with_line_and_column(text, where):
    with pytest.raises(RosterError, match=re.escape(where)):
        read_canvas(text, "export.csv")


def test_a_moodle_export_is_matched_by_username_then_id_number_then_email():
    text = "First name,Last name,ID number,Email address\nAna,Lee,ana,ana@u.edu\n"
    assert read_moodle(text).key == "ID number"
    with pytest.raises(RosterError, match="no column to match students by"):
        read_moodle("First name,Last name\nAna,Lee\n")


@given(st.text(max_size=400))
def test_any_text_is_a_roster_or_a_clear_refusal(text):
    for reader in (read_canvas, read_moodle):
        try:
            roster = reader(text, "export.csv")
        except RosterError as err:
            assert str(err).startswith("export.csv")
        else:
            assert len(roster.people) == len(roster.lines)


NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@given(st.lists(st.tuples(NAMES.filter(lambda s: s.strip() and s.strip() != "Points Possible"),
                          st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)),
                min_size=1, max_size=8, unique_by=lambda t: t[1]))
def test_every_student_of_a_well_formed_export_is_read_whatever_their_name(people):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CANVAS_HEADER.split(","))
    writer.writerow(["Points Possible", "", "", "", "", "10", "20", ""])
    for i, (name, login) in enumerate(people):
        writer.writerow([name, 100 + i, f"S{i}", login, "Sec", "", "", ""])
    roster = read_canvas(out.getvalue())
    assert [p["SIS Login ID"] for p in roster.people] == [login for _, login in people]


def test_scores_are_written_as_plain_decimals():
    assert [number(x) for x in (10.0, 7.5, 2 / 3, None, float("nan"), -12.5)] == \
        ["10", "7.5", "0.67", "", "", "-12.5"]


# --------------------------------------------------------------------------------------
# From a real gradebook


@pytest.fixture(scope="module")
def demo_course(tmp_path_factory):
    from tests.support.synthetic_gradebook import build_demo_class

    return build_demo_class(tmp_path_factory.mktemp("demo"), n_students=12, seed=3)


def _gradebook_students(course):
    import sqlite3

    conn = sqlite3.connect(course / "gradebook.db")
    try:
        return conn.execute("SELECT id, first_name, last_name FROM student ORDER BY id").fetchall()
    finally:
        conn.close()


def _totals(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions("demo_quiz")}, \
            {s.student.id: s.needs_manual_grade for s in gb.assignment_submissions("demo_quiz")}


@pytest.mark.nbgrader
def test_canvas_file_carries_nbgraders_totals_and_lists_both_sides_unmatched(demo_course,
                                                                             tmp_path):
    students = _gradebook_students(demo_course)
    on_roster = students[1:]  # the first student is not enrolled on the platform
    roster_text = canvas_export([(f"{last}, {first}", f"S{sid}", sid)
                                 for sid, first, last in on_roster]
                                + [("Student, Test", "", "teststudent")])
    roster_file = tmp_path / "canvas-export.csv"
    roster_file.write_text(roster_text, encoding="utf-8")
    result = export(demo_course, "canvas", roster_file, tmp_path / "out")

    rows = read_back_canvas(result["file"].read_text(encoding="utf-8"), roster_text)
    # the existing Canvas column "Demo quiz (synthetic) (4711)" is updated in place
    column = "Demo quiz (synthetic) (4711)"
    totals, waiting = _totals(demo_course)
    for sid, _first, _last in on_roster:
        if sid not in totals:
            assert rows[sid][column] == ""  # did not submit: left blank
        elif waiting[sid]:
            assert rows[sid][column] == ""  # hand grading not finished: left blank
        else:
            assert float(rows[sid][column]) == pytest.approx(totals[sid], abs=0.005)
    assert any(rows[s][column] for s in rows), "some scores must be written"
    unmatched = {(w.split(",")[0], s, what.split(":")[0]) for w, s, _, what in result["unmatched"]}
    assert ("gradebook", students[0][0], "not on the canvas roster") in unmatched
    assert ("canvas roster", "teststudent", "not in the gradebook") in unmatched
    listed = result["unmatched_file"].read_text(encoding="utf-8")
    assert students[0][0] in listed and "teststudent" in listed


@pytest.mark.nbgrader
def test_moodle_file_uses_the_rosters_user_field_and_the_command_prints_the_unmatched(
        demo_course, tmp_path, capsys):
    students = _gradebook_students(demo_course)
    roster_text = "First name,Last name,ID number,Email address,Demo quiz (Real)\n" + "".join(
        f"{first},{last},{sid},{sid}@u.edu,\n" for sid, first, last in students[:-1])
    roster_file = tmp_path / "moodle-export.csv"
    roster_file.write_text(roster_text, encoding="utf-8")
    assert cli.main(["export-grades", "--moodle", str(roster_file), "--course",
                     str(demo_course), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "moodle-grades.csv" in printed and students[-1][0] in printed
    rows = read_back_moodle((tmp_path / "out" / "moodle-grades.csv").read_text(),
                            "ID number", roster_text)
    totals, waiting = _totals(demo_course)
    for sid in rows:
        value = rows[sid]["Demo quiz (synthetic)"]
        if sid in totals and not waiting[sid]:
            assert float(value) == pytest.approx(totals[sid], abs=0.005)
        else:
            assert value == ""


@pytest.mark.nbgrader
def test_a_roster_that_is_not_utf8_or_not_csv_is_refused_by_the_command(demo_course, tmp_path,
                                                                        capsys):
    bad = tmp_path / "export.csv"
    bad.write_bytes(CANVAS_HEADER.encode() + b"\r\nJos\xe9,1,S1,jose,Sec,,,\r\n")
    assert cli.main(["export-grades", "--canvas", str(bad), "--course", str(demo_course)]) == 1
    assert "export.csv, line 2: not UTF-8" in capsys.readouterr().err
    with pytest.raises(ExportError, match="no assignment nope"):
        roster = tmp_path / "ok.csv"
        roster.write_text(canvas_export([("A", "S1", "ana")]))
        export(demo_course, "canvas", roster, tmp_path / "o", assignments=["nope"])




@pytest.mark.nbgrader
def test_the_knowledge_checks_before_after_and_gain_go_to_the_platform(knowledge_check_class,  # noqa: F811
                                                                    tmp_path):
    """ann: A first (1 of n right), then B all right; ben: B first (none right), then A with 1
    right; cy took only A (no gain); eve took neither (tests/test_gain.py)."""
    course, n = knowledge_check_class
    roster_text = canvas_export([("Ann", "S1", "ann"), ("Ben", "S2", "ben"), ("Cy", "S3", "cy"),
                                 ("Eve", "S4", "eve")])
    roster_file = tmp_path / "canvas.csv"
    roster_file.write_text(roster_text)
    result = export(course, "canvas", roster_file, tmp_path / "out")
    rows = read_back_canvas(result["file"].read_text(), roster_text)
    one = 100 / n
    assert float(rows["ann"]["Knowledge check: before (%)"]) == pytest.approx(one, abs=0.01)
    assert float(rows["ann"]["Knowledge check: after (%)"]) == 100
    assert float(rows["ann"]["Knowledge check: normalized gain (%)"]) == 100
    assert float(rows["ben"]["Knowledge check: before (%)"]) == 0
    assert float(rows["ben"]["Knowledge check: normalized gain (%)"]) == \
        pytest.approx(one, abs=0.01)
    assert rows["cy"]["Knowledge check: normalized gain (%)"] == ""
    assert rows["eve"]["Knowledge check: before (%)"] == ""
    header = result["file"].read_text().splitlines()[0]
    assert "knowledge_check_a" in header or "Knowledge check" in header
