"""The pip lock, environment.yml (conda/Binder) and pyproject.toml agree."""

import re

try:
    import tomllib
except ImportError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: '{line}' is not an exact pin"
            pins[canon(name)] = version
    return pins


def conda_pip_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {}
    for spec in pip_section:
        name, _, version = spec.partition("==")
        assert version, f"environment.yml: '{spec}' is not pinned with =="
        pins[canon(name)] = version
    return pins


def test_environment_yml_pins_match_the_lock():
    locked = lock()
    for name, version in conda_pip_pins().items():
        assert locked.get(name) == version, f"{name}: environment.yml {version}, " \
                                            f"lock {locked.get(name)}"


def test_every_runtime_dependency_is_in_environment_yml_and_satisfied_by_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env, locked = conda_pip_pins(), lock()
    for spec in project["dependencies"]:
        req = Requirement(spec)
        assert canon(req.name) in env, f"{req.name} missing from environment.yml"
        assert req.specifier.contains(locked[canon(req.name)]), f"{req.name} lock outside {spec}"
    extras = project["optional-dependencies"]
    for spec in extras["test"] + extras["hub"]:
        req = Requirement(spec)
        assert req.specifier.contains(locked[canon(req.name)]), f"{req.name} lock outside {spec}"


def test_the_versions_the_course_promises():
    locked = lock()
    assert locked["jupyterlab"].startswith("4.")
    assert locked["ipywidgets"].startswith("8.")
    assert locked["nbgrader"].startswith("0.9.")


def test_the_course_image_carries_the_hub_it_runs_under():
    """A single-user server on a hub runs `jupyterhub-singleuser` from the course image."""
    assert conda_pip_pins()["jupyterhub"] == lock()["jupyterhub"]


def test_jupyterlab_extensions_are_compatible_with_this_jupyterlab():
    """A labextension built for another JupyterLab (e.g. nbgrader 0.9.5 on JupyterLab 4.6)
    is silently skipped in the browser: widgets or the formgrader would not appear."""
    import subprocess
    import sys
    from pathlib import Path as P

    jupyter = P(sys.executable).parent / "jupyter"
    out = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True,
                         text=True)
    listing = out.stdout + out.stderr
    assert "@jupyter-widgets/jupyterlab-manager" in listing
    assert "@jupyter/nbgrader" in listing
    assert "anywidget" in listing  # the browser's copy of a learner's progress
    assert "not compatible" not in listing and "may be outdated" not in listing, listing
