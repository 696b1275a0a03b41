"""A Harm Reduction Approach to Therapy: the course package.

Lessons call these functions with one short line each, e.g. `course.vignette("line-cook")`.
Widgets are imported only when first used, so `import hrcourse` stays fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["vignette", "selfcheck", "reflection", "stance", "stance_comparison",
           "criteria_explorer", "classify_cases", "dataset_explorer", "treatment_explorer",
           "relapse_plan", "screening", "sequence", "my_work", "continue_where_i_left_off",
           "keep_my_work", "knowledge_check", "certificate"]


def _shown(widget):
    """Put any progress-file notice (e.g. a damaged file moved aside) above the widget,
    keep the keyboard's keys inside it (hrcourse.keyboard), and start mirroring saves into
    the browser's copy (once per kernel)."""
    import ipywidgets as W

    from hrcourse.keyboard import has_keys, keys_stay_here
    from hrcourse.widgets import browser_store
    from hrcourse.widgets.common import notices_widget

    browser_store.shared()
    notice = notices_widget()
    keys = [] if has_keys(widget) else [keys_stay_here()]
    return W.VBox(([notice] if notice.value else []) + [widget, *keys])


def vignette(vignette_id: str):
    """The interactive case vignette `data/vignettes/<vignette_id>.yml`."""
    from hrcourse.widgets import vignette as w

    return _shown(w.show(vignette_id))


def selfcheck(lesson: str, item_id: str | None = None):
    """All self-check items of a lesson, or the one with `item_id`."""
    from hrcourse.widgets import selfcheck as w

    return _shown(w.show(lesson, item_id))


def reflection(lesson: str):
    """The lesson's reflection prompt with a text box saved to the learner's progress."""
    from hrcourse.widgets import reflection as w

    return _shown(w.show(lesson))


def stance(when: str = "pre", review: bool = False):
    """The clinician stance self-assessment, at the start ("pre") or end ("post").
    With review=True the saved answers are shown but cannot be changed."""
    from hrcourse.widgets import stance as w

    return _shown(w.show(when, review))


def stance_comparison():
    """The learner's start and end stance profiles side by side."""
    from hrcourse.widgets import stance as w

    return _shown(w.comparison())


def criteria_explorer():
    """The DSM-5 substance use disorder criteria explorer."""
    from hrcourse.widgets import criteria as w

    return _shown(w.explorer())


def classify_cases():
    """Lesson 05: sort short cases into dependence only, use disorder, both, neither."""
    from hrcourse.widgets import criteria as w

    return _shown(w.classify_cases())


def dataset_explorer(name: str):
    """An interactive chart of `data/datasets/<name>.csv` with its source."""
    from hrcourse.widgets import dataset as w

    return _shown(w.show(name))


def treatment_explorer():
    """Treatment options side by side (lesson 06)."""
    from hrcourse.widgets import treatments as w

    return _shown(w.show())


def relapse_plan():
    """The relapse-prevention plan builder (lesson 07)."""
    from hrcourse.widgets import relapse_plan as w

    return _shown(w.show())


def screening(tool_id: str):
    """Lesson 08: score a fictional client's answers to a screening tool ("audit-c",
    "dast-10", "taps-1") with the published cut-offs, explained in words (never a
    diagnosis)."""
    from hrcourse.widgets import screening as w

    return _shown(w.show(tool_id))


def sequence(sequence_id: str):
    """Put the steps in order, e.g. "opioid-overdose" (lesson 09), with feedback per step."""
    from hrcourse.widgets import sequence as w

    return _shown(w.show(sequence_id))


def my_work():
    """What is kept where, the download of the learner's progress and of a summary."""
    from hrcourse.widgets import work as w

    return w.show()


def continue_where_i_left_off():
    """Start page: restore saved work from this browser's copy or from a progress file."""
    from hrcourse.widgets import resume as w

    return _shown(w.show())


def keep_my_work(lesson: str | None = None):
    """End of a lesson: mark it complete (if `lesson` is given), download my progress (to
    continue later) or my summary."""
    from hrcourse.widgets import work as w

    return _shown(w.keep_my_work(lesson))


def knowledge_check(when: str = "pre"):
    """The knowledge check: "pre" on the start page (no feedback), "post" at the end of the
    capstone (scores, learning gain, what to review, feedback on every question)."""
    from hrcourse.widgets import knowledge_check as w

    return _shown(w.show(when))


def certificate():
    """End of the capstone: the record of completion (HTML and PDF) to download."""
    from hrcourse.widgets import completion as w

    return _shown(w.certificate())
