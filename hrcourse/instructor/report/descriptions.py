"""One sentence per chart, written from the numbers: shown under the chart and used as
its alt text, so a reader who cannot see the picture loses nothing essential."""

from __future__ import annotations

from hrcourse.instructor.report.model import NO_ANSWER, ClassReport
from hrcourse.instructor.report.text import fmt_number


def describe_scores(report: ClassReport) -> str:
    s = report.summary
    return (f"A histogram of the {s['submitted']} submitted scores in 10-point bands: the "
            f"median is {fmt_number(s['median'])}%, the middle half of the class scored "
            f"between {fmt_number(s['q1'])}% and {fmt_number(s['q3'])}%, and scores ran from "
            f"{fmt_number(s['min'])}% to {fmt_number(s['max'])}%.")


def describe_items(report: ClassReport) -> str:
    items = report.items
    flagged = items[items["flag"] != ""]["label"].tolist()
    plotted = items["difficulty"].notna() & items["discrimination"].notna()
    missing = items[~plotted]["label"].tolist()
    verb = "falls" if len(flagged) == 1 else "fall"
    where = (f"{len(flagged)} {verb} in the shaded review zones ({', '.join(flagged)})"
             if flagged else "none falls in the shaded review zones")
    left_out = (f"; {', '.join(missing)} not shown (no grades, or everyone scored alike)"
                if missing else "")
    return (f"Each marker is one of the {len(items)} items, placed by share of points earned "
            f"(across) and discrimination (up); {where}{left_out}.")


def describe_mastery(report: ClassReport) -> str:
    table = report.objectives.dropna(subset=["class_mastery"])
    if table.empty:
        return "No objective has graded items yet."
    weakest = table.loc[table["class_mastery"].idxmin()]
    strongest = table.loc[table["class_mastery"].idxmax()]
    level = report.settings.mastery_level
    below = int((table["class_mastery"] < level).sum())
    return (f"Bars show the class average on each of the {len(table)} learning objectives: "
            f"the weakest is {weakest['objective']} ({weakest['class_mastery']:.0%}) and the "
            f"strongest {strongest['objective']} ({strongest['class_mastery']:.0%}); the dashed "
            f"line marks the {level:.0%} mastery level, which {below} objective(s) fall short "
            f"of.")


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def describe_options(report: ClassReport, item_label: str) -> str:
    rows = report.options[(report.options["label"] == item_label)
                          & (report.options["option"] != NO_ANSWER)]
    keys = rows[rows["is_key"]]
    lure = rows[rows["most_common_wrong"]]
    if len(keys) == 1:
        text = f"For {item_label}, the key {keys['option'].iloc[0]}) was chosen by " \
               f"{keys['share'].iloc[0]:.0%}"
    else:
        text = (f"For {item_label}, the key options {_and(list(keys['option']))} were "
                f"ticked by {_and([f'{v:.0%}' for v in keys['share']])}")
    if not lure.empty:
        row = lure.iloc[0]
        quoted = row["text"].strip().strip('"“”').rstrip(".")  # the option may quote a client
        answer = f": “{quoted}”" if quoted else ""
        text += f"; the most common wrong answer was {row['option']}) ({row['share']:.0%}){answer}"
    return text + "."
