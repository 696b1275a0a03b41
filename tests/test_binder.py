"""Binder: environment.yml and postBuild give learners a working course on its start page.

tests/test_dependencies.py checks that environment.yml's pins agree with the lock; this
file checks what only Binder relies on, and builds an environment the way Binder does
(its pip section installed into a fresh environment, then postBuild in a copy of the
repository). That build is the one slow test here (about a minute and a half).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from tests.support.browser import binder_urlpath

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Learners on Binder grade nothing; the learner's configuration (jupyter/learner, put on
# the Jupyter paths by the `start` script) hides these and keeps Validate.
HIDDEN_LAB_PLUGINS = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:assignment-list",
                      "@jupyter/nbgrader:menu"}  # the Nbgrader menu holds only their entries
# ...and for everyone (jupyter/common): no "Would you like to get notified about news?".
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
HIDDEN_SERVER_EXTENSIONS = {"nbgrader.server_extensions.formgrader",
                            "nbgrader.server_extensions.assignment_list",
                            "nbgrader.server_extensions.course_list"}
KEPT_SERVER_EXTENSIONS = {"nbgrader.server_extensions.validate_assignment", "jupyterlab",
                          "voila.server_extension"}
TEST_ONLY = {"pytest", "ruff", "playwright", "pre-commit", "nbstripout"}


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def pip_section(env: dict) -> list[str]:
    sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, "environment.yml needs exactly one `pip:` section"
    return sections[0]


def test_environment_yml_is_a_conda_environment_binder_can_build():
    env = environment()
    assert env.get("name"), "environment.yml needs a name"
    assert "conda-forge" in env.get("channels", []), "Binder images use conda-forge"
    plain = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "pip" in plain, "conda must install pip itself, or the `pip:` section is ignored"
    python = [d for d in plain if re.fullmatch(r"python\s*=+\s*[\d.]+", d)]
    assert python, "environment.yml must pin python (Binder would otherwise pick the newest)"
    version = re.split(r"=+", python[0])[-1].strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert f"{version}.0" in SpecifierSet(requires), f"python={version} outside {requires}"
    lock_header = (ROOT / "requirements.lock").read_text().splitlines()[0]
    assert version in lock_header, (f"the lock is resolved for another Python than "
                                    f"Binder's {version}: {lock_header!r}")


def test_binder_installs_no_test_tools_and_leaves_the_course_package_to_postbuild():
    names = {re.split(r"[=<>!~\[ ]", spec, maxsplit=1)[0].lower() for spec in pip_section(
        environment())}
    assert not names & TEST_ONLY, f"test-only tools slow every Binder launch: {names & TEST_ONLY}"
    assert not any(spec.startswith(("-e", ".")) for spec in pip_section(environment())), \
        "the course package is installed by postBuild (editable, so data/ is found)"
    postbuild = (ROOT / "postBuild").read_text()
    assert postbuild.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in postbuild
    assert os.access(ROOT / "postBuild", os.X_OK), "postBuild must be executable"
    assert "pip install --no-deps -e ." in postbuild


def test_binders_start_script_runs_the_session_with_the_learners_configuration():
    """repo2docker runs `start` with the server's command as arguments; it must end in an
    exec of them, or the session never starts."""
    start = (ROOT / "start").read_text()
    assert start.startswith("#!/usr/bin/env bash")
    assert os.access(ROOT / "start", os.X_OK), "start must be executable"
    assert 'exec python -m hrcourse.launch learner "$@"' in start


def test_the_binder_badge_opens_a_committed_notebook_in_reading_mode_with_the_python3_kernel():
    urlpath = binder_urlpath()
    assert urlpath.startswith("voila/render/"), f"open the reading mode, not {urlpath}"
    start = urlpath.removeprefix("voila/render/")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: cannot tell what Binder would clone")
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", start], cwd=ROOT,
                             capture_output=True, text=True)
    assert tracked.returncode == 0, f"{start} is not committed: Binder builds from the repository"
    # Binder has one kernel, "python3": any other kernelspec asks learners to pick a kernel.
    for path in [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "assignments").rglob("*.ipynb")]:
        spec = json.loads(path.read_text())["metadata"].get("kernelspec", {})
        assert spec.get("name") == "python3", f"{path.relative_to(ROOT)}: kernelspec {spec}"


def disabled_plugins(folder: str) -> set[str]:
    page = json.loads((ROOT / "jupyter" / folder / "labconfig" / "page_config.json").read_text())
    return {name for name, off in page["disabledExtensions"].items() if off}


def test_the_learners_configuration_hides_only_plugins_that_exist():
    """A mistyped plugin name is disabled without complaint and hides nothing."""
    share = Path(sys.prefix) / "share" / "jupyter"
    static = share / "labextensions" / "@jupyter" / "nbgrader"
    code = "".join(p.read_text(errors="replace") for p in static.rglob("*.js"))
    plugins = set(re.findall(r"@jupyter/nbgrader:[a-z-]+", code))
    named = disabled_plugins("learner")
    assert named == HIDDEN_LAB_PLUGINS, named
    assert named <= plugins, f"not nbgrader plugins: {named - plugins}"
    assert "@jupyter/nbgrader:validate-assignment" in plugins - named
    assert disabled_plugins("common") == {NEWS_PLUGIN}
    core = "".join(p.read_text(errors="replace") for p in (share / "lab" / "static")
                   .glob("jlab_core*.js"))
    assert f'"{NEWS_PLUGIN}"' in core, f"JupyterLab has no plugin {NEWS_PLUGIN}"


def _run(command: list[str], cwd: Path, env: dict, timeout: float = 300) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    out = ANSI.sub("", done.stdout + done.stderr)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{out[-3000:]}"
    return out


@pytest.mark.binder
def test_postbuild_runs_cleanly_in_a_fresh_environment_built_like_binder(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache",
        "gradebook.db", "artifacts", "submitted", "autograded", "feedback"))
    venv = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON", "HRCOURSE"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", HOME=str(home),
               PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    pins = tmp_path / "binder-pins.txt"
    pins.write_text("\n".join(pip_section(environment())) + "\n")
    # What Binder's `conda env create` does with the pip section, held to the lock's versions.
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile",
          "-r", str(pins), "-c", str(ROOT / "requirements.lock")], repo, env)

    _run(["bash", str(repo / "postBuild")], repo, env)

    where = _run([str(venv / "bin" / "python"), "-c",
                  "import hrcourse, hrcourse.widgets.vignette, hrcourse.quiz;"
                  "from hrcourse.content import data_dir; print(hrcourse.__file__);"
                  "print(data_dir())"], tmp_path, env).split()
    assert Path(where[-2]).is_relative_to(repo), f"hrcourse not from the repository: {where}"
    assert (Path(where[-1]) / "course.yml").exists(), f"no course data at {where[-1]}"

    # What every Binder session runs under: the `start` script (here with the environment's
    # bin first on PATH, as in Binder's image).
    start = ["bash", str(repo / "start")]
    lab = _run([*start, "jupyter", "labextension", "list"], repo, env)
    assert re.search(r"@jupyter-widgets/jupyterlab-manager v\S+ enabled\s+OK", lab), lab
    assert re.search(r"@jupyter/nbgrader v\S+ enabled\s+OK", lab), lab
    # The browser's copy of a learner's progress needs anywidget's front end.
    assert re.search(r"\banywidget v\S+ enabled\s+OK", lab), lab
    disabled = set(re.findall(r"^\s+(@\S+)$", lab.split("Disabled extensions:")[-1], re.M)) \
        if "Disabled extensions:" in lab else set()
    assert disabled == HIDDEN_LAB_PLUGINS | {NEWS_PLUGIN}, \
        f"disabled in JupyterLab: {disabled}\n{lab}"

    # `jupyter server extension list` reads only the standard folders, not
    # JUPYTER_CONFIG_PATH: ask the server's own configuration instead.
    server = _run([*start, "python", "-c",
                   "import json; from jupyter_server.serverapp import ServerApp; "
                   "app = ServerApp(); app.load_config_file(); app.find_server_extensions(); "
                   "print(json.dumps(app.jpserver_extensions))"], repo, env)
    state = json.loads(server.strip().splitlines()[-1])
    for name in HIDDEN_SERVER_EXTENSIONS:
        assert state.get(name) is False, f"{name}: {state.get(name)}\n{server}"
    for name in KEPT_SERVER_EXTENSIONS:
        assert state.get(name) is True, f"{name}: {state.get(name)}\n{server}"
