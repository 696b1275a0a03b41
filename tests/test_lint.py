"""ruff passes on the package, the tools and the tests."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_passes():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "hrcourse", "tests", "tools",
                             "nbgrader_config.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
