"""A test class on the hub (hub/jupyterhub_config.py), for tests/test_hub.py and
`python -m benchmarks.hub`. Linux, as root.

- `ClassAccounts`: real OS accounts (one instructor, students) made with useradd and removed
  with every process they own and their homes;
- `Hub`: JupyterHub and its proxy on free loopback ports, driven through its REST API with
  an admin service token; stopped with its whole process group;
- `Hub.run_code`: run code in a kernel of a user's own server over its websocket, as that
  user (what a widget click triggers in the kernel).

Waits poll a condition with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from hrcourse import hub as classhub
from tests.support.browser import free_port


def wait_for(condition, timeout: float, what: str, every: float = 0.25):
    """The first truthy value of `condition()`, or AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def processes_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


def commands_of(uid: int) -> list[str]:
    """The command lines of `uid`'s processes (for messages)."""
    out = []
    for pid in processes_of(uid):
        try:
            out.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                       .decode(errors="replace")[:200])
        except FileNotFoundError:
            pass
    return out


def shadow_tool(argv: list[str], input: str | None = None, check: bool = True,
                timeout: float = 60) -> subprocess.CompletedProcess:
    """Run useradd/userdel/chpasswd, waiting while another run holds the account
    databases' lock (/etc/passwd.lock, /etc/shadow.lock): two test runs on one machine
    create and remove accounts at the same moment, and the tools then fail at once with
    "cannot lock /etc/passwd; try again later" instead of waiting."""
    deadline = time.monotonic() + timeout
    while True:
        done = subprocess.run(argv, input=input, capture_output=True, text=True)
        if done.returncode == 0 or "lock" not in done.stderr.lower() \
                or time.monotonic() > deadline:
            break
        time.sleep(0.5 + secrets.randbelow(1000) / 1000)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv[:1])} failed ({done.returncode}): "
                             f"{done.stderr.strip()}")
    return done


class ClassAccounts:
    """OS accounts for one run; names are unique so runs never collide."""

    def __init__(self, students: tuple[str, ...] = ("ana", "ben", "cy"),
                 others: tuple[str, ...] = ()):
        """`others`: accounts with no place in the class (e.g. the one account every
        student's server runs as, in the test of the exchange service)."""
        tag = secrets.token_hex(2)
        self.instructor = f"hrc{tag}-prof"
        self.students = {s: f"hrc{tag}-{s}" for s in students}
        self.others = {s: f"hrc{tag}-{s}" for s in others}
        self.passwords: dict[str, str] = {}

    @property
    def accounts(self) -> list[str]:
        return [self.instructor, *self.students.values(), *self.others.values()]

    def create(self) -> None:
        for name in self.accounts:
            shadow_tool(["useradd", "--create-home", "--shell", "/bin/bash", name])
            self.passwords[name] = secrets.token_urlsafe(12)
            shadow_tool(["chpasswd"], input=f"{name}:{self.passwords[name]}\n")

    def remove(self) -> None:
        """Stop what each account still runs (by pid), then remove it and its home."""
        for name in self.accounts:
            try:
                uid = pwd.getpwnam(name).pw_uid
            except KeyError:
                continue
            for sig in (signal.SIGTERM, signal.SIGKILL):
                for pid in processes_of(uid):
                    try:
                        os.kill(pid, sig)
                    except ProcessLookupError:
                        pass
                try:
                    wait_for(lambda u=uid: not processes_of(u), 10, f"{name}'s processes to end")
                    break
                except AssertionError:
                    continue
            shadow_tool(["userdel", "--remove", name], check=False)

    def uid(self, name: str) -> int:
        return pwd.getpwnam(name).pw_uid

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)


class Hub:
    """The class hub on free loopback ports, with its state in `workdir`."""

    def __init__(self, workdir: Path, cls: ClassAccounts, start_timeout: float = 120,
                 course: Path | None = None, exchange_kind: str = "folder",
                 max_submission_mb: float = 20.0, one_uid: str | None = None):
        """`course`: the course folder the class is given (default: the repository);
        `exchange_kind`: "folder" or "service" (ngshare); `one_uid`: an account every
        student's server runs as (OneUidSpawner), as on Kubernetes."""
        self.cls = cls
        self.token = secrets.token_hex(24)
        self.one_uid = one_uid
        self.settings = classhub.Settings(
            state=workdir / "hub-state", exchange=workdir / "exchange",
            course=Path(course or classhub.ROOT),
            port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
            instructors=[cls.instructor], students=list(cls.students.values()),
            api_token=self.token, exchange_kind=exchange_kind, ngshare_port=free_port(),
            max_submission_mb=max_submission_mb)
        self.log_path = workdir / "hub.log"
        self.workdir = Path(workdir)
        self._opened: dict[Path, int] = {}
        self._locked: dict[Path, int] = {}
        self.proc: subprocess.Popen | None = None
        # One class hub at a time per checkout: each closes the repository to other
        # accounts and gives the modes back when it stops, which would reopen it under the
        # feet of a second one. Class tests of other checkouts run alongside.
        from filelock import FileLock

        digest = hashlib.sha256(str(classhub.ROOT).encode()).hexdigest()[:12]
        self._checkout = FileLock(f"{tempfile.gettempdir()}/hrcourse-hub-{digest}.lock")
        self._checkout.acquire(timeout=3600)
        # A free port is chosen here and bound seconds later by the hub or its proxy: on a
        # busy machine another program can take it in between. Then start again on others.
        for attempt in range(3):
            self.base = f"http://127.0.0.1:{self.settings.port}"
            try:
                self._start(start_timeout)
                break
            except BaseException as err:
                last = attempt == 2 or not isinstance(err, AssertionError) \
                    or "address already in use" not in self.log_tail(200).lower()
                self.stop(keep_checkout=not last)
                if last:
                    raise
                s = self.settings
                s.port, s.hub_port, s.proxy_api_port, s.ngshare_port = (
                    free_port(), free_port(), free_port(), free_port())

    def _environment(self) -> dict[str, str]:
        s = self.settings
        env = {k: v for k, v in os.environ.items() if not k.startswith("HRCOURSE_HUB_")}
        env.update({"HRCOURSE_HUB_STATE": str(s.state), "HRCOURSE_HUB_EXCHANGE": str(s.exchange),
                    "HRCOURSE_HUB_COURSE": str(s.course),
                    "HRCOURSE_HUB_PORT": str(s.port), "HRCOURSE_HUB_HUB_PORT": str(s.hub_port),
                    "HRCOURSE_HUB_PROXY_API_PORT": str(s.proxy_api_port),
                    "HRCOURSE_HUB_INSTRUCTORS": ",".join(s.instructors),
                    "HRCOURSE_HUB_STUDENTS": ",".join(s.students),
                    "HRCOURSE_HUB_API_TOKEN": self.token,
                    "HRCOURSE_HUB_EXCHANGE_KIND": s.exchange_kind,
                    "HRCOURSE_HUB_NGSHARE_PORT": str(s.ngshare_port),
                    "HRCOURSE_HUB_MAX_SUBMISSION_MB": str(s.max_submission_mb)})
        if self.one_uid:  # the hub imports OneUidSpawner from this file
            env["PYTHONPATH"] = str(classhub.ROOT)
            env["HRCOURSE_TEST_ONE_UID"] = self.one_uid
        return env

    def _command(self) -> list[str]:
        extra = ["--JupyterHub.spawner_class=tests.support.hub.OneUidSpawner"] \
            if self.one_uid else []
        return [*classhub.jupyterhub_command(), *extra]

    def _start(self, timeout: float) -> None:
        # The hub closes the repository and the course folder to other accounts (instructor
        # material); the modes are recorded first and given back in stop(). Other accounts
        # must pass through to the course environment, its Python (e.g. under /root) and
        # the exchange (e.g. under a private temporary folder); passage is granted for the
        # run and taken back in stop().
        self.settings.state.mkdir(parents=True, exist_ok=True)
        self.settings.exchange.mkdir(parents=True, exist_ok=True)
        self._locked = {**classhub.lock_course(classhub.ROOT),
                        **classhub.lock_course(self.settings.course)}
        opened = classhub.open_dirs(classhub.blocked_dirs(
            [*classhub.course_paths(self.settings), self.settings.state,
             self.settings.exchange]))
        # Passage through folders outside this run's own (e.g. /root, when Python lives in
        # /root/.pyenv) is left granted, as `make hub` leaves it: another class test running
        # at the same time may rely on it, and taking it back under its feet made its
        # accounts lose the Python standard library mid-run ("No module named ...").
        self._opened = {d: m for d, m in opened.items() if d.is_relative_to(self.workdir)}
        self.left_open = sorted(set(opened) - set(self._opened))
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(self._command(),
                                     cwd=self.settings.state, env=self._environment(),
                                     stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()

        def up():
            if self.proc.poll() is not None:
                raise AssertionError(f"the hub exited ({self.proc.returncode}):\n"
                                     + self.log_tail())
            try:  # the proxy answers 404 until the hub has added its route
                return self.request("/hub/api/", timeout=5)[0] == 200
            except (OSError, urllib.error.URLError):
                return None

        wait_for(up, timeout, "the hub to answer")

    def stop(self, timeout: float = 60, keep_checkout: bool = False) -> int | None:
        """Stop the hub (it stops every single-user server and the proxy) and give back the
        folder permissions. Returns the hub's exit code."""
        code = None
        proxy = self._proxy_pid()
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                code = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                code = self.proc.wait(10)
        elif self.proc:
            code = self.proc.returncode
        # The proxy runs in its own session; a hub that was killed leaves it behind.
        if proxy and proxy == self._proxy_pid(check_only=proxy):
            os.kill(proxy, signal.SIGTERM)
        # and so does a managed service (the exchange service) of a killed hub
        service = ngshare_pid(self.settings.ngshare_port)
        if service:
            os.kill(service, signal.SIGTERM)
        classhub.restore_modes(self._opened)
        classhub.restore_modes(self._locked)
        self._opened, self._locked = {}, {}
        if not keep_checkout and self._checkout.is_locked:
            self._checkout.release()
        return code

    def _proxy_pid(self, check_only: int | None = None) -> int | None:
        """The pid of this hub's proxy if it still runs (read from its pid file, or
        `check_only` checked)."""
        pid = check_only
        if pid is None:
            try:
                pid = int((self.settings.state / "proxy.pid").read_text())
            except (FileNotFoundError, ValueError):
                return None
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return None
        port = f"--port\0{self.settings.port}\0".encode()
        return pid if b"configurable-http-proxy" in cmd and port in cmd else None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    # REST ---------------------------------------------------------------------------------
    def request(self, path: str, method: str = "GET", body: object = None,
                timeout: float = 60) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def api(self, path: str, method: str = "GET", body: object = None, timeout: float = 60):
        status, raw = self.request(path, method, body, timeout)
        if status >= 400:
            raise AssertionError(f"{method} {path}: HTTP {status}: {raw[:500]!r}")
        return json.loads(raw) if raw.strip() else None

    def user_api(self, user: str, path: str, method: str = "GET", body: object = None,
                 timeout: float = 120):
        """A request to `user`'s own single-user server, through the proxy."""
        return self.api(f"/user/{user}/{path.lstrip('/')}", method, body, timeout)

    def server_ready(self, user: str) -> bool:
        model = self.api(f"/hub/api/users/{user}")
        server = model.get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def start_server(self, user: str, timeout: float = 240) -> None:
        self.request(f"/hub/api/users/{user}/server", "POST")
        wait_for(lambda: self.server_ready(user), timeout, f"{user}'s server to be ready")
        # ready in the hub's records; wait until the proxy routes to it too
        wait_for(lambda: self.request(f"/user/{user}/api/status")[0] == 200, timeout,
                 f"{user}'s server to answer through the proxy")

    def stop_server(self, user: str, timeout: float = 120) -> None:
        self.request(f"/hub/api/users/{user}/server", "DELETE")
        wait_for(lambda: self.api(f"/hub/api/users/{user}").get("servers", {}) == {}, timeout,
                 f"{user}'s server to stop")

    # code in a user's kernel ---------------------------------------------------------------
    def run_code(self, user: str, code: str, cwd: str = "", timeout: float = 120) -> str:
        """Run `code` in a fresh kernel on `user`'s server (started in folder `cwd` of their
        home), return its printed output; an error in the code raises AssertionError."""
        with KernelSession(self, user, cwd, timeout) as kernel:
            return kernel.execute(code)


class KernelSession:
    """A kernel on a user's own server, spoken to over its websocket (as JupyterLab does);
    shut down on exit unless `keep`."""

    def __init__(self, hub: Hub, user: str, cwd: str = "", timeout: float = 120,
                 keep: bool = False):
        self.hub, self.user, self.cwd, self.timeout, self.keep = hub, user, cwd, timeout, keep

    def __enter__(self) -> KernelSession:
        import websocket

        self.model = self.hub.user_api(self.user, "api/kernels", "POST",
                                       {"name": "python3", "path": self.cwd})
        url = (self.hub.base.replace("http://", "ws://")
               + f"/user/{self.user}/api/kernels/{self.model['id']}/channels")
        self.ws = websocket.create_connection(
            url, timeout=self.timeout, header=[f"Authorization: token {self.hub.token}"])
        self.session = uuid.uuid4().hex
        return self

    def __exit__(self, *exc) -> None:
        self.ws.close()
        if not self.keep:
            self.hub.request(f"/user/{self.user}/api/kernels/{self.model['id']}", "DELETE")

    def execute(self, code: str, check: bool = True) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.user,
                       "session": self.session, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False}}))
        out, error, deadline = [], None, time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                break
        else:
            raise AssertionError(f"code in {self.user}'s kernel did not finish in "
                                 f"{self.timeout} s")
        if error and check:
            raise AssertionError(f"in {self.user}'s kernel: {error}\n{''.join(out)}")
        return "".join(out)


def ngshare_pid(port: int) -> int | None:
    """The exchange service of a hub whose ngshare port is `port`, if it still runs."""
    wanted = f"http://127.0.0.1:{port}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes()
            env = (entry / "environ").read_bytes()
        except OSError:
            continue
        if b"ngshare/serve.py" in cmd and b"JUPYTERHUB_SERVICE_URL=" + wanted in env:
            return int(entry.name)
    return None


try:
    from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
    from traitlets import Unicode
except ImportError:  # the hub extra is not installed: no class test can run anyway
    LocalProcessSpawner = object
else:
    class OneUidSpawner(LocalProcessSpawner):
        """Every student's server runs as ONE OS account (HRCOURSE_TEST_ONE_UID), each in
        a folder of its own in that account's home, as Zero to JupyterHub runs every pod as
        uid 1000: file permissions cannot keep these students apart, only the exchange can.
        Instructors run as themselves. For the test of the exchange service only: on one
        machine, students sharing a uid can read each other's folders."""

        account = Unicode(os.environ.get("HRCOURSE_TEST_ONE_UID", ""))

        def _shared(self) -> bool:
            return bool(self.account) and \
                self.user.name not in classhub.Settings.from_env().instructors

        def _home(self) -> Path:
            return Path(pwd.getpwnam(self.account).pw_dir) / self.user.name

        def make_preexec_fn(self, name):
            if not self._shared():
                return super().make_preexec_fn(name)
            become, home = set_user_setuid(self.account, chdir=False), str(self._home())

            def preexec():
                become()
                os.chdir(home)

            return preexec

        def user_env(self, env):
            env = super().user_env(env)
            if self._shared():
                env["USER"], env["HOME"] = self.account, str(self._home())
            return env

        async def start(self):
            if self._shared():
                from hrcourse.instructor.course import copy_course

                settings = classhub.Settings.from_env()
                entry = pwd.getpwnam(self.account)
                home = self._home()
                made = copy_course(home, classhub.STUDENT_PARTS,
                                   source=settings.student_course)
                for path in made:
                    os.lchown(path, entry.pw_uid, entry.pw_gid)
                Path(entry.pw_dir).chmod(0o700)
            return await super().start()


def memory_of(uid: int) -> dict[str, float]:
    """MiB of resident (RSS) and proportional (PSS: shared pages split) memory of all of
    `uid`'s processes."""
    total = {"rss": 0.0, "pss": 0.0}
    for pid in processes_of(uid):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        for line in text.splitlines():
            name, _, value = line.partition(":")
            if name.lower() in total:
                total[name.lower()] += int(value.split()[0]) / 1024
    return total


def as_user(name: str, argv: list[str], cwd: Path, timeout: float = 600):
    """Run a command as `name` (what the account would type in its terminal)."""
    entry = pwd.getpwnam(name)
    env = {"HOME": entry.pw_dir, "USER": name, "LOGNAME": name, "LANG": "C.UTF-8",
           "PATH": f"{classhub.BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin"}
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return subprocess.run([runuser, "-u", name, "--", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def can_run_a_class() -> str | None:
    """Why a test class cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (it creates OS accounts and runs each one's server as itself)"
    for tool in ("useradd", "userdel", "chpasswd", "runuser"):
        if not shutil.which(tool):
            return f"needs {tool}"
    if not os.access(classhub.PROXY, os.X_OK):
        return f"needs {classhub.PROXY} (make test installs it: npm ci --prefix hub)"
    return None
