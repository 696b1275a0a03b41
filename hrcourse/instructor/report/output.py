"""Writing the report to a folder: report.html with its charts embedded, and the CSV
tables beside it (unrounded, for spreadsheets)."""

from __future__ import annotations

from pathlib import Path

from hrcourse.instructor.report.charts import CHARTS, chart
from hrcourse.instructor.report.gain_page import CSV_HELP as GAIN_CSV_HELP
from hrcourse.instructor.report.gain_views import describe_gain, gain_chart
from hrcourse.instructor.report.model import CSV_TABLES, ClassReport, ReportError
from hrcourse.instructor.report.page import render_html

GAIN_TABLES = tuple(GAIN_CSV_HELP)  # gain_students, gain_objectives, gain_items, gain_unmatched


def default_folder(report: ClassReport) -> Path:
    """reports/<assignment>/ in the course folder (kept out of git by .gitignore)."""
    return Path(report.course) / "reports" / report.assignment


def _png(fig) -> str:
    """The figure as base64 PNG, and closed: a long notebook session must not pile them up."""
    import base64
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_csvs(report: ClassReport, out: Path) -> list[Path]:
    tables = {"items": report.items.reset_index(), "options": report.options,
              "objectives": report.objectives, "students": report.students.reset_index(),
              "scores": report.scores}
    if report.gain is not None:  # the knowledge check's gain, once both forms are graded
        gain = report.gain
        tables |= {"gain_students": gain.students.reset_index(),
                   "gain_objectives": gain.objectives, "gain_items": gain.items,
                   "gain_unmatched": gain.unmatched}
    names = [*CSV_TABLES, *GAIN_TABLES] if report.gain is not None else list(CSV_TABLES)
    if report.variants is not None:  # item-bank quizzes: one row per variant
        tables["variants"] = report.variants
        names.append("variants")
    paths = []
    for name in names:
        path = out / f"{name}.csv"
        tables[name].to_csv(path, index=False, float_format="%.4g")
        paths.append(path)
    return paths


def write(report: ClassReport, out: Path | str) -> list[Path]:
    """report.html and the CSV tables in `out`; returns their paths."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReportError(f"cannot create the output folder {out}: {err}") from err
    images = {}
    if not report.empty:  # nothing to draw; the page says why
        for name in CHARTS:
            fig, description = chart(report, name)
            images[name] = (_png(fig), description)
    if report.gain is not None and report.gain.summary["matched"]:
        images["gain"] = (_png(gain_chart(report.gain)), describe_gain(report.gain))
    page = out / "report.html"
    page.write_text(render_html(report, images), encoding="utf-8")
    return [page, *write_csvs(report, out)]
