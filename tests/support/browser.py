"""JupyterLab in a real browser, for the browser tests and `python -m benchmarks.browser`.

- `course_copy(target)`: a temporary copy of the course (lessons, quizzes, nbgrader config);
- `LabServer`: JupyterLab on a free loopback port with a random token, isolated from the
  user's own Jupyter settings, stopped with its whole process group;
- `launch_chromium(playwright)`: Debian's Chromium, headless (Playwright's own browser
  download is not used);
- `Notebook`: open a notebook, run all cells from the menu, wait for its widgets, restart.

Waits are on conditions in the page (Playwright locators, `wait_for_function`), never sleeps.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from hrcourse.content import repo_root
from hrcourse.instructor.course import copy_course

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# What ipywidgets shows instead of a widget while it loads, or when it cannot render one.
WIDGET_PROBLEMS = ("Error displaying widget", "Loading widget...")
# JupyterLab plugins that would put pop-ups over the page: news and update checks.
QUIET_PLUGINS = {"@jupyterlab/apputils-extension:announcements": True}


class BrowserMissing(RuntimeError):
    """Chromium is not installed where the tests expect it."""


def chromium_path() -> str:
    """Debian's Chromium, or a plain message saying how to install it."""
    found = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if not found:
        raise BrowserMissing(
            f"Chromium is needed for the browser tests and was not found at {CHROMIUM}. "
            "Run `make system-deps` (Linux, installs it with apt-get) or "
            "`sudo apt-get install chromium`.")
    return found


def launch_chromium(playwright, **kwargs):
    """Headless Chromium through Playwright's sync API."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                      args=CHROMIUM_ARGS, **kwargs)


def launch_chromium_profile(playwright, profile: Path, **kwargs):
    """Headless Chromium with a profile kept on disk (its storage survives a restart)."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
        **kwargs)


def course_copy(target: Path) -> Path:
    """Copy the parts of the course a learner opens (the package reads data/ from the repo)."""
    copy_course(target)
    return target


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """JupyterLab serving `root`; use as a context manager or call `stop()` yourself."""

    def __init__(self, root: Path, state: Path, progress: Path, start_timeout: float = 90,
                 port: int | None = None, role: str | None = None):
        """`port`: a given one, e.g. to start again where a browser's storage (kept per
        address) expects the course; otherwise a free one. `role`: "learner" or
        "instructor" runs the server with that role's configuration (hrcourse.launch, as
        `make start` and `make instructor` do: reading mode, and for a learner no
        instructor panels) and nothing of the tests' own; None: JupyterLab as installed,
        quietened for the tests (no news or update checks)."""
        self.role = role
        self.root, self.state, self.progress = Path(root), Path(state), Path(progress)
        self.port = port or free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.state / "jupyterlab.log"
        self.process: subprocess.Popen | None = None
        self._log = None
        self._start(start_timeout)

    # life cycle -------------------------------------------------------------------
    def _environment(self) -> dict[str, str]:
        config = self.state / "config"
        (config / "labconfig").mkdir(parents=True, exist_ok=True)
        if self.role is None:
            (config / "labconfig" / "page_config.json").write_text(
                json.dumps({"disabledExtensions": QUIET_PLUGINS}))
        bindir = str(Path(sys.executable).parent)
        base = dict(os.environ)
        if self.role is not None:
            from hrcourse.launch import environment

            base = environment(self.role, base)
        return dict(
            base,
            PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
            HRCOURSE_PROGRESS=str(self.progress),
            HRCOURSE_EXPORT=str(self.state / "export"),
            # The user's own Jupyter settings, workspaces and config stay out of the test.
            JUPYTER_CONFIG_DIR=str(config),
            JUPYTERLAB_SETTINGS_DIR=str(self.state / "lab-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(self.state / "lab-workspaces"),
            JUPYTER_RUNTIME_DIR=str(self.state / "runtime"),
            JUPYTER_DATA_DIR=str(self.state / "data"),
            PYTHONUNBUFFERED="1",
        )

    def _start(self, timeout: float) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                   "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={self.root}"]
        if self.role is None:
            command += ["--LabApp.news_url=None",
                        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.name == "posix" and os.geteuid() == 0:
            command.append("--allow-root")  # JupyterLab refuses root otherwise (CI, containers)
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=self._environment(),
                                        cwd=self.root, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                self.stop()
                raise RuntimeError(f"JupyterLab exited with code {code} before it answered:\n"
                                   f"{self.log_tail()}")
            try:
                self.api("status")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # polling a server that is starting, not waiting for a page
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer /api/status within {timeout:.0f} s:\n"
                           f"{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server, its process group, and the kernels it started (each kernel runs
        in a process group of its own, so they are ended by process id)."""
        process, self.process = self.process, None
        if process is not None:
            kernels = []
            try:
                import psutil  # ipykernel's own dependency

                kernels = psutil.Process(process.pid).children(recursive=True)
            except Exception:  # the server is already gone: nothing left to find
                pass
            for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
                try:
                    os.killpg(process.pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                try:
                    process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
            for kernel in kernels:  # normally already shut down by the server itself
                try:
                    kernel.kill()
                except Exception:
                    pass
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> LabServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # helpers ------------------------------------------------------------------------
    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def api(self, path: str, method: str = "GET", timeout: float = 5):
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, path: str) -> str:
        """A page of the lab, e.g. url("lab/tree/notebooks/00_start_here.ipynb")."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def lab_url(self, notebook: str) -> str:
        """The notebook alone in a fresh layout (`reset`: no tabs restored from before)."""
        return self.url(f"lab/tree/{notebook}?reset")

    def shutdown_kernels(self) -> None:
        """End every kernel session, so the next test starts from a fresh kernel, and every
        kernel left without one (the reading mode's, one per page opened)."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE", timeout=15)
        for kernel in self.api("kernels"):
            try:
                self.api(f"kernels/{kernel['id']}", method="DELETE", timeout=15)
            except urllib.error.HTTPError as err:  # ended meanwhile by its page
                if err.code != 404:
                    raise


class Notebook:
    """One notebook open in JupyterLab, driven through the menu as a learner would."""

    PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

    def __init__(self, page, path: str):
        self.page, self.path = page, path
        self.panel = page.locator(self.PANEL)

    @classmethod
    def open(cls, page, server: LabServer, path: str, timeout: float = 90_000) -> Notebook:
        """Open `path` (relative to the server's root) at its /lab/tree URL."""
        page.goto(server.lab_url(path))
        nb = cls(page, path)
        nb.wait_ready(timeout)
        return nb

    def wait_ready(self, timeout: float = 90_000) -> None:
        """The notebook is shown and connected to an idle kernel."""
        self.page.wait_for_function(
            """(sel) => {
                const panel = document.querySelector(sel);
                if (!panel || !panel.querySelector('.jp-Cell')) return false;
                const name = panel.querySelector('.jp-KernelName');
                const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
                return !!name && !/No Kernel/.test(name.textContent) && !!status
                    && status.getAttribute('data-status') === 'idle';
            }""", arg=self.PANEL, timeout=timeout)

    def menu(self, top: str, item: str) -> None:
        """Click a menu entry, e.g. menu("Run", "Run All Cells")."""
        page = self.page
        page.locator("#jp-menu-panel .lm-MenuBar-item",
                     has_text=re.compile(rf"^{re.escape(top)}$")).click()
        entry = page.locator(".lm-Menu .lm-Menu-item", has=page.locator(
            ".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}")))
        entry.first.click()

    def run_all(self, widgets: int | None = None, timeout: float = 120_000) -> None:
        """Run ▸ Run All Cells, then wait until every cell has run and its widgets show."""
        self._mark_stale_outputs()
        self.menu("Run", "Run All Cells")
        self.wait_all_run(widgets, timeout)

    def restart_and_run_all(self, widgets: int | None = None, timeout: float = 120_000) -> None:
        """Kernel ▸ Restart Kernel and Run All Cells…, confirmed in the dialog."""
        self._mark_stale_outputs()
        self.menu("Kernel", "Restart Kernel and Run All Cells")
        self.page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
        self.wait_all_run(widgets, timeout)

    def _mark_stale_outputs(self) -> None:
        """Tag the outputs on screen now: running a cell replaces them with new ones."""
        self.page.evaluate(
            """(sel) => document.querySelectorAll(sel + ' .jp-OutputArea-child')
                .forEach(el => el.setAttribute('data-hr-stale', '1'))""", self.PANEL)

    _STATE_JS = """(sel) => {
        const panel = document.querySelector(sel);
        if (!panel) return {panel: false};
        const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
        return {
            panel: true,
            // a cell with its source hidden (the setup cell) shows an empty prompt
            prompts: Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
                .map(p => p.textContent.trim()).filter(t => t !== ''),
            stale: panel.querySelectorAll('[data-hr-stale]').length,
            kernel: status ? status.getAttribute('data-status') : null,
            views: panel.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length,
            loading: Array.from(panel.querySelectorAll('.jp-OutputArea-output'))
                .filter(o => o.textContent.includes('Loading widget...')).length,
        };
    }"""

    def state(self) -> dict:
        """What the notebook shows now: prompts, kernel status, widget views (for messages)."""
        return self.page.evaluate(self._STATE_JS, self.PANEL)

    def wait_all_run(self, widgets: int | None = None, timeout: float = 120_000) -> None:
        """Every visible prompt shows an execution count, no output is left from before,
        the kernel is idle, no widget is still loading, and (if given) at least `widgets`
        widget views are shown."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                f"""([sel, widgets]) => {{
                    const s = ({self._STATE_JS})(sel);
                    return s.panel && s.prompts.length > 0
                        && s.prompts.every(t => /^\\[\\d+\\]:$/.test(t))
                        && s.stale === 0 && s.kernel === 'idle' && s.loading === 0
                        && (widgets === null || s.views >= widgets);
                }}""", arg=[self.PANEL, widgets], timeout=timeout)
        except PlaywrightTimeout as err:
            raise AssertionError(f"{self.path}: cells did not all run within "
                                 f"{timeout / 1000:.0f} s (expected {widgets} widgets); "
                                 f"the notebook shows {self.state()}") from err

    # what is on the page -------------------------------------------------------------
    def widget_views(self):
        """Top-level widget views in cell outputs."""
        return self.panel.locator(".jp-OutputArea-output > .jupyter-widgets")

    def output_texts(self) -> list[str]:
        return self.panel.locator(".jp-OutputArea-output").all_inner_texts()

    def widget_problems(self) -> list[str]:
        """Outputs that show ipywidgets' error or loading placeholder instead of a widget."""
        return [text.strip()[:300] for text in self.output_texts()
                if any(problem in text for problem in WIDGET_PROBLEMS)]

    def output_of(self, code: str):
        """The output area of the code cell whose source contains `code`."""
        cell = self.panel.locator(".jp-CodeCell").filter(
            has=self.page.locator(".jp-InputArea-editor", has_text=code))
        return cell.locator(".jp-OutputArea").first

    def save(self) -> None:
        """File ▸ Save (Ctrl+S), waiting until the tab no longer shows unsaved changes."""
        self.panel.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        self.page.keyboard.press("Control+s")
        self.page.locator(".jp-mod-current.jp-mod-dirty").wait_for(state="detached")


class ReadingPage:
    """One lesson in reading mode (Voilà at /voila/render/...): the server runs every cell
    before the page shows (code hidden), then the page draws the widgets."""

    BODY = "#rendered_cells"
    VIEWS = ".jp-OutputArea-output > .jupyter-widgets"

    def __init__(self, page, server: LabServer, path: str):
        self.page, self.server, self.path = page, server, path
        self.body = page.locator(self.BODY)
        self.cells = json.loads((server.root / path).read_text(encoding="utf-8"))["cells"]

    @classmethod
    def open(cls, page, server: LabServer, path: str, timeout: float = 180_000) -> ReadingPage:
        page.goto(server.url(f"voila/render/{path}"), timeout=timeout)
        reading = cls(page, server, path)
        reading.wait_ready(timeout)
        return reading

    def wait_ready(self, timeout: float = 180_000) -> None:
        """The page is shown and every widget cell's view is drawn (none still loading)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        widgets = expected_widgets(self.server.root / self.path)
        try:
            self.page.wait_for_function(
                """([body, views, widgets]) => {
                    const b = document.querySelector(body);
                    if (!b || getComputedStyle(b).display === 'none') return false;
                    const loading = [...b.querySelectorAll('.jp-OutputArea-output')]
                        .filter(o => o.textContent.includes('Loading widget...')).length;
                    return loading === 0 && b.querySelectorAll(views).length >= widgets;
                }""", arg=[self.BODY, self.VIEWS, widgets], timeout=timeout)
        except PlaywrightTimeout as err:
            raise AssertionError(f"{self.path}: reading mode did not show {widgets} widgets "
                                 f"within {timeout / 1000:.0f} s; it shows "
                                 f"{self.widget_views().count()}") from err

    def widget_views(self):
        return self.body.locator(self.VIEWS)

    def widget_problems(self) -> list[str]:
        texts = self.body.locator(".jp-OutputArea-output").all_inner_texts()
        return [text.strip()[:300] for text in texts
                if any(problem in text for problem in WIDGET_PROBLEMS)]

    def output_of(self, code: str):
        """The output of the code cell whose source contains `code` (the source itself is
        not on the page: Voilà numbers its cells from 1 in `cell-index`)."""
        found = [i for i, c in enumerate(self.cells)
                 if c["cell_type"] == "code" and code in "".join(c["source"])]
        assert len(found) == 1, f"{self.path}: {len(found)} code cells contain {code!r}"
        return self.page.locator(f'[cell-index="{found[0] + 1}"] .jp-OutputArea').first


def choose(option, timeout: float = 30_000) -> None:
    """Click a radio button or an unticked checkbox as a learner does, then wait until the
    option (found again) shows as chosen. Not Playwright's `check()`: ipywidgets rebuilds a
    RadioButtons' inputs whenever the kernel changes its model (its stale-options test compares
    values with labels, so it always rebuilds), and `check()` then reads the replaced input and
    fails although the click chose the new one.

    A click that lands while the widget's view is still being rendered (the cell has just
    scrolled into view, or the kernel's reply is rebuilding the inputs) is lost with the
    input it landed on: nothing is chosen, and a learner would click again. On a busy
    machine (another browser and Jupyter server running) that window is long enough to be
    hit, so an option still unchosen after a few seconds is clicked again, as long as it
    still shows unchosen (a second click would untick a checkbox)."""
    from playwright.sync_api import expect

    deadline = time.monotonic() + timeout / 1000
    option.click()
    while True:
        left = deadline - time.monotonic()
        try:
            expect(option).to_be_checked(timeout=max(1.0, min(5.0, left)) * 1000)
            return
        except AssertionError:
            if time.monotonic() >= deadline:
                raise
        if not option.is_checked():
            option.click()


def expected_widgets(notebook: Path) -> int:
    """How many widget views a lesson shows: one per `course.…(...)` code cell."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    return sum(1 for cell in nb["cells"] if cell["cell_type"] == "code"
               and "".join(cell["source"]).strip().startswith(("course.", "quiz.ask(")))


def binder_urlpath() -> str:
    """The page the README's Binder badge opens, e.g. voila/render/notebooks/00_start_here.ipynb."""
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    found = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+?[?&]urlpath=([^)&\s]+)", readme)
    if not found:
        raise ValueError("README.md has no Binder badge link with a urlpath")
    return urllib.parse.unquote(found.group(1))


def run_lab(tmp: Path) -> LabServer:
    """A course copy in `tmp/course` served by JupyterLab; progress in `tmp/progress.json`."""
    course = course_copy(tmp / "course")
    return LabServer(course, tmp / "lab-state", tmp / "progress" / "progress.json")


# What the course renders in a notebook: Markdown cells and cell outputs (widgets, charts);
# JupyterLab's own interface is outside the course's control.
COURSE_CONTENT = [f"{Notebook.PANEL} .jp-MarkdownOutput", f"{Notebook.PANEL} .jp-OutputArea-output"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, include: list[str] | None = None,
                   impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations of the given impacts, one line each, on the
    parts of the page selected by `include` (default: the open notebook's content; None
    for a whole page of the course's own, such as a report)."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": include} if include else None
    results = Axe().run(page, context=context,
                        options={"runOnly": {"type": "tag", "values": WCAG_AA},
                                 "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['help']}; e.g. "
            f"{v['nodes'][0]['html'][:160]}"
            for v in results.response["violations"] if v["impact"] in impacts]


ARTIFACTS = repo_root() / "tests" / "artifacts"


@contextmanager
def page_for_test(browser, server, request, **context_options):
    """A fresh page (browser context) for one test; if the test fails, a screenshot and the
    server's log go to tests/artifacts/. Kernels the page started are shut down after."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    failed_before = request.session.testsfailed
    try:
        yield tab
    finally:
        if request.session.testsfailed > failed_before:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as err:  # the page may be gone; the log still helps
                print(f"no screenshot: {err}")
            shutil.copy2(server.log_path, ARTIFACTS / f"{name}.jupyterlab.log")
        context.close()
        server.shutdown_kernels()
