"""The package's floors. The rules, each checked by a test below:

1. Every module of hrcourse/ stands on exactly one floor of FLOORS, in one group (a file,
   or a folder for a subpackage). A new module must be given its place here.
2. A module imports of ours only modules on lower floors, or modules of its own group
   (a subpackage's modules import each other). Two groups on one floor never import each
   other: logic/ knows nothing of the progress store, widgets/ nothing of instructor/.
   Importing the bare package `hrcourse` (to find where it is installed) is allowed.
3. Inside the class report (instructor/report/), a module imports only the report's
   modules listed above it in the list in report/__init__.py's docstring.
4. Floors that must stay fast and pure import no widget or plotting library (THIRD_PARTY).
5. `import hrcourse` loads no widgets, plotting, pandas or nbgrader (start-up is fast).
6. Nothing in hrcourse/ imports benchmarks/ or tests/ (development tooling).
7. hrcourse/content/ is the only code that reads data/: nothing outside it (in hrcourse/
   or tools/) imports the YAML parser or the content readers (read_yaml, load_yaml,
   yaml_files, read_csv, data_dir); everything else calls a kind's loader
   (hrcourse.content.<kind>.load_...).
8. hrcourse/logic/ is rules over content models, with no file I/O: it opens, reads and
   writes no file (no yaml, csv or pathlib), and from hrcourse.content it imports model
   classes, constants and pure helpers, never a reader or a loader (a function of the
   content package that calls a reader or base.load, directly or through another).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hrcourse"

# Lowest first. Each entry is a group: a module file, or a folder (a subpackage).
FLOORS = [
    # the ground floor: content loading, file writing, Markdown, styles, the saved-record
    # registry; none imports anything of ours
    ["content/", "files.py", "markup.py", "styles.py", "keyboard.py", "plots.py",
     "kernelspec.py", "records.py", "wording.py", "mode.py"],
    # the progress store, and pure rules over content
    ["progress.py", "logic/", "syllabus.py", "datasets.py"],
    # the learner's work carried between sessions; click quizzes; the content linter
    ["resume.py", "quiz.py", "lint.py"],
    # readable views of saved work and of the course; the certificate page
    ["summary.py", "navigation.py", "certificate_page.py"],
    # writing the learner's exports (no widgets)
    ["export.py"],
    # the two faces: the learner's widgets and the instructor's tools
    ["widgets/", "instructor/"],
    # entry points: the class hub, the command line, the notebooks' `import hrcourse`,
    # nbgrader's exchange plug-in, each role's Jupyter set-up
    ["hub.py", "cli.py", "launch.py", "__init__.py", "exchange.py"],
]

THIRD_PARTY = {
    "logic/": ["ipywidgets", "anywidget", "matplotlib"],
    "content/": ["ipywidgets", "anywidget", "matplotlib"],
    "records.py": ["ipywidgets", "anywidget", "matplotlib"],
    "progress.py": ["ipywidgets", "anywidget", "matplotlib"],
    "resume.py": ["ipywidgets", "anywidget", "matplotlib"],
    "summary.py": ["ipywidgets", "anywidget", "matplotlib"],
    "export.py": ["ipywidgets", "anywidget", "matplotlib"],
    "quiz.py": ["matplotlib"],
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


def modules() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


def place(rel: str) -> tuple[int, str] | None:
    """(floor, group) of a module path relative to hrcourse/."""
    for floor, groups in enumerate(FLOORS):
        for group in groups:
            if rel == group or (group.endswith("/") and rel.startswith(group)):
                return floor, group
    return None


def target(name: str) -> str | None:
    """The module path (relative to hrcourse/) an imported name lands in, if ours."""
    if not name.startswith("hrcourse."):
        return None
    parts = name.split(".")[1:]
    for n in range(len(parts), 0, -1):
        base = "/".join(parts[:n])
        for candidate in (f"{base}.py", f"{base}/__init__.py"):
            if (PACKAGE / candidate).is_file():
                return candidate
    return None


def test_every_module_has_a_floor():
    assert not [m for m in modules() if place(m) is None], \
        "give these modules a floor in tests/test_architecture.py FLOORS"


def test_imports_only_run_downward():
    problems = []
    for rel in modules():
        floor, group = place(rel)
        for name in imports(PACKAGE / rel):
            hit = target(name)
            if hit is None or hit == rel:
                continue
            their_floor, their_group = place(hit)
            if their_group == group and group.endswith("/"):
                continue
            if their_floor >= floor:
                problems.append(f"{rel} (floor {floor}) imports {name} (floor {their_floor})")
    assert not problems, "\n".join(sorted(set(problems)))


def test_no_two_modules_import_each_other_even_inside_a_function():
    """Modules of one group may import each other (rule 2), but never in a circle: a piece
    two modules share gets a home of its own (e.g. widgets/downloads.py)."""
    graph = {rel: {hit for name in imports(PACKAGE / rel) if (hit := target(name))
                   and hit != rel and not hit.endswith("__init__.py")} for rel in modules()}
    circles = []

    def visit(node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt == path[0]:
                circles.append(" -> ".join([*path, nxt]))
            elif nxt not in path and nxt > path[0]:
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert not circles, "\n".join(circles)


def test_the_class_reports_modules_import_only_those_listed_above_them():
    report = PACKAGE / "instructor" / "report"
    doc = ast.get_docstring(ast.parse((report / "__init__.py").read_text()))
    order = [line.split()[0] for line in doc.splitlines() if line.startswith("    ")
             and not line.strip().startswith("hrcourse") and (report / f"{line.split()[0]}.py")
             .is_file()]
    assert sorted(order) == sorted(p.stem for p in report.glob("*.py") if p.stem != "__init__")
    problems = []
    for k, name in enumerate(order):
        for imported in imports(report / f"{name}.py"):
            if imported.startswith("hrcourse.instructor.report."):
                module = imported.split(".")[3]
                if module in order and order.index(module) >= k:
                    problems.append(f"report/{name}.py imports {imported}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_pure_floors_import_no_widget_or_plotting_library():
    problems = []
    for rel in modules():
        for prefix, banned in THIRD_PARTY.items():
            if rel == prefix or (prefix.endswith("/") and rel.startswith(prefix)):
                problems += [f"{rel} imports {name}" for name in imports(PACKAGE / rel)
                             if name.split(".")[0] in banned]
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
    problems = [f"{rel} imports {name}" for rel in modules()
                for name in imports(PACKAGE / rel) if name.split(".")[0] in {"benchmarks", "tests"}]
    assert not problems, "\n".join(problems)


def test_the_rules_catch_an_upward_import(tmp_path, monkeypatch):
    """The check above can fail: a logic module that imports a widget is reported."""
    import sys

    fake = tmp_path / "hrcourse"
    (fake / "logic").mkdir(parents=True)
    (fake / "widgets").mkdir()
    (fake / "widgets" / "common.py").write_text("")
    (fake / "logic" / "bad.py").write_text("from hrcourse.widgets import common\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    try:
        test_imports_only_run_downward()
    except AssertionError as err:
        assert "logic/bad.py (floor 1) imports hrcourse.widgets.common" in str(err)
    else:
        raise AssertionError("an upward import was not reported")


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
