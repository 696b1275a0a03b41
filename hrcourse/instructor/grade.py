"""`hrcourse grade`: autograde every submission of an assignment in parallel, with grades
identical to nbgrader's own autograde under the course's config.

Click quizzes are scored from the answers as data (hrcourse.instructor.trusted) and need
no isolation; a notebook that must run student code runs it in a sandbox.

How: submissions are staged (regular files copied, unreadable notebooks repaired); N
worker processes take students one at a time from a shared queue and run nbgrader's
autograde through its Python API into a private copy of the gradebook and a private
autograded/ folder; at the end the workers' results are merged into the course gradebook
through a copy that replaces it atomically, and the autograded folders are moved into
place. A crash before that point leaves the course exactly as it was.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from hrcourse.instructor import merge, sandbox, submissions
from hrcourse.instructor.course import (
    CONFIG_FILE,
    GRADEBOOK,
    ensure_tools_on_path,
    gradebook_url,
)

UID_BASE = 64000  # unprivileged uids for sandboxed kernels when grading as root


@dataclass
class Options:
    course: Path
    assignment: str
    workers: int
    force: bool = False
    isolate: bool = True
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    cell_timeout: int = 30
    students: list[str] | None = None
    execute: bool = False  # run click quizzes in kernels too (only to compare the paths)


@dataclass
class Outcome:
    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    repaired: dict[str, list[str]] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(default_factory=dict)  # answers not their own
    seconds: float = 0.0


# -- what to grade ------------------------------------------------------------------

def up_to_date(course: Path, assignment: str, subs: list[submissions.Submission]) -> set[str]:
    """Students whose current submission is already in the gradebook and autograded/."""
    db = course / GRADEBOOK
    if not db.exists():
        return set()
    from nbgrader.api import Gradebook, MissingEntry

    done = set()
    with Gradebook(gradebook_url(db)) as gb:
        for sub in subs:
            try:
                recorded = gb.find_submission(assignment, sub.student).timestamp
            except MissingEntry:
                continue
            current = _parse(sub.timestamp) if sub.timestamp else None
            same = recorded == current
            if same and (course / "autograded" / sub.student / assignment).is_dir():
                done.add(sub.student)
    return done


def _parse(text: str):
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text).replace(tzinfo=None)
    except (ValueError, TypeError):
        return None


# -- a worker -----------------------------------------------------------------------

def _preprocessors(isolate: bool, execute: bool = False):
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    from hrcourse.instructor.execute import IsolatedExecute, RobustExecute
    from hrcourse.instructor.trusted import (
        CheckCellMetadataOnce,
        ClickScoring,
        IsolatedClickScoring,
    )

    if execute:  # every notebook through a kernel, as before trusted scoring
        step = IsolatedExecute if isolate else RobustExecute
    else:
        step = IsolatedClickScoring if isolate else ClickScoring
    # nbgrader's default list, with its Execute step replaced.
    return [step, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
            AssignLatePenalties, CheckCellMetadataOnce]


def _fast_scratch_gradebooks() -> None:
    """A worker writes only its scratch copy of the gradebook, merged atomically at the
    end (a crash loses nothing but the run): SQLite need not wait for the disk on each
    of the dozens of commits nbgrader makes per submission."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "connect", _no_sync):
        event.listen(Engine, "connect", _no_sync)


def _no_sync(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


class _WallClock(Exception):
    pass


def _alarm(_signum, _frame):
    raise _WallClock()


def worker(index: int, opts: Options, tasks, staging: Path, workdir: Path, events) -> None:
    """Take students from `tasks` until a None, grading each into workdir/gradebook.db and
    workdir/autograded/. Pulling work (not a fixed share) keeps both cores busy to the
    end even when one submission sits out a long timeout."""
    from hrcourse.instructor.course import api

    ensure_tools_on_path()
    overrides = {
        "CourseDirectory.db_url": gradebook_url(workdir / GRADEBOOK),
        "CourseDirectory.submitted_directory": str(staging),
        "CourseDirectory.autograded_directory": str(workdir / "autograded"),
        "Autograde.autograde_preprocessors": _preprocessors(opts.isolate, opts.execute),
        "Execute.timeout": opts.cell_timeout,
        # A graded notebook's kernel has nothing left to save: stop it at once. A graceful
        # shutdown sometimes waits ~2.6 s for ipykernel to exit, for every submission.
        "Execute.shutdown_kernel": "immediate",
        "SandboxedKernelManager.memory_mb": opts.limits.memory_mb,
        "SandboxedKernelManager.processes": opts.limits.processes,
        "SandboxedKernelManager.file_mb": opts.limits.file_mb,
        "SandboxedKernelManager.cpu_seconds": opts.limits.cpu_seconds,
        "SandboxedKernelManager.uid": UID_BASE + index,
        "SandboxedKernelManager.scratch_root": str(workdir),
    }
    _fast_scratch_gradebooks()
    handle = api(opts.course, **overrides)
    can_alarm = hasattr(signal, "SIGALRM")
    if can_alarm:
        signal.signal(signal.SIGALRM, _alarm)
    for student in iter(tasks.get, None):
        started = time.perf_counter()
        try:
            if can_alarm:
                signal.alarm(opts.limits.wall_seconds)
            result = handle.autograde(opts.assignment, student, force=True, create=True)
            ok = bool(result.get("success"))
            reason = "" if ok else _reason(result.get("log") or result.get("error") or "")
        except _WallClock:
            ok, reason = False, f"stopped after {opts.limits.wall_seconds} s (wall-time limit)"
        except Exception as err:  # one submission must never stop the batch
            ok, reason = False, f"{type(err).__name__}: {err}"
        finally:
            if can_alarm:
                signal.alarm(0)
        events.put((index, student, ok, reason, time.perf_counter() - started))
    events.put((index, None, True, "", 0.0))


def _reason(log: str) -> str:
    """The most telling line of nbgrader's log: the last exception it printed."""
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    exceptions = [ln for ln in lines if re.match(r"^[\w.]+(Error|Exception|Exit)\b", ln)]
    if exceptions:
        return exceptions[-1][:300]
    errors = [ln for ln in lines if ln.startswith("[ERROR]") and "see the" not in ln]
    return (errors or lines or ["nbgrader reported a failure"])[-1][:300]


# -- the whole run ------------------------------------------------------------------

def grade(opts: Options, progress=None) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome()
    subs = submissions.find(opts.course, opts.assignment)
    if opts.students:
        subs = [s for s in subs if s.student in set(opts.students)]
    done = set() if opts.force else up_to_date(opts.course, opts.assignment, subs)
    todo = [s for s in subs if s.student not in done]
    outcome.skipped = sorted(done & {s.student for s in subs})
    if not todo:
        outcome.seconds = time.perf_counter() - started
        return outcome
    release = opts.course / "assignments" / opts.assignment
    scratch = Path(tempfile.mkdtemp(prefix="hrcourse-grade-"))
    try:
        staging = scratch / "staging"
        for sub in todo:
            notes = submissions.stage(sub, release, staging)
            if notes:
                outcome.repaired[sub.student] = notes
        n_workers = max(1, min(opts.workers, len(todo)))
        course_db = opts.course / GRADEBOOK
        workdirs = []
        for i in range(n_workers):
            wd = scratch / f"worker{i}"
            (wd / "autograded").mkdir(parents=True)
            merge.snapshot(course_db, wd / GRADEBOOK)
            workdirs.append(wd)
        ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        events, tasks = ctx.Queue(), ctx.Queue()
        for sub in todo:
            tasks.put(sub.student)
        for _ in range(n_workers):
            tasks.put(None)
        procs = [ctx.Process(target=worker, args=(i, opts, tasks, staging, workdirs[i], events))
                 for i in range(n_workers)]
        for p in procs:
            p.start()
        graded_by: dict[int, list[str]] = {i: [] for i in range(n_workers)}
        finished, total = 0, len(todo)
        while finished < len(procs):
            try:
                index, student, ok, reason, _seconds = events.get(timeout=5)
            except Exception:
                if not any(p.is_alive() for p in procs):
                    break
                continue
            if student is None:
                finished += 1
                continue
            if ok:
                graded_by[index].append(student)
                outcome.graded.append(student)
            else:
                outcome.failed[student] = reason
            if progress:
                progress(len(outcome.graded) + len(outcome.failed), total, len(outcome.failed))
        for p in procs:
            p.join()
        lost = {s.student for s in todo} - set(outcome.graded) - set(outcome.failed)
        for student in lost:
            outcome.failed[student] = "the grading worker stopped unexpectedly"
        merge.merge(course_db, [(workdirs[i] / GRADEBOOK, graded_by[i])
                                for i in range(n_workers)], opts.assignment, scratch)
        for i, students in graded_by.items():
            for student in students:
                merge.install_autograded(workdirs[i] / "autograded",
                                         opts.course / "autograded", student, opts.assignment)
        outcome.flagged = _flags(opts.course / "autograded", outcome.graded, opts.assignment)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    outcome.graded.sort()
    outcome.seconds = time.perf_counter() - started
    return outcome


def _flags(autograded: Path, students: list[str], assignment: str) -> dict[str, list[str]]:
    """student -> the flag lines trusted scoring wrote in their graded notebooks (a saved
    answer for another variant or another student: see hrcourse.logic.slot_scores)."""
    import json

    from hrcourse.instructor.trusted import flag_lines

    found = {}
    for student in students:
        lines = []
        for path in sorted((autograded / student / assignment).glob("*.ipynb")):
            try:
                lines += flag_lines(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        if lines:
            found[student] = lines
    return found


# -- command line --------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help="assignment name, e.g. quiz2_dependence")
    parser.add_argument("--course", type=Path, default=Path.cwd(),
                        help="course folder with nbgrader_config.py (default: here)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="parallel worker processes (default: number of cores)")
    parser.add_argument("--force", action="store_true",
                        help="regrade every submission, not only new ones")
    parser.add_argument("--student", action="append", dest="students",
                        help="grade only this student (repeatable)")
    parser.add_argument("--no-isolation", action="store_true",
                        help="run students' code WITHOUT a sandbox (only where isolation is "
                             "unavailable and you trust the submissions)")
    d = sandbox.Limits()
    parser.add_argument("--memory-mb", type=int, default=d.memory_mb,
                        help=f"memory limit per kernel (default {d.memory_mb})")
    parser.add_argument("--processes", type=int, default=d.processes,
                        help=f"process/thread limit per kernel (default {d.processes})")
    parser.add_argument("--file-mb", type=int, default=d.file_mb,
                        help=f"largest file a kernel may write (default {d.file_mb})")
    parser.add_argument("--cpu-seconds", type=int, default=d.cpu_seconds,
                        help=f"CPU time per kernel (default {d.cpu_seconds})")
    parser.add_argument("--wall-seconds", type=int, default=d.wall_seconds,
                        help=f"wall time per submission (default {d.wall_seconds})")
    parser.add_argument("--cell-timeout", type=int, default=30,
                        help="seconds a single cell may run (default 30)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _bar(done: int, total: int, failed: int) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} graded"
    if failed:
        line += f" ({failed} could not be graded)"
    end = "\n" if done == total else ""
    print(line, end=end, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    course = args.course.resolve()
    if not (course / CONFIG_FILE).exists():
        print(f"error: {course} has no nbgrader_config.py; run this from the course folder "
              f"or pass --course", file=sys.stderr)
        return 2
    if not (course / "source" / args.assignment).is_dir():
        print(f"error: no assignment '{args.assignment}' in {course / 'source'}",
              file=sys.stderr)
        return 2
    isolate = not args.no_isolation
    if not _runs_student_code(course, args.assignment):
        # Nothing a student wrote is executed, so there is nothing to isolate.
        isolate = False
        print(f"No isolation needed: every graded item of {args.assignment} is scored from "
              f"the students' answers as data; no student code runs.", file=sys.stderr)
    works, how = sandbox.available() if isolate else (True, "")
    if isolate and not works:
        print(f"Isolation is not available here: {how}.\nStudents' code would run with your "
              f"rights and could read the answer keys in source/ or damage the gradebook.\n"
              f"Install what is missing, or, only if you trust every submission, rerun with "
              f"--no-isolation.", file=sys.stderr)
        return 3
    if isolate:
        print(f"Isolation: {how}.", file=sys.stderr)
    elif args.no_isolation:
        print("WARNING: grading WITHOUT isolation: students' code runs with your rights.",
              file=sys.stderr)
    opts = Options(course=course, assignment=args.assignment, workers=max(1, args.workers),
                   force=args.force, isolate=isolate,
                   limits=sandbox.Limits(args.memory_mb, args.processes, args.file_mb,
                                         args.cpu_seconds, args.wall_seconds),
                   cell_timeout=args.cell_timeout, students=args.students)
    outcome = grade(opts, progress=None if args.quiet else _bar)
    print(summary(outcome, opts))
    return 1 if outcome.failed else 0


def _runs_student_code(course: Path, assignment: str) -> bool:
    """Whether grading this assignment executes students' notebooks (it does not for
    click quizzes; see hrcourse.instructor.trusted). Unknown: assume it does."""
    from hrcourse.instructor.trusted import needs_kernel

    db = course / GRADEBOOK
    if not db.exists():
        return True
    try:
        return needs_kernel(gradebook_url(db), assignment)
    except Exception:  # not yet generated, or an old gradebook: keep the safe default
        return True


def summary(outcome: Outcome, opts: Options) -> str:
    lines = [f"\n{opts.assignment}: {len(outcome.graded)} graded, {len(outcome.failed)} could "
             f"not be graded, {len(outcome.skipped)} already up to date "
             f"({outcome.seconds:.1f} s, {opts.workers} worker(s)).",]
    for student, notes in sorted(outcome.repaired.items()):
        for note in notes:
            lines.append(f"  repaired {student}: {note}")
    for student, reason in sorted(outcome.failed.items()):
        lines.append(f"  FAILED {student}: {reason}")
    for student, flags in sorted(outcome.flagged.items()):
        for flag in flags:
            lines.append(f"  FLAGGED {student}: {flag.split(': ', 1)[-1]}")
    if outcome.skipped and not opts.force:
        lines.append("  (use --force to regrade submissions that are already graded)")
    return "\n".join(lines)
