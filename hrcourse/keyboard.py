"""Keys pressed in a course widget belong to the widget, not to JupyterLab.

In a notebook, JupyterLab reads the arrow keys, Enter and Space as its own shortcuts
(arrows move between cells), so a keyboard user could not move between a question's
radio buttons or press a focused button. An invisible widget placed in a course widget
gives every control of the output it sits in Lumino's `data-lm-suppress-shortcuts`
attribute (Lumino looks for it on the focused element itself), after which the browser's
own keyboard behaviour applies there (Tab, Shift+Tab, arrows, Space, Enter). Tab leads
out of the widget again, and a click elsewhere returns to the notebook. It also names each
group of radio buttons, which ipywidgets does not, so that the arrow keys stay within one
question (and a screen reader says "2 of 4").

The ground floor: imports nothing of ours; anywidget only when a widget is made.
"""

from __future__ import annotations

ESM = """
const FOCUSABLE = "input, button, select, textarea, a[href], [tabindex]";
const SUPPRESS = "data-lm-suppress-shortcuts";
function protect(out) {
  for (const e of out.querySelectorAll(FOCUSABLE)) {
    if (!e.hasAttribute(SUPPRESS)) e.setAttribute(SUPPRESS, "true");
  }
  // ipywidgets leaves radio buttons without a name, so the browser treats every such
  // radio on the page as one group: the arrow keys ran on into the next question.
  for (const box of out.querySelectorAll(".widget-radio-box")) {
    if (!box.dataset.hrGroup) {
      box.dataset.hrGroup = "hr-radio-" + Math.random().toString(36).slice(2);
    }
    for (const radio of box.querySelectorAll("input[type=radio]")) {
      if (radio.name !== box.dataset.hrGroup) radio.name = box.dataset.hrGroup;
    }
  }
}
function watch(el, tries) {
  const out = el.isConnected && el.closest(".jp-OutputArea-output");
  if (out) {
    protect(out);
    // Widgets re-render their controls (a new scene, new options): mark those too.
    new MutationObserver(() => protect(out)).observe(out, {childList: true, subtree: true});
  } else if (tries > 0) {
    requestAnimationFrame(() => watch(el, tries - 1));
  }
}
export default {
  render({ el }) {
    el.style.display = "none";
    watch(el, 600);
  },
};
"""


def keys_stay_here():
    """The invisible widget; put it inside the widget whose keys it protects."""
    import anywidget

    class KeysStayHere(anywidget.AnyWidget):
        _esm = ESM

    return KeysStayHere(layout={"display": "none"})
