"""Shared fixtures. Every test gets its own progress file and export folder, so the
suite never touches a learner's real ~/.hrcourse."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Property-based tests (Hypothesis). "ci", the default: derandomized, so a failure in CI is
# the same failure on any machine (it prints the failing file; rerun the test to see it), no
# example database (nothing written to .hypothesis/ or committed), no per-example deadline
# (two shared cores are slow). Each test sets its own max_examples. "explore"
# (HYPOTHESIS_PROFILE=explore): random and ten times the examples, to look for new failures.
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("explore", deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
BIN = Path(sys.executable).parent
# nbgrader shells out to alembic: the environment's bin/ must be on PATH.
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"


@pytest.fixture(autouse=True)
def isolated_progress(tmp_path, monkeypatch):
    path = tmp_path / "progress" / "progress.json"
    monkeypatch.setenv("HRCOURSE_PROGRESS", str(path))
    monkeypatch.setenv("HRCOURSE_EXPORT", str(tmp_path / "export"))
    return path


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of data/ for tests that break content on purpose."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("HRCOURSE_DATA", str(target))
    return target


def copy_course(target: Path) -> Path:
    """A temporary copy of the course for nbgrader (which refuses to change notebooks
    once its gradebook holds submissions, and must never touch the real course)."""
    from hrcourse.instructor.course import copy_course as copy

    copy(target, ("source", "assignments", "nbgrader_config.py"))
    return target


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the session: its sync API cannot be started twice at once (the
    browser tests and the class-hub test share it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as handle:
        yield handle


@pytest.fixture(scope="session")
def browser(playwright):
    """One headless Chromium for the session."""
    from tests.support.browser import BrowserMissing, launch_chromium

    try:
        chromium = launch_chromium(playwright)
    except BrowserMissing as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield chromium
    finally:
        chromium.close()
