"""Where progress is saved, and a one-click export of the learner's work with download links."""

from __future__ import annotations

import base64
import html

import ipywidgets as W

from hrcourse import progress, summary, syllabus
from hrcourse.widgets.common import box, html_widget, notices_widget


def readable_vignette_paths(saved: dict) -> dict[str, tuple[str, list[str]]]:
    """Each saved case as its title and the responses chosen, in plain words."""
    from hrcourse.logic import vignette
    from hrcourse.widgets.common import FIT_LABEL

    out = {}
    for vid, state in saved.items():
        try:
            run = vignette.Run.from_dict(vignette.load_vignette(vid), state)
        except Exception:  # a case removed or renamed since: keep the raw ids instead
            continue
        out[vid] = (run.vignette.title,
                    [f"{choice.text} ({FIT_LABEL[choice.fit]}; {choice.principle})"
                     for _, choice, _ in run.summary().rows])
    return out


def write_summary(directory=None) -> dict[str, object]:
    """Write summary.md/.html/.csv of everything saved; return the paths."""
    from hrcourse.logic import stance

    records = progress.shared().load()["records"]
    titles = {ref.id: ref.title for ref in syllabus.course_map()}
    try:
        labels = {d.id: d.label for d in stance.load_instrument().domains}
    except Exception:  # the export must work even if stance data is being edited
        labels = {}
    md = summary.to_markdown(records, syllabus.course_title(), titles, labels,
                             readable_vignette_paths(records.get("vignette", {})))
    target = directory or summary.export_dir()
    target.mkdir(parents=True, exist_ok=True)
    paths = {"md": target / "my-course-work.md", "html": target / "my-course-work.html",
             "csv": target / "my-course-work.csv"}
    paths["md"].write_text(md, encoding="utf-8")
    paths["html"].write_text(summary.to_html(md), encoding="utf-8")
    paths["csv"].write_text(summary.to_csv(records), encoding="utf-8")
    return paths


def download_link(path, mime: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<a download="{html.escape(path.name)}" href="data:{mime};base64,{data}">'
            f"Download {html.escape(path.name)}</a>")


class MyWork:
    def __init__(self):
        where = progress.shared().path
        self.button = W.Button(description="Prepare my summary", button_style="primary",
                               tooltip="Write a summary of your work and show download links")
        self.button.on_click(lambda _: self.export())
        self.links = html_widget()
        self.widget = W.VBox([notices_widget(), html_widget(box(
            f"<p><strong>Your progress is saved on this computer only</strong>, in "
            f"<code>{html.escape(str(where))}</code>. It holds your answers, case paths, "
            f"stance scores and reflections. Nothing is sent anywhere.</p>"
            f"<p>On Binder the session is temporary: when it ends, the file is gone. Prepare "
            f"your summary and download it before you leave.</p>", "note")),
            self.button, self.links])

    def export(self):
        try:
            paths = write_summary()
        except OSError as err:
            self.links.value = box(f"ℹ Could not write the summary ({html.escape(str(err))}).",
                                   "note")
            return {}
        mimes = {"md": "text/markdown", "html": "text/html", "csv": "text/csv"}
        items = "".join(f"<li>{download_link(p, mimes[k])}</li>" for k, p in paths.items())
        folder = html.escape(str(paths["md"].parent))
        self.links.value = box(f"<p>✔ Summary written to <code>{folder}</code> (also in the "
                               f"file browser on the left).</p><ul>{items}</ul>", "feedback")
        return paths


def show() -> W.VBox:
    return MyWork().widget
