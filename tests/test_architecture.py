"""The package's floors: imports only run downward (see the blueprint's layout)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hrcourse"

# module path prefix -> package prefixes it must never import
FORBIDDEN = {
    # content/ may use its own modules, nothing else of ours
    "content": ["hrcourse.logic", "hrcourse.widgets", "hrcourse.instructor", "hrcourse.quiz",
                "hrcourse.progress", "hrcourse.plots", "hrcourse.summary", "hrcourse.resume",
                "hrcourse.syllabus", "hrcourse.datasets", "hrcourse.cli"],
    "progress": ["hrcourse."], "plots": ["hrcourse."],
    "styles": ["hrcourse."], "keyboard": ["hrcourse."],
    "logic/": ["hrcourse.widgets", "hrcourse.instructor", "hrcourse.quiz", "hrcourse.plots",
               "ipywidgets", "matplotlib", "hrcourse.progress"],
    "widgets/": ["hrcourse.instructor", "hrcourse.cli"],
    "quiz": ["hrcourse.widgets", "hrcourse.instructor"],
    "resume": ["hrcourse.widgets", "hrcourse.instructor", "ipywidgets", "anywidget"],
}


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_imports_only_run_downward():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for prefix, banned in FORBIDDEN.items():
            if rel.startswith(prefix):
                for name in imports(path):
                    if any(name == b.rstrip(".") or name.startswith(b) for b in banned):
                        problems.append(f"{rel} imports {name}")
    assert not problems, "\n".join(problems)


def test_importing_the_package_loads_no_widgets_or_plotting():
    import subprocess
    import sys

    code = ("import sys, hrcourse; heavy = [m for m in ('ipywidgets', 'matplotlib', 'pandas', "
            "'nbgrader') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_the_runtime_package_imports_no_development_tooling():
    """benchmarks/ and tests/ (with tests/support/) are for developers: nothing the course
    runs may import them, or a learner's install would need them."""
    problems = [f"{path.relative_to(PACKAGE).as_posix()} imports {name}"
                for path in sorted(PACKAGE.rglob("*.py")) for name in imports(path)
                if name.split(".")[0] in {"benchmarks", "tests"}]
    assert not problems, "\n".join(problems)
