"""Each role's Jupyter configuration (hrcourse.launch) and the reading mode's detection
(hrcourse.mode): fast, no server. The browser tests (tests/test_reading_mode.py) run a
server with them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from hrcourse import launch, mode
from hrcourse.content import repo_root

ROOT = repo_root()


@pytest.mark.parametrize("role", sorted(launch.ROLES))
def test_a_roles_folders_come_first_and_what_was_set_before_is_kept(role):
    env = launch.environment(role, {"JUPYTER_CONFIG_PATH": "/mine", "JUPYTER_PATH": "",
                                    "HOME": "/home/x"})
    config = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert config[:-1] == [str(ROOT / "jupyter" / part) for part in launch.ROLES[role]]
    assert config[-1] == "/mine"
    assert env["JUPYTER_PATH"] == str(ROOT / "jupyter" / "share")
    assert env["HOME"] == "/home/x"
    for folder in [*config[:-1], env["JUPYTER_PATH"]]:
        assert os.path.isdir(folder), folder


def test_only_the_learner_hides_nbgrader_and_everyone_gets_the_reading_mode():
    learner = launch.environment("learner", {})["JUPYTER_CONFIG_PATH"]
    instructor = launch.environment("instructor", {})["JUPYTER_CONFIG_PATH"]
    assert "learner" in learner and "learner" not in instructor
    assert "common" in learner and "common" in instructor
    voila = json.loads((ROOT / "jupyter" / "common" / "jupyter_server_config.json")
                       .read_text())["VoilaConfiguration"]
    assert (ROOT / "jupyter" / "share" / "voila" / "templates" / voila["template"]).is_dir()
    assert voila["show_tracebacks"] is False


def test_an_unknown_role_is_refused_with_the_roles_named():
    with pytest.raises(ValueError, match="unknown role 'student': choose one of learner"):
        launch.environment("student", {})
    done = subprocess.run([sys.executable, "-m", "hrcourse.launch", "student", "true"],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "usage: python -m hrcourse.launch" in done.stderr


def test_the_command_runs_with_the_roles_configuration():
    done = subprocess.run([sys.executable, "-m", "hrcourse.launch", "instructor",
                           sys.executable, "-c",
                           "import os; print(os.environ['JUPYTER_CONFIG_PATH'])"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.split(os.pathsep)[0].strip() == str(ROOT / "jupyter" / "common")


def test_the_reading_mode_is_told_by_the_variable_voila_gives_its_kernels():
    assert mode.reading_mode({"VOILA_BASE_URL": "/"})
    assert not mode.reading_mode({})
    assert "reload this page" in mode.to_show_again({"VOILA_BASE_URL": "/"})
    assert "Run All Cells" in mode.to_show_again({})


def test_voila_still_names_that_variable():
    from voila.utils import ENV_VARIABLE

    assert ENV_VARIABLE.VOILA_BASE_URL.value == mode.READING_MODE_VARIABLE
