"""ngshare, the nbgrader exchange service, for one class: run by JupyterHub as a managed
service with the Python of hub/ngshare/.venv (`make ngshare`; ngshare 0.6.0 needs
SQLAlchemy 1.4, which the course environment does not have).

ngshare itself is not changed: this imports its application and adds what a class needs
around it:

- the class roster: the course is created with its instructors and students enrolled
  (from HRCOURSE_NGSHARE_INSTRUCTORS / _STUDENTS, names separated by commas or spaces, or
  one name a line in the file HRCOURSE_NGSHARE_ROSTER), so nobody needs ngshare's admin
  tools; enrolment only adds, it never removes anyone or anything;
- a size limit: a request body over HRCOURSE_NGSHARE_MAX_MB megabytes (default 20) is
  refused with HTTP 413 and a message saying the size and the limit (ngshare has no limit
  of its own; Tornado's is 100 MB, refused without a word).

Everything else (who may release, collect, fetch what) is ngshare's own: it asks the hub
who a request's token belongs to, and checks that user's role in the course.
Settings: HRCOURSE_NGSHARE_COURSE (course id), HRCOURSE_NGSHARE_DB (SQLAlchemy URL),
HRCOURSE_NGSHARE_STORAGE (folder for files), HRCOURSE_NGSHARE_ADMINS (hub users or
services who administer ngshare).
"""

from __future__ import annotations

import json
import os
import sys
from collections import namedtuple
from pathlib import Path
from urllib.parse import urlparse

from ngshare import dbutil
from ngshare.database import Course, StudentAssociation, User
from ngshare.ngshare import MyApplication
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.web import RequestHandler, stream_request_body

MB = 1024 * 1024


def names(value: str) -> list[str]:
    return [n for n in value.replace(",", " ").split() if n]


def roster(env) -> tuple[list[str], list[str]]:
    instructors = names(env.get("HRCOURSE_NGSHARE_INSTRUCTORS", ""))
    students = names(env.get("HRCOURSE_NGSHARE_STUDENTS", ""))
    path = env.get("HRCOURSE_NGSHARE_ROSTER")
    if path:
        students += [line.strip() for line in Path(path).read_text().splitlines()
                     if line.strip() and not line.startswith("#")]
    return instructors, students


def enrol(db_url: str, course_id: str, instructors: list[str], students: list[str]) -> str:
    """Create the course if new and add whoever is missing; returns what was done."""
    db = sessionmaker(bind=create_engine(db_url))()
    try:
        def user(name):
            found = db.query(User).filter(User.id == name).one_or_none()
            if found is None:
                found = User(name)
                db.add(found)
            return found

        course = db.query(Course).filter(Course.id == course_id).one_or_none()
        if course is None:
            course = Course(course_id)
            db.add(course)
        added = 0
        for name in instructors:
            if user(name) not in course.instructors:
                course.instructors.append(user(name))
                added += 1
        for name in students:
            person = user(name)
            if person in course.instructors:
                print(f"ngshare: {name} teaches {course_id}; not enrolled as a student",
                      file=sys.stderr)
            elif person not in course.students:
                course.students.append(person)
                db.flush()
                entry = StudentAssociation.find(db, person, course)
                entry.first_name, entry.last_name, entry.email = name, "", ""
                added += 1
        db.commit()
        return f"course {course_id}: {added} enrolment(s) added"
    finally:
        db.close()


@stream_request_body
class TooLarge(RequestHandler):
    """Any request whose body is over the limit: its body is read and dropped, and the
    answer is ngshare's JSON error format with a message a student can act on."""

    def initialize(self, size: int, limit: int):
        self.size, self.limit = size, limit

    def data_received(self, chunk: bytes) -> None:
        pass

    def _refuse(self, *args):
        self.set_status(413)
        self.finish(json.dumps({
            "success": False,
            "message": f"Too large: {self.size / MB:.1f} MB sent; this course's exchange "
                       f"accepts at most {self.limit / MB:.0f} MB per request. Remove large "
                       "files (data, images, videos) from the assignment folder and try "
                       "again."}))

    get = post = put = delete = patch = _refuse


class ClassApplication(MyApplication):
    """ngshare's application with the size limit in front of its handlers."""

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    def find_handler(self, request, **kwargs):
        size = int(request.headers.get("Content-Length") or 0)
        if size > self.limit:
            return self.get_handler_delegate(request, TooLarge,
                                             {"size": size, "limit": self.limit})
        # a body sent in chunks (no Content-Length) is cut off at the limit by Tornado
        request.connection.set_max_body_size(self.limit)
        return super().find_handler(request, **kwargs)


def main() -> int:
    env = os.environ
    course_id = env["HRCOURSE_NGSHARE_COURSE"]
    db_url = env.get("HRCOURSE_NGSHARE_DB", "sqlite:////srv/ngshare/ngshare.db")
    storage = env.get("HRCOURSE_NGSHARE_STORAGE", "/srv/ngshare/files/")
    limit = int(float(env.get("HRCOURSE_NGSHARE_MAX_MB", "20")) * MB)
    admins = names(env.get("HRCOURSE_NGSHARE_ADMINS", ""))
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    Path(storage).mkdir(parents=True, exist_ok=True)
    os.chmod(storage, 0o700)  # the files are ngshare's alone; students reach them via the API
    # as ngshare's own main() does: bring the database to its newest schema first
    dbutil.upgrade(db_url, cmd_opts=namedtuple("CmdOpts", ["x"])(
        ["data=true", "storage=" + storage]))
    print("ngshare: " + enrol(db_url, course_id, *roster(env)), file=sys.stderr)
    prefix = env["JUPYTERHUB_SERVICE_PREFIX"]
    app = ClassApplication(prefix, db_url, storage, admin=admins, debug=False,
                           autoreload=False, limit=limit)
    # The hard ceiling of any body (the 413 above reads and drops bodies up to it).
    server = HTTPServer(app, max_body_size=4 * limit + MB)
    url = urlparse(env["JUPYTERHUB_SERVICE_URL"])
    server.listen(url.port, url.hostname or "127.0.0.1")
    print(f"ngshare: course {course_id} at {env['JUPYTERHUB_SERVICE_URL']}{prefix}, "
          f"limit {limit / MB:.0f} MB per request", file=sys.stderr)
    IOLoop.current().start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
