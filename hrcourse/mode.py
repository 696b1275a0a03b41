"""Where the learner is reading: the reading mode (Voilà, which runs the whole lesson when
the page opens and shows no code) or JupyterLab (the notebook itself, run with Run All).
The few sentences that tell a learner how to see their work again depend on it.

Ground floor: imports nothing of ours.
"""

from __future__ import annotations

import os

# Voilà puts this variable in the environment of every kernel it starts for a page
# (voila/handler.py, kernel_env); JupyterLab's kernels do not have it.
READING_MODE_VARIABLE = "VOILA_BASE_URL"


def reading_mode(environ=None) -> bool:
    """True in a kernel Voilà started for a page in reading mode."""
    return READING_MODE_VARIABLE in (os.environ if environ is None else environ)


def to_show_again(environ=None) -> str:
    """What the learner does to see a change in every widget of the page (HTML)."""
    if reading_mode(environ):
        return "reload this page (the lesson runs again as it opens)"
    return "choose <strong>Run ▸ Run All Cells</strong>"
