"""The report page's learning-gain section (knowledge check, forms A and B): the gain at a
glance, how to read it, the objectives chart with its description, and the tables. One
HTML fragment that the page places after its glance; it renders its own few tables (the
readable views, every cell escaped, headers as <th scope="col">), so it depends on none of
the page's internals."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from hrcourse.instructor.report.gain_views import G_CLASS, G_INDIVIDUAL, summary_lines
from hrcourse.instructor.report.model import ClassReport
from hrcourse.instructor.report.views import view

if TYPE_CHECKING:
    import pandas as pd


def _e(value: object) -> str:
    """Escaped text; '–' for a missing number."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    return html.escape(str(value))


def _table(frame: pd.DataFrame, index: bool = False, flag_column: str | None = None) -> str:
    """A table with column headers; rows with text in `flag_column` are highlighted and keep
    the text, so the mark never depends on colour alone."""
    frame = frame.reset_index() if index else frame
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        flagged = flag_column is not None and bool(values[frame.columns.get_loc(flag_column)])
        cells = "".join(f"<td>{_e(v)}</td>" for v in values)
        rows.append(f'<tr class="flag">{cells}</tr>' if flagged else f"<tr>{cells}</tr>")
    return (f'<div style="overflow-x:auto"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _figure(png: str, description: str) -> str:
    return (f'<figure><img src="data:image/png;base64,{png}" alt="{_e(description)}" '
            f'style="max-width:100%"><figcaption>{_e(description)}</figcaption></figure>')

CSV_HELP = {  # the tables output.py writes beside the page when there is a gain
    "gain_students": "each matched student's pre-test and post-test form and score, change "
                     "and own g",
    "gain_objectives": "each objective's mean share before and after, change and g",
    "gain_items": "each item pair's share correct before and after, change, g, moved least",
    "gain_unmatched": "every student not matched, with the reason",
}

HOW_TO_READ = f"""<dl>
<dt>Pre-test and post-test</dt><dd>Each student's pre-test is the form they submitted first,
their post-test the other form (or the order set with <code>--pre-form</code>). Only students
graded on both forms (matched) count in the figures below; everyone else is listed as
unmatched.</dd>
<dt>Normalized gain g</dt><dd>The share of the possible improvement that was achieved:
(post − pre) / (100 − pre), with scores in percent (Hake, 1998). 0 means no change, 1 means
everything missed before was right after, a negative value means a fall.</dd>
<dt>{G_CLASS}</dt><dd>g computed from the class's mean pre-test and mean post-test.</dd>
<dt>{G_INDIVIDUAL}</dt><dd>The average of each matched student's own g. A student who scored
100% on the pre-test has no room to improve, so their g is undefined and they are left out
of this average (named above). The two figures differ when students start at different
levels; report which one you use.</dd>
<dt>Moved least</dt><dd>Items are compared pair by pair (item n of form A with item n of
form B, which check the same objective). The quarter of the pairs with the smallest change,
and any pair that did not rise, are marked: topics to teach again, or items to review.</dd>
<dt>What the gain does not say</dt><dd>It is the change in one short check between two
dates, for these students: not a grade, not a measure of the course alone (students learn
elsewhere too, and the forms are parallel, not identical), and with a small class a few
students move it a lot.</dd></dl>"""


def gain_section(report: ClassReport, images: dict[str, tuple[str, str]]) -> str:
    """The section's HTML ('' if the report has no gain)."""
    gain = report.gain
    if gain is None:
        return ""
    lines = "".join(f"<li>{_e(x)}</li>" for x in summary_lines(gain))
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in gain.notes)
    parts = [f"<h2>Learning gain: knowledge check, forms A and B</h2><ul>{lines}</ul>{notes}",
             f"<h3>How to read the gain</h3>{HOW_TO_READ}"]
    if gain.summary["matched"]:
        figure = _figure(*images["gain"]) if "gain" in images else ""
        parts += [f"<h3>Gain by learning objective</h3>{figure}"
                  f"{_table(view(report, 'gain_objectives'))}",
                  f"<h3>Items, the ones that moved least first</h3>"
                  f"{_table(view(report, 'gain_items'), flag_column='Moved least')}",
                  f"<h3>Students</h3><details><summary>Show the {gain.summary['matched']} "
                  f"matched students</summary>"
                  f"{_table(view(report, 'gain_students'), index=True)}</details>"]
    if len(gain.unmatched):
        parts.append(f"<h3>Unmatched students</h3><p>Not in the gain figures, with the reason."
                     f"</p>{_table(view(report, 'gain_unmatched'))}")
    parts.append("<p>Beside this page, unrounded for spreadsheets: "
                 + ", ".join(f"<code>{name}.csv</code> ({_e(text)})"
                             for name, text in CSV_HELP.items()) + ".</p>")
    return "".join(parts)
