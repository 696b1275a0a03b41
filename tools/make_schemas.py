"""Write the JSON Schema of every content kind to data/schemas/<kind>.schema.json, and
the editor's mapping of data files to schemas to .vscode/settings.json.

    python tools/make_schemas.py          # or: make schemas
    python tools/make_schemas.py --check  # exit 1 and name the stale files

The schemas are generated from the content models (hrcourse/content/<kind>.py): change a
model, run this, commit both. tests/test_schemas.py fails while a schema is stale.
"""

from __future__ import annotations

import sys

from hrcourse.content import repo_root
from hrcourse.content.schemas import expected, stale


def main(argv: list[str]) -> int:
    root = repo_root()
    if argv == ["--check"]:
        out = stale(root)
        for path in out:
            print(f"stale: {path.relative_to(root)} (run: make schemas)")
        return 1 if out else 0
    if argv:
        print(__doc__)
        return 2
    for path, text in expected(root).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
