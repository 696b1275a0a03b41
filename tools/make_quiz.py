"""Create an nbgrader instructor notebook (in source/) from a quiz spec in YAML.

    python tools/make_quiz.py my_quiz.yml           # writes source/<id>/<id>.ipynb

The notebook, not the spec, is the source of truth afterwards: edit it in JupyterLab
with nbgrader's Create Assignment toolbar. Keep specs private (they hold the key).
The spec's format is the content model QuizSpec (hrcourse/content/quiz_spec.py, schema in
data/schemas/quiz_spec.schema.json); a malformed spec is refused with file, item and field.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from hrcourse.content import ContentError
from hrcourse.content.quiz_spec import load_quiz_spec
from hrcourse.instructor.quiz_notebook import build

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    try:
        spec = load_quiz_spec(Path(argv[0]))
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    target = ROOT / "source" / spec.id / f"{spec.id}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(build(spec), target)
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
