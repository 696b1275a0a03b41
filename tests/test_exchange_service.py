"""The exchange service (ngshare as a hub service, hub/ngshare/serve.py; the client
hrcourse/exchange.py) for a class whose students' files all have ONE owner, as on
Kubernetes, where every server runs as uid 1000.

On the class hub with HUB_EXCHANGE=service, every student's server runs as one OS account
(tests.support.hub.OneUidSpawner), each in a folder of its own. The whole nbgrader cycle
runs through the service: the instructor releases, the students fetch, answer and submit,
the instructor collects, grades (`hrcourse grade`), releases feedback, and each student
fetches their own. Then student A, with her own credentials (her server's token), tries to
reach student B's work and the instructor's powers: every attempt is refused; a submission
over the size limit is refused with a message saying so.

The last test shows why: with nbgrader's shared-folder exchange, the same uid reads and
overwrites a classmate's submission and reads their feedback.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from hrcourse import hub as classhub
from tests.support.hub import ClassAccounts, Hub, as_user, can_run_a_class
from tests.test_hub import (
    QUIZ,
    WRITTEN,
    auto_points,
    course_with_canary,
    quiz_items,
    rest_student_works,
    written_items,
    wrong_option,
)

pytestmark = pytest.mark.hub
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
COURSE = "harm-reduction-therapy"
LIMIT_MB = 2  # small, so a test file goes over it


@pytest.fixture(scope="module")
def service_hub():
    reason = can_run_a_class()
    if reason:
        pytest.fail(f"the exchange service test {reason}", pytrace=False)
    if not os.access(classhub.NGSHARE_PYTHON, os.X_OK):
        pytest.fail(f"the exchange service test needs {classhub.NGSHARE_PYTHON} "
                    "(make ngshare; make test runs it)", pytrace=False)
    work = Path(tempfile.mkdtemp(prefix="hrcourse-hub-service-"))
    work.chmod(0o755)
    accounts = ClassAccounts(students=("ana", "ben"), others=("pod",))
    server = None
    try:
        course = course_with_canary(work / "course")
        accounts.create()
        server = Hub(work, accounts, course=course, exchange_kind="service",
                     max_submission_mb=LIMIT_MB, one_uid=accounts.others["pod"])
        yield server
    finally:
        if server:
            server.stop()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "hub_service.log").write_text(server.log_tail(400))
        accounts.remove()
        shutil.rmtree(work, ignore_errors=True)


ASK = """
import json, os, requests
token = os.environ["JUPYTERHUB_API_TOKEN"]
url = {url!r}
results = []
for method, path, data in {tries!r}:
    r = requests.request(method, url + path, data=data,
                         headers={{"Authorization": "token " + token}}, timeout=120)
    try:
        body = r.json()
    except ValueError:
        body = {{"message": r.text[:200]}}
    results.append([method, path, r.status_code, body.get("message", ""),
                    body.get("submissions")])
print(json.dumps(results))
"""


def ask_service(hub: Hub, user: str, tries: list[tuple[str, str, dict | None]]) -> list:
    """Requests to the exchange service from `user`'s kernel, with `user`'s own token."""
    out = hub.run_code(user, ASK.format(url=hub.settings.ngshare_url, tries=tries),
                       timeout=300)
    return json.loads(out.strip().splitlines()[-1])


def test_the_whole_cycle_runs_through_the_service_and_no_student_reaches_anothers_work(
        service_hub):
    hub = service_hub
    s, prof = hub.cls.students, hub.cls.instructor
    pod_uid = hub.cls.uid(hub.cls.others["pod"])
    # each student's own draw of variants and option order (the hub user name is their id)
    items = {name: quiz_items(student) for name, student in s.items()}
    written = written_items()

    # the instructor releases from the formgrader: through the service, no folder
    hub.start_server(prof)
    assert hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/assign", "POST",
                        timeout=300)["success"]
    released = hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/release", "POST")
    assert released["success"], released
    assert not (hub.settings.exchange / COURSE).exists()

    # both students' servers run as the same uid, like every pod on Kubernetes
    for student in s.values():
        hub.start_server(student)
        assert int(hub.run_code(student, "import os; print(os.getuid())")) == pod_uid

    right = {n: it["key"] for n, it in items["ana"].items()}
    mixed = {n: (it["key"] if it["many"] else wrong_option(it))
             for n, it in items["ben"].items()}
    rest_student_works(hub, s["ana"], right, WRITTEN)
    rest_student_works(hub, s["ben"], mixed, None)

    # the instructor collects, grades and releases feedback, all through the service
    collected = hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/collect", "POST")
    assert collected["success"], collected
    course = hub.cls.home(prof) / "course"
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(s.values())
    graded = as_user(prof, ["hrcourse", "grade", QUIZ, "--workers", "2", "--quiet"], course)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    for action in ("generate_feedback", "release_feedback"):
        done = hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/{action}", "POST",
                            timeout=300)
        assert done["success"], done
    total = sum(it["points"] for it in items["ana"].values()) + sum(written.values())
    expected = {s["ana"]: auto_points(right, items["ana"]),
                s["ben"]: auto_points(mixed, items["ben"])}
    for student in s.values():
        fetched = hub.user_api(student, "assignments/fetch_feedback", "POST",
                               {"course_id": COURSE, "assignment_id": QUIZ})
        assert fetched["success"], fetched
        pages = hub.run_code(student, "import glob, os\nfor p in sorted(glob.glob("
                             f"os.path.expanduser('~/{QUIZ}/feedback/*/*.html'))):\n"
                             "    print(p)").splitlines()
        assert len(pages) == 1, (student, pages)
        text = html.unescape(hub.run_code(student, f"print(open({pages[0]!r}).read())"))
        assert f"Score: {expected[student]:.1f} / {total:.1f}" in text, student

    # what the instructor sees of ben's submission before ana tries anything
    ana, ben = s["ana"], s["ben"]
    before = ask_service(hub, prof, [("GET", f"/submissions/{COURSE}/{QUIZ}/{ben}", None)])
    assert before[0][2] == 200, before

    # ana, with her own token, against ben's work and the instructor's powers
    attempts = [
        ("GET", f"/submissions/{COURSE}/{QUIZ}/{ben}", None),      # list ben's submissions
        ("GET", f"/submission/{COURSE}/{QUIZ}/{ben}", None),       # fetch ben's submission
        ("GET", f"/feedback/{COURSE}/{QUIZ}/{ben}?timestamp=2020-01-01%2000:00:00.000000",
         None),                                                    # fetch ben's feedback
        ("POST", f"/feedback/{COURSE}/{QUIZ}/{ben}",               # overwrite ben's feedback
         {"timestamp": "2020-01-01 00:00:00.000000", "files": "[]"}),
        ("GET", f"/submissions/{COURSE}/{QUIZ}", None),            # collect (list them all)
        ("POST", f"/assignment/{COURSE}/extra_quiz", {"files": "[]"}),  # release
        ("DELETE", f"/assignment/{COURSE}/{QUIZ}", None),          # withdraw the quiz
        ("GET", f"/students/{COURSE}", None),                      # the class list
    ]
    results = ask_service(hub, ana, attempts)
    assert [r[2] for r in results] == [403] * len(attempts), results
    assert all("Permission denied" in r[3] for r in results), results
    # her own work stays hers to see
    own = ask_service(hub, ana, [("GET", f"/submissions/{COURSE}/{QUIZ}/{ana}", None)])
    assert own[0][2] == 200 and [x["student_id"] for x in own[0][4]] == [ana], own
    # ben's submissions are as they were
    after = ask_service(hub, prof, [("GET", f"/submissions/{COURSE}/{QUIZ}/{ben}", None)])
    assert after == before

    # and ana's server cannot read the service's files either (root's, 0700)
    store = str(hub.settings.state / "ngshare")
    out = hub.run_code(ana, f"import os\ntry:\n    os.listdir({store!r})\n    print('ALLOWED')\n"
                            "except PermissionError:\n    print('refused')")
    assert out.strip() == "refused"

    # a submission over the limit: refused by the client, with the size and the limit...
    big = f"{QUIZ}/data.bin"
    hub.run_code(ana, f"import os\nopen(os.path.expanduser('~/{big}'), 'wb')"
                      f".write(os.urandom({int(LIMIT_MB * 1.5 * 1024 * 1024)}))")
    refused = hub.user_api(ana, "assignments/submit", "POST",
                           {"course_id": COURSE, "assignment_id": QUIZ})
    assert not refused["success"], refused
    message = json.dumps(refused)
    assert f"accepts at most {LIMIT_MB} MB" in message and "Remove large files" in message, \
        message
    # ...and by the service, for a request that does not go through the client
    payload = json.dumps([{"path": "data.bin", "content": secrets.token_hex(
        int(LIMIT_MB * 1024 * 1024))}])
    raw = ask_service(hub, ana, [("POST", f"/submission/{COURSE}/{QUIZ}",
                                  {"files": payload})])
    assert raw[0][2] == 413, raw
    assert f"accepts at most {LIMIT_MB} MB" in raw[0][3], raw
    # nothing was stored for either
    mine = ask_service(hub, prof, [("GET", f"/submissions/{COURSE}/{QUIZ}/{ana}", None)])
    assert mine[0][4] == own[0][4], (mine, own)


FOLDER_CLASS = """
set -e
cd "$HOME/prof"
nbgrader release_assignment {quiz} --course={course} --Exchange.root={root}
for s in ana ben; do
  mkdir -p "$HOME/$s" && cd "$HOME/$s"
  nbgrader fetch_assignment {quiz} --course={course} --Exchange.root={root}
  nbgrader submit {quiz} --course={course} --student=$s --Exchange.root={root}
done
"""

FOLDER_ATTEMPTS = """
import glob, os
inbound = os.path.join({root!r}, {course!r}, "inbound")
listed = sorted(os.listdir(inbound))
print("list", [name.split("+")[0] for name in listed])
[ben] = [name for name in listed if name.startswith("ben+")]
notebook = glob.glob(os.path.join(inbound, ben, "*.ipynb"))[0]
print("read", len(open(notebook).read()) > 0)
with open(notebook, "w") as f:
    f.write("{{}}")
print("overwrite", open(notebook).read() == "{{}}")
"""


def test_the_shared_folder_exchange_keeps_no_one_apart_under_one_uid(tmp_path):
    """Why the service: with nbgrader's shared-folder exchange and every server under one
    uid (Kubernetes' uid 1000), 'ana' lists the class's submissions, reads ben's and
    overwrites it, with nbgrader's own folder permissions in place."""
    from hrcourse.instructor.course import copy_course

    reason = can_run_a_class()
    if reason:
        pytest.fail(f"the shared-folder test {reason}", pytrace=False)
    accounts = ClassAccounts(students=(), others=("pod",))
    work = Path(tempfile.mkdtemp(prefix="hrcourse-exchange-folder-"))
    work.chmod(0o755)
    root = work / "exchange"
    classhub.prepare_exchange(root)
    # the account runs the course environment's nbgrader: passage to it (left granted, as
    # the class hub's test leaves it)
    python_home = Path(os.path.realpath(sys.executable)).parent.parent
    classhub.open_dirs(classhub.blocked_dirs([Path(sys.prefix), python_home]))
    try:
        accounts.create()
        pod = accounts.others["pod"]
        home = accounts.home(pod)
        made = copy_course(home / "prof", ("assignments", "nbgrader_config.py"))
        entry = accounts.uid(pod)
        for path in made:
            os.lchown(path, entry, -1)
        done = as_user(pod, ["bash", "-c", FOLDER_CLASS.format(
            quiz=QUIZ, course=COURSE, root=root)], home)
        assert done.returncode == 0, done.stdout + done.stderr
        out = as_user(pod, ["python", "-c", FOLDER_ATTEMPTS.format(
            root=str(root), course=COURSE)], home / "ana")
        assert out.returncode == 0, out.stderr
        assert out.stdout.split("\n")[:3] == ["list ['ana', 'ben']", "read True",
                                             "overwrite True"], out.stdout
    finally:
        accounts.remove()
        shutil.rmtree(work, ignore_errors=True)
