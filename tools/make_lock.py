"""Regenerate requirements.lock from pyproject.toml, resolved for the oldest supported
Python (so the pins install on every supported version), using pip's resolver.

    make lock

Then update the pins in environment.yml to match (tests/test_dependencies.py checks).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLDEST = "3.11"
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
               "--only-binary=:all:", "--python-version", OLDEST, "--target", tmp,
               "--report", str(report), f"{ROOT}[test,hub]"]
        for platform in PLATFORMS:
            cmd += ["--platform", platform]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            print(done.stdout[-4000:], done.stderr[-4000:], file=sys.stderr)
            return done.returncode
        installs = json.loads(report.read_text())["install"]
    pins = sorted((i["metadata"]["name"], i["metadata"]["version"]) for i in installs
                  if i["metadata"]["name"] != "hrcourse")
    header = (f"# Exact pins for pip (Python {OLDEST}-3.13; resolved for the oldest, {OLDEST}).\n"
              "# Regenerate with: make lock\n")
    (ROOT / "requirements.lock").write_text(header + "".join(f"{n}=={v}\n" for n, v in pins))
    print(f"wrote requirements.lock ({len(pins)} packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
