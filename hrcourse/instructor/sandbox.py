"""Run a grading kernel in a sandbox (bubblewrap + rlimits), talking to nbgrader over IPC.

What the kernel sees: the system's programs and libraries read-only, the Python
environment read-only, the course package code read-only, and one writable folder:
a fresh copy of the submission made outside the course tree. It does not see the
course directory (source/, the gradebook, other students' files) nor any home
directory. It has no network (a new network namespace with loopback only), its own
PID namespace, and limits on memory, processes, file size and CPU time.

The kernel and nbgrader talk over Unix sockets (ZMQ's ipc transport) in a private
folder bound into the sandbox, because TCP to nbgrader cannot cross the network
namespace.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Integer, Unicode

# Paths a Python kernel needs to run, read-only. Missing ones are skipped.
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/etc")


@dataclass(frozen=True)
class Limits:
    """Per-kernel limits. Defaults suit a quiz; the tests use smaller ones."""

    memory_mb: int = 2048  # address space; Python with pandas needs ~1 GB virtual
    processes: int = 64  # processes and threads in the sandbox's user namespace
    file_mb: int = 50  # largest file the kernel may write
    cpu_seconds: int = 120  # CPU time of the kernel process
    wall_seconds: int = 300  # whole submission (per notebook); cells also time out


def available() -> tuple[bool, str]:
    """Whether isolation works here, and if not, a plain reason."""
    if platform.system() != "Linux":
        return False, f"isolation needs Linux namespaces; this is {platform.system()}"
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return False, ("bubblewrap (bwrap) is not installed; on Debian/Ubuntu: "
                       "sudo apt-get install bubblewrap")
    with tempfile.TemporaryDirectory() as tmp:
        probe = subprocess.run(bwrap_command(Path(tmp), Path(tmp), ["true"]),
                               capture_output=True, text=True)
    if probe.returncode != 0:
        reason = (probe.stderr or probe.stdout).strip().splitlines()
        return False, ("bubblewrap cannot create namespaces on this system"
                       f" ({reason[-1] if reason else 'no message'}); user namespaces may be "
                       "disabled (sysctl kernel.unprivileged_userns_clone or "
                       "user.max_user_namespaces)")
    return True, "bubblewrap with user, PID, network and mount namespaces"


def readonly_paths() -> list[Path]:
    """The Python installation, the environment and the course package, read-only."""
    import hrcourse

    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(),
             Path(hrcourse.__file__).resolve().parent}
    # A venv's interpreter may be a symlink into another installation.
    paths.add(Path(os.path.realpath(sys.executable)).parent.parent)
    return sorted(paths)


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def bwrap_command(workdir: Path, ipc_dir: Path, kernel_cmd: list[str],
                  uid: int = 65534) -> list[str]:
    """The kernel command wrapped in bubblewrap.

    As root (CI, servers), bubblewrap builds the namespaces with root's rights and then
    setpriv drops to an unprivileged uid: the kernel must not run as root, or the
    process limit would not apply. As a normal user, a user namespace maps the
    sandbox to that user.
    """
    cmd = ["bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session",
           "--hostname", "grader", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    if not running_as_root():
        cmd[1:1] = ["--unshare-user", "--uid", "65534", "--gid", "65534"]
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            cmd += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            cmd += ["--ro-bind", d, d]
    # Folders bubblewrap creates on the way to a mount point would be private to root;
    # create them first, traversable, so the unprivileged kernel can reach its mounts.
    made: set[str] = set()
    for target in [*readonly_paths(), workdir, ipc_dir]:
        for parent in reversed(Path(target).parents):
            if str(parent) not in ("/", *SYSTEM_DIRS) and str(parent) not in made:
                made.add(str(parent))
                cmd += ["--perms", "0755", "--dir", str(parent)]
    for p in readonly_paths():
        cmd += ["--ro-bind", str(p), str(p)]
    cmd += ["--bind", str(workdir), str(workdir), "--bind", str(ipc_dir), str(ipc_dir),
            "--remount-ro", "/",  # the sandbox's own root: no stray writes even there
            "--chdir", str(workdir),
            "--setenv", "HOME", str(workdir), "--setenv", "TMPDIR", "/tmp",
            "--setenv", "MPLCONFIGDIR", str(workdir / ".config" / "matplotlib"),
            "--setenv", "IPYTHONDIR", str(workdir / ".ipython"),
            "--setenv", "JUPYTER_RUNTIME_DIR", str(ipc_dir),
            "--unsetenv", "JPY_PARENT_PID",  # ipykernel exits if its 'parent' is not visible
            "--"]
    if running_as_root():
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--no-new-privs", "--"]
    return cmd + kernel_cmd


def set_limits(limits: Limits) -> None:
    """Run in the child before exec (inherited by bwrap and the kernel)."""
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb, limits.memory_mb * mb))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb, limits.file_mb * mb))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def give_to(path: Path, uid: int) -> None:
    """As root, hand a folder tree to the sandbox's unprivileged uid (nothing else)."""
    if not running_as_root():
        return
    os.chown(path, uid, uid)
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, uid)


def copy_submission(source: Path, workroot: Path) -> Path:
    """A fresh working copy of the submission's files outside the course tree."""
    target = workroot / "work"
    shutil.copytree(source, target, symlinks=False,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for sub in (".config/matplotlib", ".ipython"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    return target


class SandboxedKernelManager(AsyncKernelManager):
    """Starts the kernel inside bubblewrap, in a copy of its working folder."""

    memory_mb = Integer(Limits.memory_mb, config=True, help="Kernel address-space limit (MB).")
    processes = Integer(Limits.processes, config=True, help="Process/thread limit.")
    file_mb = Integer(Limits.file_mb, config=True, help="Largest file the kernel may write.")
    cpu_seconds = Integer(Limits.cpu_seconds, config=True, help="Kernel CPU-time limit (s).")
    uid = Integer(64000, config=True, help="Unprivileged uid the kernel runs as when the "
                                          "grader runs as root (one per worker).")
    scratch_root = Unicode("", config=True, help="Where working copies are made (default: "
                                                 "the system temp folder).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._root = Path(tempfile.mkdtemp(prefix="hrcourse-sandbox-",
                                           dir=self.scratch_root or None))
        self._ipc = self._root / "ipc"
        self._ipc.mkdir()
        self.transport = "ipc"
        self.ip = str(self._ipc / f"kernel-{uuid.uuid4().hex[:8]}")
        self.connection_file = str(self._ipc / "connection.json")
        self.workdir: Path | None = None

    @property
    def limits(self) -> Limits:
        return Limits(self.memory_mb, self.processes, self.file_mb, self.cpu_seconds)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw):
        source = Path(kw.pop("cwd", None) or os.getcwd())
        if self.workdir is None:  # a restart reuses the same working copy
            self.workdir = copy_submission(source, self._root)
            give_to(self.workdir, self.uid)
            give_to(self._ipc, self.uid)
        kw["cwd"] = str(self.workdir)
        # Signals cannot reach a kernel inside the sandbox's own session and PID
        # namespace: interrupt it (cell timeouts) with a message on its control channel.
        self.kernel_spec.interrupt_mode = "message"
        env = {k: v for k, v in (kw.get("env") or os.environ).items()
               if k not in ("JPY_PARENT_PID",)}
        kw["env"] = env
        limits = self.limits
        kw["preexec_fn"] = lambda: set_limits(limits)
        wrapped = bwrap_command(self.workdir, self._ipc, kernel_cmd, self.uid)
        return await super()._async_launch_kernel(wrapped, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._root, ignore_errors=True)
