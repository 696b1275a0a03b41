"""nbgrader's Execute step, made robust to a cell that kills the kernel, and optionally
isolated in a sandbox.

Plain nbgrader gives up on the whole notebook when the kernel dies, so a student whose
cell calls os._exit() (or runs out of memory) gets no grade and no feedback. Here the
cell that killed the kernel gets an error output that says so, the kernel is restarted,
the cells before it are replayed quietly (to restore imports and answers), and grading
goes on with the next cell. Cells that errored before are not replayed.
"""

from __future__ import annotations

import copy

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

from hrcourse.instructor.sandbox import SandboxedKernelManager

KERNEL_DIED = ("The grading kernel stopped while running this cell (for example, the code "
               "ended the Python process or used more memory than allowed). The grader "
               "restarted it and went on with the next cell; this cell earns no points.")


class RobustExecute(Execute):
    max_kernel_restarts = Integer(3, config=True,
                                  help="Kernel restarts allowed per notebook before giving up.")

    def preprocess(self, nb, resources=None, km=None):
        self._restarts = 0
        self._broken: set[int] = set()
        return super().preprocess(nb, resources, km=km)

    def preprocess_cell(self, cell, resources, index):
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            if self._restarts >= self.max_kernel_restarts:
                raise
            self._restarts += 1
            self._broken.add(index)
            cell.outputs.append(NotebookNode(output_type="error", ename="KernelDied",
                                             evalue=KERNEL_DIED, traceback=[KERNEL_DIED]))
            run_sync(self._restart_and_replay)(index)
            return cell, self.resources

    async def _restart_and_replay(self, upto: int) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        await self.km.restart_kernel(now=True)
        await self.async_start_new_kernel_client()
        for index, earlier in enumerate(self.nb.cells[:upto]):
            if earlier.cell_type != "code" or index in self._broken or any(
                    o.get("output_type") == "error" for o in earlier.get("outputs", [])):
                continue
            # Run a copy: the real cell keeps the outputs it produced the first time.
            await self.async_execute_cell(copy.deepcopy(earlier), index, store_history=False)


class IsolatedExecute(RobustExecute):
    """The same, with each kernel in a sandbox (see hrcourse.instructor.sandbox)."""

    def __init__(self, **kwargs):
        # nbgrader's Execute forces AsyncKernelManager unless a class is passed here,
        # which is why a kernel-manager setting in nbgrader_config.py never takes effect.
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(**kwargs)
