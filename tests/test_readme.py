"""The README's promises: two commands that exist, a Binder link to the start page."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_the_two_commands_are_documented_and_exist_in_the_makefile():
    assert "```\nmake start\n```" in README and "```\nmake test\n```" in README
    for target in ("start", "test"):
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr


def test_make_start_opens_the_start_page_in_reading_mode_with_the_learners_configuration():
    dry = subprocess.run(["make", "-n", "start"], cwd=ROOT, capture_output=True, text=True)
    assert "jupyter lab" in dry.stdout
    assert "default_url=/voila/render/notebooks/00_start_here.ipynb" in dry.stdout
    assert "hrcourse.launch learner" in dry.stdout


def test_make_instructor_opens_jupyterlab_with_the_instructors_configuration():
    dry = subprocess.run(["make", "-n", "instructor"], cwd=ROOT, capture_output=True,
                         text=True)
    assert dry.returncode == 0, dry.stderr
    assert "hrcourse.launch instructor" in dry.stdout
    assert "default_url=/lab/tree/notebooks/00_start_here.ipynb" in dry.stdout


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_binder_badge_opens_the_start_page_in_reading_mode():
    link = re.search(r"\(https://mybinder\.org/v2/gh/[^)]+\)", README).group(0)
    path = re.search(r"urlpath=voila/render/([^)&]+)", link).group(1)
    assert (ROOT / path).exists() and path == "notebooks/00_start_here.ipynb"
