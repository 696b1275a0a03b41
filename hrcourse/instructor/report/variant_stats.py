"""How each variant of an item-bank slot worked: difficulty and discrimination per
variant, and a flag on a slot whose variants differ in difficulty by more than 15 points
(then they are not interchangeable: the instructor retires or rewrites one).

With three variants, each is seen by a third of the class, and a third of 40 students is
a small sample: two variants of equal difficulty seen by 13 students each differ by about
20 points in one class out of three by chance alone. So a slot is flagged only when the
gap between its hardest and easiest variant is over 15 points AND larger than chance
would give (a two-proportion z-test, two-sided, 5%, Bonferroni-corrected for the slot's
pairs of variants, since the hardest and easiest are picked after looking); every slot's
gap is shown, so a large gap that is not yet significant can be watched over terms.

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


def beyond_chance(hard: dict, easy: dict, pairs: int = 1, alpha: float = 0.05) -> bool:
    """Whether two variants' difficulties differ by more than chance would give (pooled
    two-proportion z-test, two-sided at `alpha` shared among `pairs` comparisons; a share
    of points stands in for a proportion right)."""
    import math
    from statistics import NormalDist

    z_limit = NormalDist().inv_cdf(1 - alpha / (2 * pairs))
    n1, n2 = hard["graded"], easy["graded"]
    pooled = (hard["difficulty"] * n1 + easy["difficulty"] * n2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    gap = easy["difficulty"] - hard["difficulty"]
    return gap > 0 if se == 0 else gap / se > z_limit


def variant_table(items: list[Item], points: pd.DataFrame, totals: pd.Series,
                  spread: float = VARIANT_SPREAD) -> pd.DataFrame | None:
    """One row per variant: item, slot, variant, students shown it, difficulty (share of
    points earned), discrimination (corrected item-total correlation: the variant's score
    against the rest of the test, among the students shown it), flag, and gap (the slot's
    easiest minus hardest variant's difficulty)."""
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
        known = [r for r in mine if r["graded"]]
        gap = float("nan")
        if len(known) >= 2:
            hard = min(known, key=lambda r: r["difficulty"])
            easy = max(known, key=lambda r: r["difficulty"])
            gap = easy["difficulty"] - hard["difficulty"]
            pairs = len(known) * (len(known) - 1) // 2
            if gap > spread and beyond_chance(hard, easy, pairs):
                for r in mine:
                    r["flag"] = (f"variants differ by {round(100 * gap)} points in "
                                 f"difficulty (more than {spread:.0%}, and more than chance "
                                 f"gives): not interchangeable; review {hard['variant']} "
                                 f"(hardest) and {easy['variant']} (easiest)")
        for r in mine:
            r["gap"] = gap
        rows += mine
    if not rows:
        return None
    return pd.DataFrame(rows)
