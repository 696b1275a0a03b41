"""Hostile submissions to a notebook graded by running the student's code (here quiz0
with its hidden test made ordinary code; click quizzes run no student code at all):
each attack fails inside the sandbox, the student still gets a
grade, the batch carries on, and the gradebook and other submissions are unchanged.
Limits are kept small so the tests themselves stay safe."""

import hashlib
import shutil
from pathlib import Path

import pytest

from hrcourse.instructor import grade, sandbox
from tests.support import synthetic
from tests.test_grading import QUIZ, fresh_course, outputs_text, scores

pytestmark = pytest.mark.nbgrader
SMALL = sandbox.Limits(memory_mb=768, processes=32, file_mb=5, cpu_seconds=20,
                       wall_seconds=60)

# Each attack prints what it achieved, so the test can read the outcome in the
# autograded notebook. The course root is passed in as COURSE.
ATTACKS = {
    "reads-source": "import glob\nprint('SOURCE-FILES', glob.glob(COURSE + '/source/*/*.ipynb'))",
    "copies-key": "import re, glob\nkeys = [re.findall(r\"key='(\\w)'\", open(p).read()) for p in "
                  "glob.glob(COURSE + '/source/*/*.ipynb')]\nprint('KEYS', keys)",
    "writes-other-student": "import os\ntry:\n    open(COURSE + '/submitted/victim/' + QUIZ + "
                            "'/' + QUIZ + '.answers.json', 'w').write('{}')\n    print('WROTE')\n"
                            "except OSError as e:\n    print('BLOCKED', e)",
    "overwrites-gradebook": "import os\npath = os.path.abspath('../../../gradebook.db')\n"
                            "for p in (path, COURSE + '/gradebook.db'):\n    try:\n"
                            "        open(p, 'w').write('garbage')\n        print('WROTE', p)\n"
                            "    except OSError as e:\n        print('BLOCKED', e)",
    "network": "import socket\ntry:\n    socket.create_connection(('127.0.0.1', PORT), "
               "timeout=2)\n    print('CONNECTED')\nexcept OSError as e:\n    print('BLOCKED', e)",
    "memory-hog": "try:\n    hog = bytearray(3 * 1024**3)\n    print('ALLOCATED')\n"
                  "except MemoryError:\n    print('BLOCKED memory')",
    "fork-bomb": "import os, time\nn = 0\ntry:\n    for _ in range(1000):\n"
                 "        if os.fork() == 0:\n            time.sleep(5)\n            os._exit(0)\n"
                 "        n += 1\n    print('FORKED', n)\nexcept OSError as e:\n"
                 "    print('BLOCKED after', n, e)",
    "huge-file": "try:\n    open('big.bin', 'wb').write(b'0' * 50 * 1024 * 1024)\n"
                 "    print('WROTE big')\nexcept OSError as e:\n    print('BLOCKED', e)",
}


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    import socket

    course = fresh_course(tmp_path_factory.mktemp("hostile"), code_test=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    rel = synthetic.released(course, QUIZ)
    synthetic.submit(course, QUIZ, "victim", answers={"1": "b"})
    prelude = f"COURSE = {str(course)!r}\nQUIZ = {QUIZ!r}\nPORT = {port}\n"
    for name, code in ATTACKS.items():
        synthetic.submit(course, QUIZ, name, synthetic.with_code(rel, prelude + code),
                         answers={"1": "b"})
    victim_before = tree_digest(course / "submitted" / "victim")
    before = {p.name: p.read_bytes() for p in (course / "source").rglob("*.ipynb")}
    outcome = grade.grade(grade.Options(course=course, assignment=QUIZ, workers=2,
                                        limits=SMALL, cell_timeout=15))
    listener.close()
    return course, outcome, victim_before, before


def test_every_hostile_submission_is_graded_and_the_batch_carries_on(attacked):
    course, outcome, *_ = attacked
    assert outcome.failed == {}
    assert scores(course) == {name: 1.0 for name in [*ATTACKS, "victim"]}


def test_source_and_hidden_tests_are_invisible(attacked):
    course, *_ = attacked
    assert "SOURCE-FILES []" in outputs_text(course, "reads-source")
    assert "KEYS []" in outputs_text(course, "copies-key")


def test_other_students_and_the_gradebook_are_untouched(attacked):
    course, _, victim_before, source_before = attacked
    assert "BLOCKED" in outputs_text(course, "writes-other-student")
    assert tree_digest(course / "submitted" / "victim") == victim_before
    text = outputs_text(course, "overwrites-gradebook")
    assert "WROTE" not in text and "BLOCKED" in text
    assert (course / "gradebook.db").read_bytes()[:16] == b"SQLite format 3\x00"
    assert {p.name: p.read_bytes() for p in (course / "source").rglob("*.ipynb")} == \
        source_before


def test_no_network_not_even_loopback(attacked):
    course, *_ = attacked
    assert "BLOCKED" in outputs_text(course, "network")
    assert "CONNECTED" not in outputs_text(course, "network")


def test_memory_processes_and_file_size_are_limited(attacked):
    course, *_ = attacked
    assert "BLOCKED memory" in outputs_text(course, "memory-hog")
    forks = outputs_text(course, "fork-bomb")
    assert "BLOCKED after" in forks and "FORKED" not in forks
    assert "BLOCKED" in outputs_text(course, "huge-file")


def test_working_copies_are_removed_after_grading(attacked):
    leftovers = list(Path("/tmp").glob("hrcourse-grade-*"))
    assert not [p for p in leftovers if (p / "staging").exists()]


def test_isolation_is_reported_available_here():
    works, how = sandbox.available()
    assert works, f"isolation must work in CI: {how}"
    assert shutil.which("bwrap")
