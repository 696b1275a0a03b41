"""The graded items: read from the instructor version in source/ (objectives, kinds, keys,
question text), then reconciled with the gradebook, which decides what counts."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from hrcourse.instructor.report.model import Item, ReportError
from hrcourse.logic.click_items import parse_slot_test, quiz_start

if TYPE_CHECKING:
    import pandas as pd

_KEY = re.compile(r"quiz\.grade\(\s*(\d+)\s*,\s*key\s*=\s*(['\"])(.*?)\2")
_START = re.compile(r"quiz\.start\(\s*(['\"])(.+?)\1")
_OPTION = re.compile(r"^\s*[-*]\s+\*\*([a-z])\)\*\*\s*(.+?)\s*$", re.MULTILINE)


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def stem_summary(markdown: str) -> str:
    """The question itself, without its heading, option list or instructions."""
    kept = [line.strip() for line in markdown.splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "-", "*"))]
    return " ".join(kept)


def _ask_stem(source: str) -> str:
    """The first variant's case from a `quiz.ask_slot(n, slot, {variant: {stem, ...}})`
    cell, read as data ('' if it cannot be)."""
    import ast

    try:
        call = ast.parse(source).body[0].value
        shown = ast.literal_eval(call.args[2])
        return str(next(iter(shown.values()))["stem"])
    except (SyntaxError, ValueError, TypeError, IndexError, KeyError, AttributeError,
            StopIteration, RecursionError):
        return ""


def items_from_notebook(nb: dict, notebook: str) -> list[Item]:
    """The graded cells of one instructor notebook (pure: takes the parsed JSON)."""
    cells = nb.get("cells", [])
    quiz_id = next((m.group(2) for c in cells if c.get("cell_type") == "code"
                    for m in [_START.search(_text(c))] if m), notebook)
    started = next((quiz_start(_text(c)) for c in cells if c.get("cell_type") == "code"
                    and "quiz.start" in _text(c)), None)
    salt = started[1] if started else ""
    by_id = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): _text(c) for c in cells}
    items = []
    for cell in cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if not grading.get("grade"):
            continue
        meta = cell.get("metadata", {}).get("hrcourse", {})
        grade_id, points = grading.get("grade_id", ""), float(grading.get("points", 0))
        if "item" in meta:
            number = int(meta["item"])
            keys = {int(m.group(1)): m.group(3) for m in _KEY.finditer(_text(cell))}
            stem = by_id.get(f"q{number}_stem", "")
            variants = tuple(str(v) for v in meta.get("variants", ()))
            key, question, texts = keys.get(number, ""), stem_summary(stem), \
                dict(_OPTION.findall(stem))
            slot = parse_slot_test(_text(cell)) if "slot" in meta else None
            if slot is not None and len(slot.variants) == 1:  # one case: its key and texts
                only = next(iter(slot.variants.values()))
                key, texts = only.key, dict(only.options)
                question = stem_summary(_ask_stem(by_id.get(f"q{number}_ask", "")))
            items.append(Item(notebook, grade_id, meta.get("kind", "single"),
                              str(meta.get("objective", "")), points, number,
                              str(meta.get("options", "")), key, quiz_id, question, texts,
                              str(meta.get("slot", "")), variants, salt))
        elif meta.get("written"):
            prompt = by_id.get(f"{grade_id}_prompt", "")
            items.append(Item(notebook, grade_id, "written", str(meta.get("objective", "")),
                              points, quiz_id=quiz_id, question=stem_summary(prompt)))
        else:
            items.append(Item(notebook, grade_id, "other", "", points, quiz_id=quiz_id))
    return items


def load_items(source: Path, assignment: str) -> list[Item]:
    """Items of every notebook in source/<assignment>/ (the instructor version)."""
    folder = Path(source) / assignment
    paths = sorted(folder.glob("*.ipynb"))
    if not paths:
        raise ReportError(f"no instructor notebook for {assignment!r} in {folder}: the report "
                          f"needs it for the items' objectives, kinds and keys")
    items = []
    for path in paths:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ReportError(f"{path} is not a readable notebook: {err}") from err
        items.extend(items_from_notebook(nb, path.stem))
    return items


def merge_items(items: list[Item], cells: pd.DataFrame) -> tuple[list[Item], list[str]]:
    """Items as graded: the gradebook decides which cells count and their points; the
    instructor version adds objectives and keys. Disagreements become notes."""
    notes = []
    by_id = {i.id: i for i in items}
    merged = []
    for row in cells.itertuples(index=False):
        key = f"{row.notebook}/{row.cell}"
        item = by_id.pop(key, None)
        if item is None:
            notes.append(f"The graded cell {key} is in the gradebook but not in source/; it "
                         f"counts in totals but has no objective.")
            item = Item(row.notebook, row.cell, "other", "", float(row.max_score))
        elif abs(item.max_points - float(row.max_score)) > 1e-9:
            notes.append(f"{key} is worth {row.max_score:g} points in the gradebook but "
                         f"{item.max_points:g} in source/; the gradebook's value is used "
                         f"(regenerate the assignment if source/ is right).")
            item = replace(item, max_points=float(row.max_score))
        merged.append(item)
    for key in by_id:
        notes.append(f"{key} is in source/ but not in the gradebook (added after release?); "
                     f"it is left out.")
    merged.sort(key=lambda i: (i.notebook, i.number is None, i.number or 0, i.cell))
    return merged, notes
