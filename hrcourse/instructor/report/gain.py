"""Learning gain between the knowledge check's two parallel forms (A and B). Pure: the
forms' points come in as tables, the gain goes out as tables; no files, no database.

Each student takes one form before the course (pre-test) and the other after it
(post-test). Which form was a student's pre-test is read from the order in which they
submitted the two (`order="time"`), or fixed for the whole class (`order="A"`: everyone
took A first; `order="B"`: everyone took B first).

Normalized gain (Hake, 1998, Am. J. Phys. 66, 64): the share of the possible improvement
that was achieved, g = (post% - pre%) / (100% - pre%). Two class-level figures are given
and named apart, because they differ whenever students start at different levels:

- `g_class` ("class gain, from the means"): g computed from the class's mean pre and mean
  post score (Hake's <g>);
- `g_mean_individual` ("mean of the students' gains"): the average of each matched
  student's own g. A student with a perfect pre-test has no room to improve, so their g is
  undefined: they are left out of this average only, and named.

Matched students are those graded on both forms; every other student is listed as
unmatched with the reason, never dropped silently.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from hrcourse.instructor.report.model import FormResults, Gain, Item
from hrcourse.logic.knowledge_check import normalized_gain as hake_gain

if TYPE_CHECKING:
    import pandas as pd

ORDERS = ("time", "A", "B")
LEAST_MOVED = 0.25  # the share of item pairs (at least one) marked as moving least


def normalized_gain(pre: float, post: float) -> float:
    """Hake's g (defined once, in hrcourse.logic.knowledge_check) for percentages on a
    0-100 scale; NaN if pre is 100 (no room to improve) or either score is missing."""
    if pre != pre or post != post:
        return float("nan")
    g = hake_gain(pre / 100, post / 100)
    return float("nan") if g is None else g


def _graded(form: FormResults) -> set[str]:
    """Submitters with a grade on every item of the form."""
    if form.points.empty:
        return set()
    ids = [i.id for i in form.items]
    complete = form.points.reindex(columns=ids).notna().all(axis=1)
    return set(complete[complete].index)


def _name(roster: pd.DataFrame, student: str) -> str:
    if student not in roster.index:
        return ""
    row = roster.loc[student]
    parts = [row.get("first_name"), row.get("last_name")]
    return " ".join(str(p) for p in parts if isinstance(p, str) and p.strip())


def _pre_form(student: str, a: FormResults, b: FormResults, order: str) -> tuple[str, bool]:
    """("A" or "B", whether the order was known) for one matched student."""
    if order in ("A", "B"):
        return order, True
    when_a, when_b = a.submitted_at.get(student), b.submitted_at.get(student)
    if when_a is None or when_b is None or when_a == when_b:
        return "A", False
    return ("A" if when_a < when_b else "B"), True


def _unmatched(roster, a: FormResults, b: FormResults, graded_a, graded_b):
    import pandas as pd

    everyone = sorted(set(roster.index) | set(a.points.index) | set(b.points.index))
    rows = []
    for student in everyone:
        took = [f.form for f, done in ((a, graded_a), (b, graded_b)) if student in done]
        if len(took) == 2:
            continue
        waiting = [f.form for f, done in ((a, graded_a), (b, graded_b))
                   if student in f.points.index and student not in done]
        if waiting:
            status = "waiting"
            reason = f"form {' and '.join(waiting)} submitted but not fully graded yet"
        elif took:
            other = "B" if took == ["A"] else "A"
            status, reason = "one form", f"took only form {took[0]}; no graded form {other}"
        else:
            status, reason = "neither", "took neither form"
        rows.append({"student": student, "name": _name(roster, student),
                     "forms graded": ", ".join(took) or "none", "status": status,
                     "reason": reason})
    return pd.DataFrame(rows, columns=["student", "name", "forms graded", "status", "reason"])


def _pairs(a: FormResults, b: FormResults, notes: list[str]) -> list[tuple[Item, Item]]:
    by_number = {i.number: i for i in b.items}
    pairs = [(i, by_number[i.number]) for i in a.items if i.number in by_number]
    if len(pairs) != len(a.items) or len(pairs) != len(b.items):
        notes.append(f"Form A has {len(a.items)} items and form B {len(b.items)}; only the "
                     f"{len(pairs)} item numbers both have are compared item by item.")
    differ = [str(x.number) for x, y in pairs if x.objective != y.objective]
    if differ:
        notes.append(f"Items {', '.join(differ)} test different objectives on the two forms, "
                     f"so their item-by-item change compares unlike items; the forms are "
                     f"meant to be parallel (same objective at the same number).")
    return pairs


def learning_gain(a: FormResults, b: FormResults, roster: pd.DataFrame,
                  order: str = "time") -> Gain:
    """The class's gain from form results already read (see the module's docstring)."""
    import pandas as pd

    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    forms = {"A": a, "B": b}
    notes: list[str] = []
    graded_a, graded_b = _graded(a), _graded(b)
    matched = sorted(graded_a & graded_b)
    unmatched = _unmatched(roster, a, b, graded_a, graded_b)

    import numpy as np

    order_known = [_pre_form(student, a, b, order) for student in matched]
    unknown_order = [s for s, (_, known) in zip(matched, order_known, strict=True) if not known]
    students = pd.DataFrame({"student": matched, "name": [_name(roster, s) for s in matched],
                             "pre_form": [f for f, _ in order_known]}).set_index("student")
    students["post_form"] = np.where(students["pre_form"] == "A", "B", "A")
    whole = {form: {"total": f.items} for form, f in forms.items()}
    students["pre"] = _by_role(students, forms, whole, "pre")["total"]
    students["post"] = _by_role(students, forms, whole, "post")["total"]
    students["change"] = students["post"] - students["pre"]
    students["g"] = [normalized_gain(x, y) for x, y in zip(students["pre"], students["post"],
                                                           strict=True)]
    students = students[["name", "pre_form", "pre", "post_form", "post", "change", "g"]]
    if unknown_order:
        notes.append(f"For {len(unknown_order)} matched student(s) the submission times do not "
                     f"say which form came first, so form A is taken as their pre-test: "
                     f"{', '.join(unknown_order)}. Use --pre-form to fix the order for the "
                     f"whole class.")
    perfect = students.index[students["pre"] >= 100].tolist()
    pre_mean = float(students["pre"].mean()) if matched else float("nan")
    post_mean = float(students["post"].mean()) if matched else float("nan")
    g_each = students["g"].dropna()
    summary = {
        "matched": len(matched), "unmatched": len(unmatched),
        "only_one_form": int((unmatched["status"] == "one form").sum()),
        "neither": int((unmatched["status"] == "neither").sum()),
        "waiting": int((unmatched["status"] == "waiting").sum()),
        "pre_first_A": int((students["pre_form"] == "A").sum()),
        "pre_first_B": int((students["pre_form"] == "B").sum()),
        "pre_mean": pre_mean, "post_mean": post_mean, "change": post_mean - pre_mean,
        "g_class": normalized_gain(pre_mean, post_mean),
        "g_mean_individual": float(g_each.mean()) if len(g_each) else float("nan"),
        "g_students": len(g_each), "perfect_pre": perfect,
    }
    if perfect:
        notes.append(f"{len(perfect)} student(s) scored 100% on the pre-test, so their own "
                     f"gain is undefined (no room to improve) and is left out of the mean of "
                     f"the students' gains (they still count in the class means): "
                     f"{', '.join(perfect)}.")
    if matched and pre_mean >= 100:
        notes.append("Every matched student scored 100% on the pre-test: the class gain is "
                     "undefined.")
    pairs = _pairs(a, b, notes)
    return Gain(summary, students, _objective_table(students, forms, pairs),
                _item_table(students, forms, pairs), unmatched, notes)


def _shares(form: FormResults, groups: dict[str, list[Item]], students) -> pd.DataFrame:
    """Students x groups: the percent of each group's points the student earned on this
    form (NaN for a group with no items on it)."""
    import pandas as pd

    points = form.points.reindex(index=students)
    columns = {}
    for key, items in groups.items():
        possible = sum(i.max_points for i in items)
        columns[key] = (100 * points[[i.id for i in items]].sum(axis=1) / possible
                        if possible else pd.Series(float("nan"), index=points.index))
    return pd.DataFrame(columns, index=points.index, columns=list(groups))


def _by_role(students: pd.DataFrame, forms: dict, groups: dict, role: str) -> pd.DataFrame:
    """Students x groups: each student's percent on the form they took as `role` ("pre"
    or "post"); `groups`: form -> {group: that form's items in it}."""
    import numpy as np
    import pandas as pd

    a = _shares(forms["A"], groups["A"], students.index)
    b = _shares(forms["B"], groups["B"], students.index)
    took_a = (students[f"{role}_form"] == "A").to_numpy()[:, None]
    return pd.DataFrame(np.where(took_a, a.to_numpy(), b.to_numpy()), index=students.index,
                        columns=a.columns)


def _objective_table(students, forms, pairs) -> pd.DataFrame:
    import pandas as pd

    objectives = sorted({x.objective for pair in pairs for x in pair if x.objective})
    groups = {form: {o: [i for i in f.items if i.objective == o] for o in objectives}
              for form, f in forms.items()}
    pre = _by_role(students, forms, groups, "pre").mean()
    post = _by_role(students, forms, groups, "post").mean()
    table = pd.DataFrame({"objective": objectives,
                          "items": [len(groups["A"][o]) for o in objectives],
                          "pre": pre.reindex(objectives).to_numpy(float),
                          "post": post.reindex(objectives).to_numpy(float)})
    table["change"] = table["post"] - table["pre"]
    table["g"] = [normalized_gain(x, y) for x, y in zip(table["pre"], table["post"],
                                                        strict=True)]
    return table


def _item_table(students, forms, pairs) -> pd.DataFrame:
    import pandas as pd

    groups = {"A": {x.number: [x] for x, _ in pairs}, "B": {x.number: [y] for x, y in pairs}}
    pre = _by_role(students, forms, groups, "pre").mean()
    post = _by_role(students, forms, groups, "post").mean()
    rows = [{"item": x.number, "objective": x.objective, "question_a": x.question,
             "question_b": y.question, "pre": float(pre.get(x.number, float("nan"))),
             "post": float(post.get(x.number, float("nan")))} for x, y in pairs]
    table = pd.DataFrame(rows, columns=["item", "objective", "question_a", "question_b", "pre",
                                        "post"])
    table["change"] = table["post"] - table["pre"]
    table["g"] = [normalized_gain(x, y) for x, y in zip(table["pre"], table["post"],
                                                        strict=True)]
    table = table.sort_values(["change", "item"], na_position="last").reset_index(drop=True)
    # The quarter of the pairs with the smallest change (at least one), and every pair whose
    # share correct did not rise at all.
    count = max(1, math.ceil(LEAST_MOVED * int(table["change"].notna().sum())))
    least = table["change"].notna() & (table.index < count)
    table["moved_least"] = least | (table["change"] <= 0)
    return table
