"""The report's charts, drawn in the course's accessible style (hrcourse.plots): colour is
never the only cue, so marks also differ in shape, hatching or text. matplotlib is
imported only when a chart is drawn."""

from __future__ import annotations

from hrcourse.instructor.report.descriptions import (
    describe_items,
    describe_mastery,
    describe_scores,
)
from hrcourse.instructor.report.model import CHOICE_KINDS, NO_ANSWER, ClassReport
from hrcourse.instructor.report.text import shorten


def score_chart(report: ClassReport):
    from hrcourse.plots import PALETTE, course_style, figure

    bands = report.scores
    with course_style():
        fig, ax = figure(7.5, 4.2)
        xs = list(range(len(bands)))
        ax.bar(xs, bands["students"], color=PALETTE[0], edgecolor="black", linewidth=0.5)
        for x, n in zip(xs, bands["students"], strict=True):
            if n:
                ax.text(x, n, str(n), ha="center", va="bottom", fontsize=10)
        ax.set_xticks(xs, [b.rstrip("%") for b in bands["band"]])
        ax.grid(axis="x", visible=False)
        ax.set_xlabel("Total score (% of points)")
        ax.set_ylabel("Students")
        ax.set_title(f"Scores on {report.assignment}")
        fig.tight_layout()
    return fig


def item_chart(report: ClassReport):
    from hrcourse.plots import PALETTE, course_style, figure

    items, settings = report.items, report.settings
    shown = items[items["difficulty"].notna() & items["discrimination"].notna()]
    low = min(-0.2, float(shown["discrimination"].min()) - 0.1) if len(shown) else -0.2
    with course_style():
        fig, ax = figure(7.5, 5.0)
        zone = dict(facecolor=PALETTE[1], alpha=0.15, hatch="//", edgecolor=PALETTE[1],
                    linewidth=0)
        ax.axvspan(0, 100 * settings.flag_difficulty, **zone)
        ax.axhspan(low, settings.flag_discrimination, **zone)
        for is_flagged, marker, colour, name in ((False, "o", PALETTE[0], "looks fine"),
                                                 (True, "X", PALETTE[5], "flagged for review")):
            part = shown[(shown["flag"] != "") == is_flagged]
            ax.scatter(100 * part["difficulty"], part["discrimination"], marker=marker,
                       s=80 if is_flagged else 50, color=colour, edgecolor="black",
                       linewidth=0.5, label=f"{name} ({len(part)})", zorder=3)
        for row in shown.itertuples():
            ax.annotate(row.label, (100 * row.difficulty, row.discrimination), fontsize=9,
                        xytext=(5, 4), textcoords="offset points")
        ax.text(2, 0.97, "most students\nmissed it", transform=ax.get_xaxis_transform(),
                va="top", fontsize=9)
        ax.text(99, settings.flag_discrimination - 0.03, "strong and weak students alike",
                ha="right", va="top", fontsize=9)
        ax.set_xlim(0, 105)
        ax.set_ylim(low, 1.0)
        ax.set_xlabel("Share of points earned (difficulty, %): higher = easier")
        ax.set_ylabel("Discrimination (item-rest r)")
        ax.set_title(f"Items of {report.assignment}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
        fig.tight_layout()
    return fig


def mastery_chart(report: ClassReport):
    """One bar per objective; bars below the mastery level are hatched and orange (two
    channels, so colour is never the only cue); the value is written on each bar."""
    from matplotlib.patches import Patch

    from hrcourse.plots import PALETTE, course_style, figure

    table = report.objectives
    level = 100 * report.settings.mastery_level
    values = [100 * v if v == v else 0.0 for v in table["class_mastery"]]
    labels = [f"{o} ({i})" for o, i in zip(table["objective"], table["items"], strict=True)]
    with course_style():
        height = 0.42 * len(labels) + 1.8
        fig, ax = figure(7.5, height)
        ys = list(range(len(labels)))
        below = [v < level for v in values]
        ax.barh(ys, values, color=[PALETTE[1] if b else PALETTE[0] for b in below],
                edgecolor="black", linewidth=0.5)
        for y, value, low in zip(ys, values, below, strict=True):
            if low:
                ax.barh(y, value, color="none", hatch="//", edgecolor="black", linewidth=0)
            ax.text(value + 1.5, y, f"{value:.0f}%", va="center", fontsize=10,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
        ax.axvline(level, color="black", linestyle="--", linewidth=1.2)
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 112)
        ax.set_xlabel("Class average share of the objective's points (%)")
        ax.set_title(f"Mastery by learning objective: {report.assignment}")
        ax.legend(handles=[Patch(facecolor=PALETTE[0], edgecolor="black",
                                 label=f"at or above {level:.0f}%"),
                           Patch(facecolor=PALETTE[1], hatch="//", edgecolor="black",
                                 label=f"below the mastery level ({level:.0f}%, dashed)")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.6 / max(1.0, height - 1.3)),
                  ncol=2, frameon=False)  # just below the x-axis label, whatever the height
        fig.tight_layout()
    return fig


def pick_choice_item(report: ClassReport, item_label: str | None = None) -> str:
    """The label asked for, else the choice item the class found hardest."""
    choice = report.items[report.items["kind"].isin(CHOICE_KINDS)]
    if choice.empty:
        raise ValueError(f"{report.assignment} has no choice items")
    if item_label is None:
        return str(choice.sort_values("difficulty")["label"].iloc[0])
    if item_label not in set(choice["label"]):
        raise ValueError(f"no choice item {item_label!r}; choose one of "
                         f"{', '.join(choice['label'])}")
    return item_label


def option_chart(report: ClassReport, item_label: str | None = None):
    """Share choosing each option: the key solid blue and marked ✔, the most common wrong
    answer hatched orange and marked ◀ (shape and text as well as colour)."""
    from hrcourse.plots import PALETTE, course_style, figure

    item_label = pick_choice_item(report, item_label)
    rows = report.options[report.options["label"] == item_label]
    labels = [o if o == NO_ANSWER else f"{o}) {shorten(t, 32)}"
              for o, t in zip(rows["option"], rows["text"], strict=True)]
    values = [100 * v for v in rows["share"]]
    with course_style():
        fig, ax = figure(8.5, 0.5 * len(labels) + 1.4)
        ys = list(range(len(labels)))
        for y, value, key, lure in zip(ys, values, rows["is_key"], rows["most_common_wrong"],
                                       strict=True):
            colour = PALETTE[0] if key else PALETTE[1] if lure else "#bbbbbb"
            ax.barh(y, value, color=colour, hatch="//" if lure else None, edgecolor="black",
                    linewidth=0.5)
            mark = " ✔ key" if key else " ◀ most common wrong" if lure else ""
            ax.text(value + 1.5, y, f"{value:.0f}%{mark}", va="center", fontsize=10)
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 125)
        ax.set_xlabel("Students who chose it (%)")
        ax.set_title(f"Answers chosen: {item_label}")
        fig.tight_layout()
    return fig


# name -> (draw, describe): the charts the page embeds
CHARTS = {
    "scores": (score_chart, describe_scores),
    "items": (item_chart, describe_items),
    "mastery": (mastery_chart, describe_mastery),
}


def chart(report: ClassReport, name: str):
    """(figure, description) of one chart: scores, items or mastery."""
    if name not in CHARTS:
        raise ValueError(f"no chart {name!r}; choose {', '.join(CHARTS)}")
    draw, describe = CHARTS[name]
    return draw(report), describe(report)
