"""Continue where I left off (start page): restore from this browser's copy or from a
progress file, and the download of that file. The logic is in hrcourse.resume."""

from __future__ import annotations

import html
import os

import ipywidgets as W

from hrcourse import export, mode, progress, records, resume
from hrcourse.records import Context
from hrcourse.widgets import browser_store
from hrcourse.widgets.common import box, html_widget
from hrcourse.widgets.downloads import data_link

# Set in every session BinderHub starts (binderhub/binderspawner_mixin.py, get_env).
BINDER_VARIABLES = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL",
                    "BINDER_REF_URL", "BINDER_PERSISTENT_REQUEST")
# mybinder.org usage guidelines, "How long will my Binder session last?" (Binder Project,
# n.d., https://mybinder.readthedocs.io/en/latest/about/user-guidelines.html).
BINDER_SESSION = ("A Binder session ends after <strong>10 minutes without activity</strong> "
                  "(an open JupyterLab tab in the foreground usually counts as activity), and "
                  "mybinder.org aims to keep a session for <strong>up to six hours</strong>. "
                  "When it ends, everything in it is deleted (<a href=\"https://mybinder.readthedocs"
                  ".io/en/latest/about/user-guidelines.html\" target=\"_blank\">mybinder.org "
                  "usage guidelines</a>, n.d.).")


def on_binder(environ=os.environ) -> bool:
    return any(environ.get(name) for name in BINDER_VARIABLES)


def binder_note() -> str:
    """The Binder reminder, or '' elsewhere."""
    if not on_binder():
        return ""
    return box(f"<p><strong>You are using Binder.</strong> {BINDER_SESSION} Download your "
               "progress before you stop, and bring it back here next time.</p>", "note")


def describe(doc: dict) -> str:
    """What a copy holds, in one sentence of HTML."""
    context = Context(vignette_lesson=export.vignette_lesson)
    o = resume.overview(doc, lambda section, key: records.lesson_of(section, key, context))
    if o.is_empty():
        return "no saved work"
    parts = ", ".join(f"{records.noun(s)}: {n}" for s, n in o.sections.items())
    lessons = (f" in lesson{'s' if len(o.lessons) > 1 else ''} {', '.join(o.lessons)}"
               if o.lessons else "")
    return (f"{o.records} saved record{'s' if o.records != 1 else ''}{lessons} ({parts}); "
            f"last saved {html.escape(resume.readable_time(o.last_saved))}")


def merge_report(result: resume.Merge, source: str) -> str:
    if not result.changes_anything():
        return f"<p>✔ Nothing new: everything in {source} was already here.</p>"
    lines = [f"<p>✔ From {source}: {len(result.added)} record(s) added, "
             f"{len(result.updated)} replaced by a newer version.</p>"]
    if result.conflicts:
        items = []
        for c in result.conflicts:
            winner = source if c.kept == "file" else "this session"
            lost = html.escape(_short(c.set_aside))
            why = ("it was submitted, or a submitted attempt used it" if c.by_weight
                   else "it is newer")
            items.append(f"<li><strong>{html.escape(records.noun(c.section))}: "
                         f"{html.escape(c.key)}</strong>: both had a different version; the "
                         f"one from {winner} is used ({why}). The other is kept under "
                         f"<em>earlier versions</em> in your summary: <q>{lost}</q></li>")
        lines.append("<p><strong>Conflicts</strong> (nothing was thrown away):</p>"
                     f"<ul>{''.join(items)}</ul>")
    lines.append(f"<p>To see your work here, {mode.to_show_again()}. "
                 "Every lesson shows it when you open it.</p>")
    return "".join(lines)


def _short(value, limit: int = 160) -> str:
    text = value.get("text", value) if isinstance(value, dict) else value
    text = text if isinstance(text, str) else str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def download_link(doc: dict) -> str:
    """A link that saves the progress file, and where a copy was written."""
    text = resume.download_text(doc)
    name = resume.download_name()
    where = ""
    try:
        copy = export.write_progress_copy(name, text)
        where = (f" A copy is also in <code>{html.escape(str(copy.parent))}</code> (file "
                 "browser on the left).")
    except OSError:
        pass
    link = data_link(name, text.encode("utf-8"), "application/json")
    return (f"<p>✔ {link}: keep it on your computer. Next time, "
            f"open <em>Start here</em> and use <strong>Continue where I left off</strong>."
            f"{where}</p>")


class ProgressDownload:
    """One button: "Download my progress", and the link it prepares."""

    def __init__(self):
        self.button = W.Button(description="Download my progress", icon="download",
                               tooltip="A file with all your saved work, to bring back next "
                                       "time", layout=W.Layout(width="max-content"))
        self.button.on_click(lambda _: self.prepare())
        self.link = html_widget()
        self.widget = W.VBox([self.button, self.link])

    def prepare(self) -> str:
        doc = progress.shared().load()
        if not any(doc["records"].values()):
            self.link.value = "<p>ℹ Nothing is saved yet, so there is nothing to download.</p>"
        else:
            self.link.value = download_link(doc)
        return self.link.value


class ContinuePanel:
    """Restore from this browser's copy or from a progress file."""

    def __init__(self, store: browser_store.BrowserStore | None = None):
        self.store = store or browser_store.shared()
        self.browser = html_widget()
        self.restore = W.Button(description="Restore", button_style="primary",
                                tooltip="Bring this browser's copy into this session")
        self.not_now = W.Button(description="Not now", tooltip="Leave it; ask again next time")
        self.forget = W.Button(description="Forget it",
                               tooltip="Delete this browser's copy of your progress")
        self.restore.on_click(lambda _: self.restore_from_browser())
        self.not_now.on_click(lambda _: self.dismiss())
        self.forget.on_click(lambda _: self.forget_browser_copy())
        self.choices = W.HBox([self.restore, self.not_now, self.forget],
                              layout=W.Layout(display="none"))
        self.browser_result = html_widget()
        self._dismissed = False

        self.upload = W.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Choose my progress file",
                                   layout=W.Layout(width="max-content"))
        self.upload.observe(lambda _c: self.read_upload(), names="value")
        self.file_message = html_widget()
        self.merge_button = W.Button(description="Merge into my progress",
                                     button_style="primary")
        self.cancel_button = W.Button(description="Cancel")
        self.merge_button.on_click(lambda _: self.merge_upload())
        self.cancel_button.on_click(lambda _: self.cancel_upload())
        self.file_choices = W.HBox([self.merge_button, self.cancel_button],
                                   layout=W.Layout(display="none"))
        self._incoming: dict | None = None
        self.download = ProgressDownload()

        self.widget = W.VBox([
            html_widget(binder_note()),
            html_widget("<h4>From this browser</h4>"), self.browser, self.choices,
            self.browser_result,
            html_widget("<h4>From a progress file</h4><p>If you downloaded your progress "
                        "before, choose that file (named like "
                        f"<code>{resume.download_name()}</code>). It is checked first; "
                        "nothing changes until you press <em>Merge</em>.</p>"),
            self.upload, self.file_message, self.file_choices,
            html_widget("<h4>Before you stop</h4>"), self.download.widget,
            self.store])
        self.store.observe(lambda _c: self.show_browser(), names=["loaded", "held", "off",
                                                                  "error"])
        self.show_browser()

    # this browser's copy ----------------------------------------------------------------
    def show_browser(self) -> None:
        store, offer = self.store, False
        if not store.loaded:
            text = "<p>Looking for a copy of your progress in this browser…</p>"
        elif store.error:
            text = ("<p>ℹ This browser does not let the course keep a copy of your progress "
                    f"({html.escape(store.error)}). Use the progress file instead.</p>")
        elif store.off:
            text = ("<p>This browser keeps no copy of your progress: you turned it off (see "
                    "<em>What is saved, and where</em>).</p>")
        elif store.unreadable():
            kept = (f" It was kept in <code>{html.escape(str(store.kept_at))}</code> (and in "
                    "this browser) before the browser began a new copy." if store.kept_at else
                    " It is kept: before the browser keeps a new copy, the old one is saved in "
                    "a file beside your progress file.")
            text = ("<p>ℹ This browser holds a copy of your progress that the course cannot "
                    f"read: {html.escape(store.unreadable())}{kept}</p>")
        else:
            held = store.held_doc()
            here = progress.shared().load()
            if held and resume.missing_here(here, held) and not self._dismissed:
                offer = True
                text = (f"<p><strong>Progress from {html.escape(self._date(held))} found in "
                        f"this browser</strong>: {describe(held)}.</p>")
            elif held:
                text = ("<p>This browser keeps a copy of your progress as you work; there is "
                        "nothing in it that this session lacks.</p>")
            else:
                text = ("<p>No copy of your progress in this browser yet; from now on it "
                        "keeps one as you work.</p>")
        self.browser.value = text
        self.choices.layout.display = "flex" if offer else "none"

    @staticmethod
    def _date(doc: dict) -> str:
        stamp = resume.overview(doc, lambda s, k: None).last_saved
        return resume.readable_time(stamp).split(",")[0]

    def restore_from_browser(self) -> resume.Merge | None:
        held = self.store.held_doc()
        if not held:
            self.browser_result.value = "<p>ℹ This browser's copy is gone.</p>"
            return None
        unread = "".join(f"<p>ℹ In this browser's copy, {html.escape(item.describe())}: it is "
                         "kept under <em>earlier versions</em> in your summary.</p>"
                         for item in resume.read(self.store.held)[1])
        result = self._merge(held, resume.restore_from_browser)
        self.browser_result.value = box(merge_report(result, "this browser") + unread,
                                        "feedback")
        self.show_browser()
        return result

    def dismiss(self) -> None:
        self._dismissed = True
        self.browser_result.value = ("<p>Left as it is. The copy stays in this browser; "
                                     "this page offers it again next time.</p>")
        self.show_browser()

    def forget_browser_copy(self) -> None:
        self._dismissed = True
        self.store.forget()
        self.browser_result.value = ("<p>✔ This browser's copy was deleted. From now on it "
                                     "keeps a copy of this session's work.</p>")
        self.show_browser()

    # a progress file ----------------------------------------------------------------------
    def read_upload(self) -> dict | None:
        self._incoming = None
        self.file_choices.layout.display = "none"
        files = self.upload.value
        if not files:
            return None
        upload = files[0]
        try:
            incoming, set_aside = resume.read(bytes(upload["content"]))
        except resume.Refused as refused:
            self.file_message.value = box(f"<p>✘ {html.escape(str(refused))}</p><p>Nothing "
                                          "was changed.</p>", "note")
            return None
        here = progress.shared().load()
        plan = resume.merge(here, incoming)
        name = html.escape(str(upload.get("name", "the file")))
        unread = "".join(f"<p>ℹ In {name}, {html.escape(item.describe())}: it will be kept "
                         "under <em>earlier versions</em> in your summary.</p>"
                         for item in set_aside)
        if not plan.changes_anything():
            self.file_message.value = box(f"<p><strong>{name}</strong> holds "
                                          f"{describe(incoming)}.</p>{unread}<p>✔ Everything "
                                          "in it is already here; nothing to merge.</p>",
                                          "feedback")
            return incoming
        conflicts = (f" {len(plan.conflicts)} record(s) differ from what is here; the newer "
                     "one of each will be used and the other kept as an earlier version."
                     if plan.conflicts else "")
        self.file_message.value = box(
            f"<p><strong>{name}</strong> holds {describe(incoming)}.</p><p>Merging adds "
            f"{len(plan.added)} record(s) and replaces {len(plan.updated)} with newer "
            f"versions.{conflicts}</p>{unread}", "feedback")
        self._incoming = incoming
        self.file_choices.layout.display = "flex"
        return incoming

    def merge_upload(self) -> resume.Merge | None:
        if self._incoming is None:
            return None
        result = self._merge(self._incoming)
        self._incoming = None
        self.file_choices.layout.display = "none"
        self.file_message.value = box(merge_report(result, "your file"), "feedback")
        return result

    def cancel_upload(self) -> None:
        self._incoming = None
        self.file_choices.layout.display = "none"
        self.file_message.value = "<p>Cancelled; nothing was changed.</p>"

    def _merge(self, incoming: dict, how=resume.merge) -> resume.Merge:
        outcome = {}

        def apply(here: dict) -> dict:
            outcome["merge"] = how(here, incoming)
            return outcome["merge"].doc

        progress.shared().modify(apply)
        return outcome["merge"]


def show() -> W.VBox:
    return ContinuePanel().widget
