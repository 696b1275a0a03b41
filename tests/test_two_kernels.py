"""Two tabs, two kernels, one learner: the start page and a lesson (or the same lesson twice)
open at once, both saving to the same progress file as fast as they can, never lose a
record. Real kernels (jupyter_client), as JupyterLab starts them; they wait at a barrier so
that their saves overlap."""

from __future__ import annotations

import json
import os
import time

import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = pytest.mark.kernel
SAVES = 60  # per kernel

CODE = """
import os, time
from pathlib import Path
from hrcourse import progress
from hrcourse.records import KNOWLEDGE_CHECK, REFLECTION, SELFCHECK
from hrcourse.widgets.common import save

go = Path({go!r})
while not go.exists():
    time.sleep(0.005)
problems = []
for i in range({saves}):
    problems.append(save(SELFCHECK, f"01/{tab}-{{i}}", {{"status": "correct", "attempts": i}}))
    if i % 10 == 0:
        problems.append(save(REFLECTION, "{tab}-" + str(i),
                             {{"text": "tab {tab}, save " + str(i)}}))
    # both tabs also rewrite one record they share (the last one saved stays)
    problems.append(save(KNOWLEDGE_CHECK, "pre", {{"form": "A", "answers": {{"A01": "{tab}"}},
                                                   "submitted_at": None, "attempts": 0}}))
print("DONE", sum(1 for p in problems if p), len(progress.shared().notices))
"""


def _run(client, code: str) -> str:
    return client.execute(code, store_history=False)


def _output(client, msg_id: str, timeout: float) -> str:
    text, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            text.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise AssertionError("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(text)
    raise AssertionError(f"a kernel did not finish in {timeout} s")


def test_two_kernels_saving_at_once_lose_no_record(tmp_path):
    path = tmp_path / "home" / "progress.json"
    go = tmp_path / "go"
    env = {**os.environ, "HRCOURSE_PROGRESS": str(path),
           "HRCOURSE_EXPORT": str(tmp_path / "export")}
    kernels = [start_new_kernel(startup_timeout=120, env=env) for _ in range(2)]
    try:
        sent = [(client, _run(client, CODE.format(go=str(go), saves=SAVES, tab=tab)))
                for tab, (_manager, client) in zip(("start", "lesson"), kernels, strict=True)]
        time.sleep(1.0)  # both are waiting at the barrier
        go.touch()
        outputs = [_output(client, msg_id, timeout=240) for client, msg_id in sent]
    finally:
        for manager, client in kernels:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    assert outputs == ["DONE 0 0\n", "DONE 0 0\n"], outputs
    saved = json.loads(path.read_text(encoding="utf-8"))
    for tab in ("start", "lesson"):
        mine = {k for k in saved["records"]["selfcheck"] if k.startswith(f"01/{tab}-")}
        assert len(mine) == SAVES, (tab, len(mine))
        assert {k for k in saved["records"]["reflection"] if k.startswith(tab)} == {
            f"{tab}-{i}" for i in range(0, SAVES, 10)}
        assert all(saved["stamps"]["selfcheck"][k] for k in mine)
    assert saved["records"]["knowledge-check"]["pre"]["answers"]["A01"] in ("start", "lesson")
    assert not [p.name for p in path.parent.iterdir()
                if p.name not in ("progress.json", "progress.json.lock")]
