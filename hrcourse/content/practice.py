"""Everything a learner practises on, as plain text by file, for the check that graded
items test transfer (hrcourse.logic.item_overlap): self-checks, vignettes, the top-level
data files (the knowledge check among them), the practice quiz and the lessons' notebooks.
"""

from __future__ import annotations

import json

from hrcourse.content import data_dir, repo_root

PATTERNS = ("selfchecks/*.yml", "vignettes/*.yml", "*.yml", "quizzes/quiz0_*.yml")


def practice_texts() -> dict[str, str]:
    """label (a path) -> the text of everything learners practise on."""
    texts: dict[str, str] = {}
    base = data_dir()
    for pattern in PATTERNS:
        for path in sorted(base.glob(pattern)):
            texts[f"data/{path.relative_to(base).as_posix()}"] = path.read_text(encoding="utf-8")
    for path in sorted((repo_root() / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[f"notebooks/{path.name}"] = "\n".join("".join(c["source"]) for c in cells)
    return texts
