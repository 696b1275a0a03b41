"""Benchmark: execute every lesson headless and print wall time beside the floor.

    make bench        (or: python -m benchmarks.lessons)

The floor is an empty notebook's kernel start, measured in the same run, so the
numbers say what the lesson itself costs on this machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from hrcourse.content import repo_root

# Kernels share IPython's history database; one kernel waiting on another's lock
# stalls a run (nbgrader passes the same flag for the same reason).
NO_HISTORY = ["--HistoryManager.hist_file=:memory:"]
REPEATS = 3  # kernel start and shutdown vary by a few seconds now and then


def run_notebook(nb, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", extra_arguments=NO_HISTORY,
                   shutdown_kernel="immediate",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def import_time(module: str, repeats: int = 5) -> float:
    """Median seconds for a fresh interpreter to import `module`, minus a bare start."""
    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = statistics.median(once("pass") for _ in range(repeats))
    loaded = statistics.median(once(f"import {module}") for _ in range(repeats))
    return max(0.0, loaded - bare)


def main() -> int:
    folder = repo_root() / "notebooks"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HRCOURSE_PROGRESS"] = str(Path(tmp) / "progress.json")
        os.environ["HRCOURSE_EXPORT"] = str(Path(tmp) / "export")
        empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
        floor = statistics.median(run_notebook(nbformat.from_dict(empty), folder)
                                  for _ in range(REPEATS))
        print(f"median of {REPEATS} runs each")
        print(f"{'notebook':48} {'wall s':>8} {'floor s':>8} {'above floor':>12}")
        total = 0.0
        for path in sorted(folder.glob("*.ipynb")):
            seconds = statistics.median(run_notebook(nbformat.read(path, as_version=4), folder)
                                        for _ in range(REPEATS))
            total += seconds
            print(f"{path.name:48} {seconds:8.2f} {floor:8.2f} {seconds - floor:12.2f}")
        print(f"{'all notebooks':48} {total:8.2f}")
    print(f"\nimport hrcourse:          {import_time('hrcourse') * 1000:7.1f} ms")
    print(f"import hrcourse.widgets.vignette (first widget): "
          f"{import_time('hrcourse.widgets.vignette') * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
