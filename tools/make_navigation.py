"""Regenerate navigation, lesson headers, key terms, the course map and the glossary.

    python tools/make_navigation.py          # write
    python tools/make_navigation.py --check  # exit 1 if anything is out of date
"""

from __future__ import annotations

import sys

from hrcourse.navigation import build


def main(argv: list[str]) -> int:
    check = "--check" in argv
    outcome = build(check=check)
    for name in outcome.missing:
        print(f"warning: notebooks/{name} is listed in data/course.yml but does not exist")
    if outcome.changed:
        verb = "out of date" if check else "updated"
        print(f"{verb}: {', '.join(outcome.changed)}")
        return 1 if check else 0
    print("navigation is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
