"""Write the knowledge check's two forms as nbgrader instructor notebooks in source/, from
data/knowledge_check.yml (each item is declared there once).

    python tools/make_knowledge_check.py   # or: make assignments (this, then the student versions)

Do not edit source/knowledge_check_a or _b by hand: edit the data file and run this again.
"""

from __future__ import annotations

import sys

import nbformat

from hrcourse.content import ContentError, repo_root
from hrcourse.content.knowledge_check import load_knowledge_check
from hrcourse.instructor.knowledge_check import build_forms


def main() -> int:
    try:
        check = load_knowledge_check()
    except ContentError as err:
        print(f"make_knowledge_check: {err}", file=sys.stderr)
        return 1
    root = repo_root()
    for name, nb in build_forms(check).items():
        target = root / "source" / name / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        print(f"wrote {target.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
