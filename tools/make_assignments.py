"""Regenerate the student versions in assignments/ from the instructor versions in source/."""

from __future__ import annotations

import sys

from hrcourse.content import repo_root
from hrcourse.instructor.course import generate_all


def main() -> int:
    for name in generate_all(repo_root()):
        print(f"generated assignments/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
