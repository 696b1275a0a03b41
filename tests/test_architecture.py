"""The package's floors: imports only run downward (see the blueprint's layout).

Content and logic (tests below):

- hrcourse/content/ is the only code that reads data/: nothing outside it (in hrcourse/
  or tools/) imports the YAML parser or the content readers (read_yaml, load_yaml,
  yaml_files, read_csv, data_dir); everything else calls a kind's loader
  (hrcourse.content.<kind>.load_...).
- hrcourse/logic/ is rules over content models, with no file I/O: it opens, reads and
  writes no file (no yaml, csv or pathlib), and from hrcourse.content it imports model
  classes, constants and pure helpers, never a reader or a loader (a function of the
  content package that calls a reader or base.load, directly or through another).
"""

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


TOOLS = PACKAGE.parent / "tools"
READERS = {"read_yaml", "load_yaml", "yaml_files", "read_csv", "data_dir"}


def test_only_the_content_package_reads_data():
    problems = []
    for path in sorted([*PACKAGE.rglob("*.py"), *TOOLS.glob("*.py")]):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        if rel.startswith("hrcourse/content/"):
            continue
        for name in imports(path):
            if name.split(".")[0] == "yaml" or (name.startswith("hrcourse.content")
                                                 and name.split(".")[-1] in READERS):
                problems.append(f"{rel} imports {name}")
    assert not problems, "\n".join(problems)


def content_loaders() -> set[str]:
    """Names of the content package's functions that read files: those that call a
    reader or base.load, directly or through another such function."""
    calls: dict[str, set[str]] = {}
    for path in (PACKAGE / "content").glob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                calls[node.name] = {n.id if isinstance(n, ast.Name) else n.attr
                                    for n in ast.walk(node)
                                    if isinstance(n, (ast.Name, ast.Attribute))}
    loaders = READERS | {"load"}
    while True:
        more = {name for name, used in calls.items() if used & loaders} - loaders
        if not more:
            return loaders
        loaders |= more


def test_logic_is_rules_over_models_without_file_io():
    loaders = content_loaders()
    assert {"load_vignette", "load_bank", "find_item", "load_lesson"} <= loaders
    problems = []
    for path in sorted((PACKAGE / "logic").rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                problems += [f"{rel} imports {a.name}" for a in node.names
                             if a.name.startswith("hrcourse.content")
                             or a.name.split(".")[0] in {"yaml", "csv", "pathlib"}]
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module.split(".")[0] in {"yaml", "csv", "pathlib"}:
                    problems.append(f"{rel} imports {node.module}")
                elif node.module.startswith("hrcourse.content"):
                    problems += [f"{rel} imports {node.module}.{a.name}, which reads files "
                                 f"(logic/ takes models; the caller loads them)"
                                 for a in node.names if a.name in loaders]
            elif isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else \
                    func.id if isinstance(func, ast.Name) else ""
                if called in {"open", "read_text", "write_text", "read_bytes", "write_bytes"}:
                    problems.append(f"{rel} line {node.lineno} calls {called}()")
    assert not problems, "\n".join(problems)
