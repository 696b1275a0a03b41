"""Where progress is saved, and a one-click export of the learner's work with download
links (the writing is hrcourse.export's)."""

from __future__ import annotations

import html

import ipywidgets as W

from hrcourse import export, progress
from hrcourse.widgets.common import box, html_widget, notices_widget
from hrcourse.widgets.completion import LessonDone
from hrcourse.widgets.downloads import download_link

PRIVACY = (
    "<p><strong>What is kept, and where.</strong> Nothing is sent to the course's authors or "
    "anyone else.</p><ul>"
    "<li><strong>Your progress file</strong>, <code>{where}</code>, on the computer that runs "
    "the course (on Binder: inside the Binder session, deleted when the session ends). It "
    "holds what you answer, choose or write in the activities (self-check answers, case "
    "paths, stance ratings, reflections, the relapse-prevention plan, knowledge-check "
    "answers, lessons marked complete) and when each was last "
    "saved.</li>"
    "<li><strong>A copy in this browser</strong> (its own storage for this web address), so "
    "that a new session in the same browser can offer your work back. It stays until you "
    "clear it below or clear this site's data in the browser. Anyone who uses this browser "
    "profile, and other pages served from the same web address (on Binder, other projects' "
    "sessions), could read it; if that matters to you, clear it and use the file. Browsers "
    "keep such storage separately for each web address, and "
    "Binder may open a later session at another address, where this copy cannot be seen: "
    "the progress file below is the way that always works.</li>"
    "<li><strong>What you download</strong> (your progress file, your summary) goes only "
    "where you save it.</li></ul>")


class BrowserCopyControl:
    """Clear this browser's copy (and keep none), or keep one again."""

    def __init__(self, store):
        self.store = store
        self.button = W.Button(layout=W.Layout(width="max-content"))
        self.button.on_click(lambda _: self.toggle())
        self.status = html_widget()
        self.widget = W.VBox([self.status, self.button])
        store.observe(lambda _c: self.show(), names=["loaded", "off", "error"])
        self.show()

    def show(self) -> None:
        store = self.store
        if store.error:
            self.status.value = (f"<p>ℹ This browser does not let the course keep a copy "
                                 f"({html.escape(store.error)}).</p>")
        elif store.off:
            self.status.value = "<p>This browser keeps no copy of your progress.</p>"
        else:
            self.status.value = ("<p>This browser keeps a copy of your progress as you "
                                 "work.</p>" if store.loaded else "")
        self.button.description = ("Keep a copy in this browser" if store.off
                                   else "Clear this browser's copy")
        self.button.layout.display = "none" if store.error or not store.loaded else "block"

    def toggle(self) -> None:
        if self.store.off:
            self.store.turn_on()
        else:
            self.store.turn_off()


class MyWork:
    def __init__(self):
        from hrcourse.widgets import browser_store
        from hrcourse.widgets.resume import ProgressDownload, binder_note

        store = browser_store.shared()
        where = progress.shared().path
        self.button = W.Button(description="Prepare my summary", button_style="primary",
                               tooltip="Write a summary of your work and show download links",
                               layout=W.Layout(width="max-content"))
        self.button.on_click(lambda _: self.export())
        self.links = html_widget()
        self.download = ProgressDownload()
        self.browser_copy = BrowserCopyControl(store)
        self.widget = W.VBox([notices_widget(), html_widget(binder_note()), html_widget(box(
            PRIVACY.format(where=html.escape(str(where))), "note")),
            html_widget("<p><strong>To continue later</strong>, download your progress and "
                        "bring it back with <em>Continue where I left off</em> on the start "
                        "page. <strong>To keep a readable record</strong>, prepare your "
                        "summary.</p>"),
            W.HBox([self.download.button, self.button]), self.download.link, self.links,
            self.browser_copy.widget, store])

    def export(self):
        return export_into(self.links)


def export_into(links: W.HTML) -> dict:
    """Write the summary and show its download links in `links`."""
    try:
        paths = export.write_summary()
    except OSError as err:
        links.value = box(f"ℹ Could not write the summary ({html.escape(str(err))}).", "note")
        return {}
    mimes = {"md": "text/markdown", "html": "text/html", "csv": "text/csv"}
    items = "".join(f"<li>{download_link(p, mimes[k])}</li>" for k, p in paths.items())
    folder = html.escape(str(paths["md"].parent))
    links.value = box(f"<p>✔ Summary written to <code>{folder}</code> (also in the file "
                      f"browser on the left).</p><ul>{items}</ul>", "feedback")
    return paths


def show() -> W.VBox:
    return MyWork().widget


class KeepMyWork:
    """The end of a lesson: mark it complete, download my progress, or prepare my summary."""

    def __init__(self, lesson: str | None = None):
        from hrcourse.widgets import browser_store
        from hrcourse.widgets.resume import ProgressDownload, binder_note

        self.done = LessonDone(lesson) if lesson else None

        self.download = ProgressDownload()
        self.summary = W.Button(description="Prepare my summary",
                                tooltip="Write a readable summary of your work",
                                layout=W.Layout(width="max-content"))
        self.summary.on_click(lambda _: self.export())
        self.links = html_widget()
        self.widget = W.VBox([html_widget(box(
            "<p><strong>Before you stop:</strong> your work is saved as you go. To continue "
            "in a new session, download your progress and bring it back with <em>Continue "
            "where I left off</em> on the start page.</p>" + binder_note(), "note")),
            W.HBox([self.download.button, self.summary]), self.download.link, self.links,
            browser_store.shared()])
        if self.done:
            self.widget.children = (self.done.widget, *self.widget.children)

    def export(self):
        return export_into(self.links)


def keep_my_work(lesson: str | None = None) -> W.VBox:
    return KeepMyWork(lesson).widget
