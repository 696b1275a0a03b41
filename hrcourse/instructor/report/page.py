"""The HTML page: one self-contained file (charts embedded as PNG), readable in any
browser without help, with a section on how to read each figure."""

from __future__ import annotations

import html
import numbers
from datetime import datetime
from typing import TYPE_CHECKING

from hrcourse.instructor.report.descriptions import describe_options
from hrcourse.instructor.report.gain_page import gain_section
from hrcourse.instructor.report.model import CHOICE_KINDS, CSV_TABLES, ClassReport, Settings
from hrcourse.instructor.report.text import fmt_number
from hrcourse.instructor.report.views import view

if TYPE_CHECKING:
    import pandas as pd

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:68rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
h1{margin-bottom:.2rem} h2{margin-top:2.5rem;border-bottom:2px solid #0072B2}
.meta{color:#555} .demo{background:#fff4d6;border:2px solid #E69F00;padding:.6rem 1rem}
.note{background:#eef6fb;border-left:4px solid #0072B2;padding:.5rem 1rem;margin:.5rem 0}
table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0} tr:nth-child(even) td{background:#fafafa}
tr.flag td{background:#fff1e6} td.num{text-align:right} td.text{min-width:10rem}
td.share{white-space:nowrap}
.bar{background:#e6e6e6;width:10rem;height:.9rem;display:inline-block;vertical-align:middle}
.bar span{background:#0072B2;height:100%;display:block}
figure{margin:1rem 0} figcaption{font-style:italic;color:#333;max-width:48rem}
dt{font-weight:bold;margin-top:.6rem} details summary{cursor:pointer;font-weight:bold}
"""

CSV_HELP = {
    "items": "one row per item: objective, kind, key, points, how many graded, difficulty "
             "(share of points, 0–1), discrimination (item-rest correlation), strong and weak "
             "students' shares, flag",
    "options": "one row per option of each choice item (and one for no answer): times chosen, "
               "share of submitters, whether it is the key or the most common wrong answer",
    "objectives": "one row per learning objective: items, points, class average share, share "
                  "of students who mastered it",
    "students": "one row per student on the roster: submitted, score (nbgrader's total), "
                "percent, grades not given yet, share of each objective's points",
    "scores": "students per 10-point score band",
}


def _e(value: object) -> str:
    """Escaped text; numbers without needless decimals (4, not 4.0); '–' for missing."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    return html.escape(str(value))


def _td(value: object) -> str:
    # numpy numbers are numbers.Real too; bool is an int to Python but reads as a word
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f'<td class="num">{_e(value)}</td>'
    if isinstance(value, str) and len(value) > 40:
        return f'<td class="text">{_e(value)}</td>'
    return f"<td>{_e(value)}</td>"


def _table(frame: pd.DataFrame, index: bool = False, flag_column: str | None = None) -> str:
    """An HTML table; rows with text in `flag_column` get a highlight (and keep the text,
    so the flag never depends on colour alone)."""
    frame = frame.reset_index() if index else frame
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        flagged = flag_column is not None and bool(values[frame.columns.get_loc(flag_column)])
        cells = "".join(_td(v) for v in values)
        rows.append(f'<tr class="flag">{cells}</tr>' if flagged else f"<tr>{cells}</tr>")
    return (f'<div style="overflow-x:auto"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _figure(png: str, description: str) -> str:
    return (f'<figure><img src="data:image/png;base64,{png}" alt="{_e(description)}" '
            f'style="max-width:100%"><figcaption>{_e(description)}</figcaption></figure>')


def _glance(report: ClassReport) -> str:
    s = report.summary
    absent = (f", {s['not_submitted']} did not (they are left out of every figure below)"
              if s["not_submitted"] else "")
    lines = [f"{s['roster']} student(s) on the roster; {s['submitted']} submitted{absent}."]
    if s["submitted"]:
        lines.append(f"Average score {fmt_number(s['mean'])}% (median "
                     f"{fmt_number(s['median'])}%) out of {s['max_score']:g} points.")
        lines.append(f"{s['flagged']} of {s['items']} items flagged for review.")
    if s["not_graded"]:
        lines.append(f"{s['not_graded']} grade(s) not given yet (written answers waiting in the "
                     f"formgrader): totals count them as 0, as nbgrader does, so those scores "
                     f"will rise; item and objective figures use graded answers only.")
    if 0 < s["submitted"] < 30:
        lines.append(f"With only {s['submitted']} submissions, read discrimination as a rough "
                     f"guide: one student can move it a lot.")
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in report.notes)
    return "<ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>" + notes


def _how_to_read(settings: Settings) -> str:
    return f"""<dl>
<dt>Share correct (difficulty)</dt><dd>The share of an item's points the class earned. For a
one-point question it is the share of students who got it right; for a written answer worth
4 points, an average of 3 points is 75%. Below {settings.flag_difficulty:.0%} the item is
flagged: <em>most students missed it: check the key (or rubric) and the teaching</em>.</dd>
<dt>Discrimination</dt><dd>Whether the item separates students who did well on the rest of
the assignment from those who did not: the correlation between the item's score and the
score on all the other items (the point-biserial for right-or-wrong items), from −1 to 1.
As a rule of thumb 0.3 or more is good, 0.2 to 0.3 fair, below 0.2 weak. Below
{settings.flag_discrimination:.2f} the item is flagged: <em>strong and weak students answer
it alike: the wording may be unclear</em>, or two options may both be defensible. A negative
value means weaker students did better than stronger ones: check the key first.</dd>
<dt>Strong and weak students</dt><dd>The share correct among the top and the bottom
{settings.group_share:.0%} of the class by total score. A good item shows a clear gap.</dd>
<dt>Most common wrong answer</dt><dd>For each choice question, the wrong option chosen most
often: it shows which misconception is common in the class and worth a lesson.</dd>
<dt>Mastery</dt><dd>The share of a learning objective's points a student earned, over all
graded items tied to that objective (choice and written). A student has mastered it at
{settings.mastery_level:.0%} or more.</dd>
<dt>Flags</dt><dd>A flag is a prompt to look, not a verdict: a hard item on a topic that
needs more teaching can be a good item.</dd></dl>"""


def _option_row(row) -> str:
    note = "✔ key" if row.is_key else "◀ most common wrong" if row.most_common_wrong else ""
    bar = (f'<span class="bar"><span style="width:{100 * row.share:.0f}%"></span></span> '
           f"{100 * row.share:.0f}%")
    return (f'<tr><td class="share">{_e(row.option)}</td><td>{_e(row.text)}</td>'
            f'<td class="share">{note}</td>'
            f'<td class="num">{row.chosen}</td><td class="share">{bar}</td></tr>')


def _options_html(report: ClassReport) -> str:
    parts = []
    for item in report.items[report.items["kind"].isin(CHOICE_KINDS)].itertuples():
        rows = report.options[report.options["item"] == item.Index]
        body = "".join(_option_row(r) for r in rows.itertuples())
        parts.append(
            f"<h3>{_e(item.label)} · objective {_e(item.objective)} · key {_e(item.key)}</h3>"
            f"<p>{_e(item.question)}</p><table><thead><tr><th>Option</th><th>Answer</th>"
            f"<th>Note</th><th>Students</th><th>Share</th></tr></thead><tbody>{body}</tbody>"
            f"</table><p>{_e(describe_options(report, item.label))}</p>")
    return "".join(parts) or "<p>This assignment has no choice questions.</p>"


def render_html(report: ClassReport, images: dict[str, tuple[str, str]]) -> str:
    """The report page. `images`: chart name -> (base64 PNG, description)."""
    title = f"Class report: {report.assignment}"
    head = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}"
            f"</title><style>{CSS}</style></head><body><h1>{_e(title)}</h1>"
            f"<p class='meta'>Generated {datetime.now():%Y-%m-%d %H:%M} from the gradebook, the "
            f"instructor version in source/ and the students' saved answers"
            f"{' in ' + _e(report.course) if report.course else ''}.</p>")
    if report.demo:
        head += ("<p class='demo'><strong>Demo:</strong> a synthetic class of fictional "
                 "students on a demo quiz. Nothing here is real student data.</p>")
    body = [f"<h2>At a glance</h2>{_glance(report)}", gain_section(report, images)]
    if report.empty:
        return head + "".join(body) + "</body></html>"

    def figure(name: str) -> str:  # a chart left out of `images` is simply not shown
        return _figure(*images[name]) if name in images else ""

    body += [
        f"<h2>How to read this report</h2>{_how_to_read(report.settings)}",
        f"<h2>Score distribution</h2>{figure('scores')}"
        f"{_table(view(report, 'scores'))}",
        f"<h2>Items</h2>{figure('items')}<h3>Flagged for review</h3>"
        + (_table(view(report, "flagged").drop(columns=["Graded"]))
           if report.summary["flagged"] else "<p>No item is flagged.</p>")
        + f"<h3>All items</h3>{_table(view(report, 'items'), flag_column='Flag')}",
        f"<h2>Answer choices</h2><p>How often each option was chosen, from the students' "
        f"saved clicks.</p>{_options_html(report)}",
        f"<h2>Mastery by learning objective</h2>{figure('mastery')}"
        f"{_table(view(report, 'objectives'))}",
        f"<h2>Students</h2><details><summary>Show all {len(report.students)} students"
        f"</summary>{_table(view(report, 'students'), index=True)}</details>",
        "<h2>Tables for spreadsheets</h2><p>Beside this page, in the same folder:</p><ul>"
        + "".join(f"<li><code>{n}.csv</code>: {_e(CSV_HELP[n])}</li>" for n in CSV_TABLES)
        + "</ul>",
    ]
    return head + "".join(body) + "</body></html>"
