"""Small pieces shared by the widgets: boxes, status labels (hrcourse.wording), saving and
loading a record through its kind (hrcourse.records), progress notices."""

from __future__ import annotations

import html

import ipywidgets as W

from hrcourse import progress
from hrcourse.records import RecordKind
from hrcourse.styles import OPTIONS_CSS
from hrcourse.wording import FIT_LABEL, STATUS_LABEL  # noqa: F401  (the widgets' words)


def box(html_text: str, kind: str = "plain") -> str:
    """A bordered block; the border style (not colour alone) marks its kind."""
    styles = {
        "plain": "border:1px solid #999;",
        "feedback": "border:2px solid #0072B2;",
        "note": "border:1px dashed #666;",
        "quote": "border-left:4px solid #E69F00;",
    }
    return (f'<div class="hr-box hr-{kind}" style="{styles[kind]}padding:0.5em 0.8em;'
            f'margin:0.4em 0;border-radius:4px;">{html_text}</div>')


def options_style() -> W.HTML:
    """hrcourse.styles.OPTIONS_CSS, as a widget to place next to the options it fixes."""
    return W.HTML(OPTIONS_CSS, layout=W.Layout(height="0px", margin="0"))


def html_widget(value: str = "") -> W.HTML:
    return W.HTML(value=value, layout=W.Layout(width="100%"))


def notices_widget() -> W.HTML:
    """Plain messages from the progress store (e.g. a damaged file moved aside)."""
    notes = progress.shared().notices
    if not notes:
        return html_widget("")
    text = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
    notes.clear()
    return html_widget(box(f"<strong>About your saved progress</strong>{text}", "note"))


def save(kind: RecordKind, key: str, value) -> str:
    """Save one record of its kind, returning '' or a plain message if the disk refused
    (the learner carries on)."""
    try:
        progress.shared().set(kind.section, key, value)
        return ""
    except OSError as err:
        return (f"Your progress could not be saved ({err.strerror or err}). Your answers "
                f"stay on screen; try again later.")


def load(kind: RecordKind, key: str, default=None):
    return progress.shared().get(kind.section, key, default)
