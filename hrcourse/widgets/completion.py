"""Lessons marked complete, and the record of completion (certificate) to download.

A lesson's closing cell (generated, `course.keep_my_work("05")`) holds *Mark lesson 05
complete*; the capstone's `course.certificate()` checks the conditions
(hrcourse.logic.certificate) and writes the certificate page as HTML and PDF
(hrcourse.certificate_page) with download links, as the summary export does.
"""

from __future__ import annotations

import html
import time
import weakref

import ipywidgets as W

from hrcourse import progress, syllabus
from hrcourse.content.knowledge_check import load_knowledge_check
from hrcourse.logic import certificate as cert_logic
from hrcourse.logic import knowledge_check as check_logic
from hrcourse.markup import inline
from hrcourse.records import KNOWLEDGE_CHECK, LESSON_DONE
from hrcourse.widgets.common import box, html_widget, load, options_style, save

# The certificate makers on screen: their "still to do" list follows what the learner does
# elsewhere on the page (the after-check above, the lesson's own box below).
_MAKERS: weakref.WeakSet = weakref.WeakSet()


def refresh_certificates() -> None:
    """Show every certificate maker's conditions again (after a lesson is marked complete
    or an after-check is submitted or cleared)."""
    for maker in list(_MAKERS):
        maker.refresh()


def required_lessons() -> list[cert_logic.LessonInfo]:
    """The lessons a certificate needs: the course map after the start page."""
    out = []
    for ref in syllabus.course_map()[1:]:
        out.append(cert_logic.LessonInfo(ref.id, ref.title, syllabus.lesson(ref.id).minutes))
    return out


class LessonDone:
    """"Mark this lesson complete", saved in progress (section LESSON_DONE)."""

    def __init__(self, lesson: str):
        from hrcourse.keyboard import keys_stay_here

        self.lesson = lesson
        self.box = W.Checkbox(value=bool(load(LESSON_DONE, lesson)),
                              description=f"Mark lesson {lesson} complete", indent=False,
                              layout=W.Layout(width="max-content"))
        self.box.observe(lambda c: self.set(c["new"]), names="value")
        self.status = html_widget()
        self.keys = keys_stay_here()
        self.widget = W.VBox([self.box, self.status, self.keys])
        self._show()

    def set(self, done: bool) -> None:
        value = {"done_at": progress.now_stamp()} if done else None
        problem = save(LESSON_DONE, self.lesson, value)
        self._show(problem)
        refresh_certificates()
        self.keys.message = problem or (f"Lesson {self.lesson} marked complete." if done else
                                        f"Lesson {self.lesson} no longer marked complete.")

    def _show(self, problem: str = "") -> None:
        done = progress.shared().section(LESSON_DONE.section)
        required = [lesson.id for lesson in required_lessons()]
        count = sum(1 for lid in required if lid in done)
        text = (f"<small>{'✔ Marked complete. ' if self.box.value else ''}{count} of "
                f"{len(required)} lessons marked complete.</small>")
        self.status.value = box(inline(problem), "note") if problem else text


class CertificateMaker:
    """At the end of the capstone: the record of completion, HTML and PDF, to download."""

    def __init__(self):
        from hrcourse.keyboard import keys_stay_here

        self.name = W.Text(description="Your name as it should appear",
                           placeholder="e.g. Alex Rivera",
                           style={"description_width": "initial"},
                           layout=W.Layout(width="auto", max_width="32em"))
        self.name.add_class("hr-field")  # a focus outline that can be seen (OPTIONS_CSS)
        self.button = W.Button(description="Make my certificate", button_style="primary",
                               tooltip="Check the conditions and write the certificate",
                               layout=W.Layout(width="max-content"))
        self.button.on_click(lambda _: self.make())
        self.status = html_widget()
        self.links = html_widget()
        self.keys = keys_stay_here()
        self.widget = W.VBox([options_style(), html_widget(box(
            "<h3>Record of completion</h3><p>When every lesson is marked complete and your "
            "after-check reaches the pass mark, you can download a certificate page (HTML "
            "and PDF) with your name, the lessons, the estimated hours, your after-check "
            f"score and the date.</p><p><strong>What it is:</strong> "
            f"{html.escape(cert_logic.DISCLAIMER)}</p><p>Your name is used only to write "
            "the files on this computer; it is not saved or sent anywhere.</p>", "note")),
            self.status, self.name, self.button, self.links, self.keys])
        self.refresh()
        _MAKERS.add(self)

    def eligibility(self) -> cert_logic.Eligibility:
        check = load_knowledge_check()
        post = load(KNOWLEDGE_CHECK, check_logic.POST)
        score = None
        if post and post.get("submitted_at") and not check.keys_withheld:
            try:
                score = check_logic.score(check, post).share
            except ValueError:
                score = None
        return cert_logic.eligibility(required_lessons(),
                                      progress.shared().section(LESSON_DONE.section),
                                      score, check.pass_mark, check.keys_withheld)

    def refresh(self) -> cert_logic.Eligibility:
        status = self.eligibility()
        if status.ok:
            self.status.value = ("<p>✔ Every lesson is marked complete and your after-check "
                                 f"score ({round(100 * (status.score or 0))}%) reaches the "
                                 "pass mark. Type your name and make your certificate.</p>")
        else:
            items = "".join(f"<li>{html.escape(r)}</li>" for r in status.reasons())
            self.status.value = f"<p>ℹ Not yet: still to do</p><ul>{items}</ul>"
        return status

    def make(self) -> dict:
        from hrcourse import certificate_page, export
        from hrcourse.widgets.downloads import download_link

        status = self.refresh()
        try:
            cert = cert_logic.make(self.name.value, syllabus.course_title(),
                                   required_lessons(), status,
                                   time.strftime("%d %B %Y").lstrip("0"))
        except ValueError as err:
            self.links.value = box(f"<p>ℹ {html.escape(str(err))}</p>", "note")
            self.keys.message = str(err)
            return {}
        target = export.export_dir()
        try:
            paths = export.write_certificate(cert, target)
        except OSError as err:
            self.links.value = box(f"ℹ Could not write the certificate "
                                   f"({html.escape(str(err))}).", "note")
            return {}
        mimes = {"html": "text/html", "pdf": "application/pdf"}
        items = "".join(f"<li>{download_link(p, mimes[k])}</li>" for k, p in paths.items())
        missing = certificate_page.missing_in_pdf(cert.name)
        note = (f"<p>ℹ The PDF's font cannot draw {html.escape(' '.join(missing))} in your "
                "name, so the PDF leaves out those characters; the HTML certificate shows "
                "your name in full.</p>" if missing else "")
        self.links.value = box(f"<p>✔ Certificate written to <code>"
                               f"{html.escape(str(target))}</code> (also in the file browser "
                               f"on the left).</p><ul>{items}</ul>{note}", "feedback")
        self.keys.message = "Certificate written. Download links are below the button."
        return paths


def certificate() -> W.VBox:
    return CertificateMaker().widget
