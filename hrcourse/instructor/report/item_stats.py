"""How each item worked: difficulty, discrimination, strong and weak groups, a flag in
words, and how often each option was chosen. Pure: pandas in, pandas out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrcourse.instructor.report.model import CHOICE_KINDS, NO_ANSWER, Item, Settings

if TYPE_CHECKING:
    import pandas as pd

NEGATIVE = -0.1  # discrimination this far below zero is more than noise: suspect the key


def label(item: Item, items: list[Item]) -> str:
    """Short name for tables and charts: Q3, written_1; prefixed by notebook if several."""
    name = f"Q{item.number}" if item.number is not None else item.cell
    if len({i.notebook for i in items}) > 1:
        return f"{item.notebook}: {name}"
    return name


def item_difficulty(fractions: pd.DataFrame) -> pd.Series:
    """Share of the item's points earned, over the students graded on it (the classic
    p-value: for a one-point item, the share who got it right)."""
    return fractions.mean(axis=0, skipna=True)


def item_rest_correlation(item: pd.Series, rest: pd.Series) -> float:
    """Pearson correlation of an item with the rest of the test (point-biserial for a
    right/wrong item). NaN when either side does not vary: nothing to correlate."""
    import numpy as np

    both = item.notna() & rest.notna()
    x, y = item[both].to_numpy(float), rest[both].to_numpy(float)
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def discrimination(points: pd.DataFrame, totals: pd.Series) -> pd.Series:
    """Item-rest correlation of every item. The item is taken out of the total first,
    so an item is not credited for correlating with itself (matters in short quizzes)."""
    import pandas as pd

    return pd.Series({item: item_rest_correlation(points[item], totals - points[item].fillna(0))
                      for item in points.columns}, dtype=float)


def group_shares(fractions: pd.DataFrame, totals: pd.Series,
                 share: float = 0.27) -> tuple[pd.Series, pd.Series]:
    """Share of points earned on each item by the strongest and the weakest students
    (the top and bottom `share` of the class by total; ties broken by student id)."""
    size = max(1, round(share * len(totals)))
    ranked = totals.sort_index().sort_values(kind="stable").index
    lower, upper = ranked[:size], ranked[-size:]
    return fractions.loc[upper].mean(axis=0), fractions.loc[lower].mean(axis=0)


def flag_reason(difficulty: float, disc: float, settings: Settings, written: bool = False) -> str:
    """Why an item deserves a second look, in words; empty if it does not. (x == x is
    False only for NaN: an item nobody was graded on, or one without spread, is not
    flagged on that count.)"""
    reasons = []
    if difficulty == difficulty and difficulty < settings.flag_difficulty:
        reasons.append("most students missed it: check the " + ("rubric" if written else "key")
                       + " and the teaching")
    if disc == disc and disc <= NEGATIVE:
        reasons.append("weaker students did better on it than stronger ones: check the key "
                       "first, then the wording")
    elif disc == disc and disc < settings.flag_discrimination:
        reasons.append("strong and weak students answer it alike: the wording may be unclear")
    return "; ".join(reasons)


def item_statistics(items: list[Item], points: pd.DataFrame, totals: pd.Series,
                    settings: Settings) -> pd.DataFrame:
    """One row per item: what it is, how many were graded, difficulty, discrimination,
    strong/weak group shares, and the flag."""
    import pandas as pd

    meta = pd.DataFrame([{"item": i.id, "label": label(i, items), "notebook": i.notebook,
                          "cell": i.cell, "number": i.number, "kind": i.kind,
                          "objective": i.objective, "key": i.key, "max_points": i.max_points,
                          "question": i.question} for i in items],
                        columns=["item", "label", "notebook", "cell", "number", "kind",
                                 "objective", "key", "max_points", "question"]).set_index("item")
    maxima = meta["max_points"].replace(0, float("nan"))
    fractions = (points / maxima).clip(0, 1)
    upper, lower = group_shares(fractions, totals, settings.group_share)
    stats = meta.assign(
        graded=points.notna().sum(axis=0), not_graded=points.isna().sum(axis=0),
        difficulty=item_difficulty(fractions), discrimination=discrimination(points, totals),
        strong_students=upper, weak_students=lower)
    stats["flag"] = [flag_reason(d, r, settings, kind == "written") for d, r, kind
                     in zip(stats["difficulty"], stats["discrimination"], stats["kind"],
                            strict=True)]
    stats["number"] = stats["number"].astype("Int64")
    return stats


def option_counts(choices: pd.DataFrame, items: list[Item], submitted: int) -> pd.DataFrame:
    """How many students chose each option of each choice item (a ticked box counts for
    each option ticked), the key marked, the most popular wrong option marked, and how
    many gave no readable answer."""
    import pandas as pd

    columns = ["item", "label", "option", "text", "is_key", "chosen", "share",
               "most_common_wrong"]
    rows = []
    ticks = choices.assign(option=choices["answer"].str.split(",")).explode("option")
    counts = ticks.groupby(["item", "option"]).size()
    answered = choices.groupby("item")["student"].nunique()
    # a question with several variants: option "b" is another text in each (variant_stats)
    for item in (i for i in items if i.kind in CHOICE_KINDS and len(i.variants) < 2):
        key = set(item.key.split(",")) if item.key else set()
        wrong = {o: int(counts.get((item.id, o), 0)) for o in item.options if o not in key}
        popular = max(wrong, key=wrong.get) if wrong and max(wrong.values()) > 0 else None
        for option in item.options:
            chosen = int(counts.get((item.id, option), 0))
            rows.append([item.id, label(item, items), option, item.option_text.get(option, ""),
                         option in key, chosen, chosen / submitted if submitted else 0.0,
                         option == popular])
        blank = submitted - int(answered.get(item.id, 0))
        rows.append([item.id, label(item, items), NO_ANSWER, "", False, blank,
                     blank / submitted if submitted else 0.0, False])
    return pd.DataFrame(rows, columns=columns)
