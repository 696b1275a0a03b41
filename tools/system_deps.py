"""Install the few system packages the test suite needs, when they are missing.

Linux only: Chromium (browser tests), bubblewrap (isolated grading), and Node.js with
npm (JupyterHub's proxy, installed into hub/ from the npm registry). Other systems get a
plain note of what to install.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys

NEEDED = {"chromium": "chromium", "bwrap": "bubblewrap", "node": "nodejs", "npm": "npm"}


def main() -> int:
    missing = [pkg for cmd, pkg in NEEDED.items() if shutil.which(cmd) is None]
    if not missing:
        return 0
    if platform.system() != "Linux" or not shutil.which("apt-get"):
        print(f"note: install {', '.join(missing)} with your system's package manager "
              "to run the browser and sandbox tests.", file=sys.stderr)
        return 0
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        subprocess.run(prefix + ["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(prefix + ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                                 *missing], check=True, env=env)
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        print(f"error: could not install {', '.join(missing)} ({err}).\n"
              f"Install them yourself, e.g.: sudo apt-get install {' '.join(missing)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
