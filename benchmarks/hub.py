"""Benchmark: what one student's server costs on the class hub (memory; root, Linux).

    sudo .venv/bin/python -m benchmarks.hub

One temporary student account on the test hub (hub/jupyterhub_config.py): memory of all
the student's processes when their server is idle, then after running every lesson
through the server (each lesson in its own kernel, left open as JupyterLab leaves the
kernel of every notebook a student opened), then with those kernels shut down. The
figures ground the per-user limits in hub/z2jh/values.yaml (docs/instructor-guide.md).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from hrcourse.content import repo_root
from tests.support.hub import (
    ClassAccounts,
    Hub,
    KernelSession,
    can_run_a_class,
    memory_of,
    wait_for,
)

SETTLE = 5  # seconds for a server or kernel to finish its start-up allocations


def lesson_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def line(label: str, mem: dict[str, float]) -> str:
    return f"{label:<44} {mem['rss']:>8.0f} {mem['pss']:>8.0f}"


def main() -> int:
    reason = can_run_a_class()
    if reason:
        print(f"bench_hub {reason}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="hrcourse-hub-bench-"))
    work.chmod(0o755)
    accounts = ClassAccounts(students=("solo",))
    hub = None
    try:
        accounts.create()
        hub = Hub(work, accounts)
        student = accounts.students["solo"]
        uid = accounts.uid(student)
        hub.start_server(student)
        time.sleep(SETTLE)
        print(f"{'one student (MiB)':<44} {'RSS':>8} {'PSS':>8}")
        print(line("server idle (JupyterLab, no kernel)", memory_of(uid)))
        lessons = sorted((repo_root() / "notebooks").glob("*.ipynb"))
        peak = {"rss": 0.0, "pss": 0.0}
        for lesson in lessons:
            started = time.perf_counter()
            with KernelSession(hub, student, "notebooks", timeout=300, keep=True) as kernel:
                for code in lesson_cells(lesson):
                    kernel.execute(code)
            time.sleep(SETTLE)
            mem = memory_of(uid)
            peak = {k: max(peak[k], mem[k]) for k in peak}
            print(line(f"+ {lesson.stem[:30]} ({time.perf_counter() - started:.0f} s)", mem))
        print(line(f"all {len(lessons)} lessons open (peak)", peak))
        for kernel in hub.user_api(student, "api/kernels"):
            hub.request(f"/user/{student}/api/kernels/{kernel['id']}", "DELETE")
        wait_for(lambda: not hub.user_api(student, "api/kernels"), 60, "kernels to stop")
        time.sleep(SETTLE)
        print(line("kernels shut down, server kept", memory_of(uid)))
    finally:
        if hub:
            hub.stop()
        accounts.remove()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
