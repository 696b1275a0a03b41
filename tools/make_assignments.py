"""Build the item-bank quizzes into source/ and regenerate the student versions in
assignments/ from source/.

    python tools/make_assignments.py                 # this repository (make assignments)
    python tools/make_assignments.py --course DIR    # a course folder of your own

Every data/quizzes/<id>.yml becomes source/<id>/<id>.ipynb, drawn with the term salt and
merged with the private bank named in the course's nbgrader_config.py (c.QuizBank); then
nbgrader writes assignments/. Do not edit those notebooks by hand: edit the data file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hrcourse.content import ContentError, repo_root
from hrcourse.instructor.bank_notebook import write_sources
from hrcourse.instructor.course import CourseError, generate_all


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=None,
                        help="course folder with nbgrader_config.py (default: this repository)")
    args = parser.parse_args(argv)
    root = (args.course or repo_root()).resolve()
    try:
        for path in write_sources(root):
            print(f"wrote {path.relative_to(root)}")
    except (ContentError, CourseError) as err:
        print(f"make_assignments: {err}", file=sys.stderr)
        return 1
    for name in generate_all(root):
        print(f"generated assignments/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
