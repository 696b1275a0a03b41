"""How each variant of an item-bank slot worked: difficulty and discrimination per
variant, and a flag on a slot whose variants differ in difficulty by more than 15 points
(then they are not interchangeable: the instructor retires or rewrites one).

Which variant a student saw is drawn again from the gradebook's student id, the quiz and
the term salt (hrcourse.logic.variants), the same draw as the student's notebook and the
grader. Pure: pandas in, pandas out; None for an assignment without variants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrcourse.instructor.report.item_stats import item_rest_correlation, label
from hrcourse.instructor.report.model import VARIANT_SPREAD, Item
from hrcourse.logic.variants import variant_for

if TYPE_CHECKING:
    import pandas as pd


def shown_variants(item: Item, students: list[str]) -> dict[str, str]:
    """student -> the variant of `item` they were shown."""
    return {s: variant_for(item.salt, item.quiz_id, s, item.slot, list(item.variants))
            for s in students}


def variant_table(items: list[Item], points: pd.DataFrame, totals: pd.Series,
                  spread: float = VARIANT_SPREAD) -> pd.DataFrame | None:
    """One row per variant: item, slot, variant, students shown it, difficulty (share of
    points earned), discrimination (corrected item-total correlation: the variant's score
    against the rest of the test, among the students shown it), flag."""
    import pandas as pd

    rows = []
    for item in items:
        if len(item.variants) < 2 or item.id not in points.columns:
            continue
        students = list(points.index)
        shown = shown_variants(item, students)
        share = points[item.id] / item.max_points if item.max_points else points[item.id]
        rest = totals.reindex(students).fillna(0) - points[item.id].fillna(0)
        mine = []
        for variant in item.variants:
            who = [s for s in students if shown[s] == variant]
            graded = share.loc[who].dropna()
            mine.append({"item": label(item, items), "slot": item.slot, "variant": variant,
                         "objective": item.objective, "students": len(who),
                         "graded": len(graded),
                         "difficulty": float(graded.mean()) if len(graded) else float("nan"),
                         "discrimination": item_rest_correlation(share.loc[who],
                                                                 rest.loc[who]),
                         "flag": ""})
        known = [r["difficulty"] for r in mine if r["difficulty"] == r["difficulty"]]
        if len(known) >= 2 and max(known) - min(known) > spread:
            gap = round(100 * (max(known) - min(known)))
            for r in mine:
                r["flag"] = (f"variants differ by {gap} points in difficulty (more than "
                             f"{spread:.0%}): not interchangeable; review the hardest and "
                             f"the easiest")
        rows += mine
    if not rows:
        return None
    return pd.DataFrame(rows)
