"""The gain view for people: readable tables (plain column names, whole percentages), the
chart of each objective before and after, and the one-sentence description that is also
the chart's alt text. The numbers come from gain.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrcourse.instructor.report.model import ClassReport, Gain, ReportError
from hrcourse.instructor.report.text import fmt_number, shorten

if TYPE_CHECKING:
    import pandas as pd

G_CLASS = "Class gain from the means (Hake's g)"
G_INDIVIDUAL = "Mean of the students' own gains"


def fmt_g(value: float) -> str:
    """A gain to two decimals, or 'undefined' (a perfect pre-test leaves no room)."""
    return "undefined" if value != value else f"{value:.2f}"


def _gain(report: ClassReport) -> Gain:
    if getattr(report, "gain", None) is None:
        raise ReportError(f"{report.assignment} has no learning gain: it is shown for the "
                          f"knowledge check once both forms have been graded")
    return report.gain


def _pct(series: pd.Series) -> pd.Series:
    return series.round(0).astype("Int64")


def summary_lines(gain: Gain) -> list[str]:
    """The gain at a glance, in sentences (the page's list and the command's output)."""
    s = gain.summary
    waiting = f", {s['waiting']} with a form not fully graded yet" if s["waiting"] else ""
    lines = [f"{s['matched']} student(s) graded on both forms (pre-test form A: "
             f"{s['pre_first_A']}, form B: {s['pre_first_B']}); {s['unmatched']} unmatched "
             f"({s['only_one_form']} with one form only, {s['neither']} with neither{waiting}),"
             f" listed by name below."]
    if s["matched"]:
        lines.append(f"Mean pre-test {fmt_number(s['pre_mean'])}%, mean post-test "
                     f"{fmt_number(s['post_mean'])}% (change {s['change']:+.0f} points).")
        lines.append(f"{G_CLASS}: {fmt_g(s['g_class'])}.")
        perfect = len(s["perfect_pre"])
        left = (f"; {perfect} student(s) with a perfect pre-test left out, their gain is "
                f"undefined" if perfect else "")
        lines.append(f"{G_INDIVIDUAL}: {fmt_g(s['g_mean_individual'])} (over "
                     f"{s['g_students']} student(s){left}).")
    return lines


def _summary_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    s = _gain(report).summary
    rows = [("Students graded on both forms (matched)", str(s["matched"])),
            ("Unmatched (one form or none)", str(s["unmatched"])),
            ("Mean pre-test %", fmt_number(s["pre_mean"])),
            ("Mean post-test %", fmt_number(s["post_mean"])),
            (G_CLASS, fmt_g(s["g_class"])),
            (G_INDIVIDUAL, fmt_g(s["g_mean_individual"])),
            ("Students in that mean (pre-test below 100%)", str(s["g_students"]))]
    return pd.DataFrame(rows, columns=["Measure", "Value"])


def _students_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    t = _gain(report).students
    return pd.DataFrame({"Name": t["name"], "Pre-test form": t["pre_form"],
                         "Pre %": _pct(t["pre"]), "Post-test form": t["post_form"],
                         "Post %": _pct(t["post"]), "Change (points)": _pct(t["change"]),
                         "Own gain g": [fmt_g(g) for g in t["g"]]}, index=t.index)


def _objectives_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    from hrcourse.instructor.report.build import objective_text

    t = _gain(report).objectives
    return pd.DataFrame({"Objective": t["objective"],
                         "Description": [objective_text(o) for o in t["objective"]],
                         "Items per form": t["items"], "Pre %": _pct(t["pre"]),
                         "Post %": _pct(t["post"]), "Change (points)": _pct(t["change"]),
                         "Gain g": [fmt_g(g) for g in t["g"]]})


def _items_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    t = _gain(report).items
    return pd.DataFrame({"Item": t["item"], "Objective": t["objective"],
                         "Form A question": [shorten(q, 60) for q in t["question_a"]],
                         "Form B question": [shorten(q, 60) for q in t["question_b"]],
                         "Pre % correct": _pct(t["pre"]), "Post % correct": _pct(t["post"]),
                         "Change (points)": _pct(t["change"]), "Gain g": [fmt_g(g) for g in t["g"]],
                         "Moved least": t["moved_least"].map({True: "◀ moved least",
                                                              False: ""})})


def _unmatched_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    t = _gain(report).unmatched
    return pd.DataFrame({"Student": t["student"], "Name": t["name"],
                         "Forms graded": t["forms graded"], "Why unmatched": t["reason"]})


VIEWS = {"gain": _summary_view, "gain_students": _students_view,
         "gain_objectives": _objectives_view, "gain_items": _items_view,
         "gain_unmatched": _unmatched_view}


def describe_gain(gain: Gain) -> str:
    """The objective chart in one sentence: also its alt text."""
    t = gain.objectives.dropna(subset=["pre", "post"])
    if t.empty:
        return "No objective has matched students yet."
    parts = [f"{o} from {p:.0f}% to {q:.0f}%" for o, p, q in
             zip(t["objective"], t["pre"], t["post"], strict=True)]
    least = t.loc[t["change"].idxmin()]
    return (f"Paired bars show, for each of the {len(t)} objectives, the matched students' "
            f"mean share correct before (hatched) and after (solid): {'; '.join(parts)}. "
            f"Objective {least['objective']} moved least ({least['change']:+.0f} points).")


def gain_chart(gain: Gain):
    from hrcourse.plots import paired_hbar

    t = gain.objectives
    return paired_hbar([f"{o} ({n})" for o, n in zip(t["objective"], t["items"], strict=True)],
                       [v if v == v else 0.0 for v in t["pre"]],
                       [v if v == v else 0.0 for v in t["post"]],
                       ("before (pre-test)", "after (post-test)"),
                       "Knowledge check: each objective before and after",
                       "Matched students' mean share correct (%)", (0, 105))
