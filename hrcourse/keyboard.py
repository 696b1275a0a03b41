"""Keys pressed in a course widget belong to the widget, not to JupyterLab.

In a notebook, JupyterLab reads the arrow keys, Enter and Space as its own shortcuts
(arrows move between cells), so a keyboard user could not move between a question's
radio buttons or press a focused button. An invisible widget placed in a course widget
gives every control of the output it sits in Lumino's `data-lm-suppress-shortcuts`
attribute (Lumino looks for it on the focused element itself), after which the browser's
own keyboard behaviour applies there (Tab, Shift+Tab, arrows, Space, Enter). Tab leads
out of the widget again, and a click elsewhere returns to the notebook. It also names each
group of radio buttons, which ipywidgets does not, so that the arrow keys stay within one
question (and a screen reader says "2 of 4"). And it holds a live region, so that what a
choice changed (feedback, "answer saved") is read out, not only shown, and it can move the
focus to where the learner goes next when the control they used disappears.

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
  // ipywidgets buttons are named by their text only; where several read alike ("Move up"
  // on every row), the widget marks them and their tooltip, which begins with that text
  // and says which one, becomes the name.
  for (const b of out.querySelectorAll("button.hr-name-from-tooltip[title]")) {
    if (b.getAttribute("aria-label") !== b.title) b.setAttribute("aria-label", b.title);
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
// Visually hidden but read by screen readers (a display:none region is not announced).
const HIDDEN = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;" +
               "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0;";
export default {
  render({ model, el }) {
    el.style.cssText = HIDDEN;
    const region = document.createElement("div");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.textContent = model.get("message");
    el.appendChild(region);
    model.on("change:message", () => { region.textContent = model.get("message"); });
    // Move the focus where the learner goes next (e.g. a new scene's first response) once
    // the widget has drawn it, so a control that disappears never takes the focus with it.
    model.on("change:focus_nonce", () => {
      const selector = model.get("focus_selector");
      const seek = (tries) => {
        const out = el.closest(".jp-OutputArea-output");
        const target = out && out.querySelector(selector);
        if (target && target.offsetParent !== null) {
          target.focus();
        } else if (tries > 0) {
          requestAnimationFrame(() => seek(tries - 1));
        }
      };
      seek(300);
    });
    watch(el, 600);
  },
};
"""


_CLASS = None


def keys_stay_here(message: str = ""):
    """The invisible widget; put it inside the widget whose keys it protects. Setting its
    `message` tells a screen reader what just changed (a polite live region), e.g. that
    an answer was saved or what the feedback says."""
    global _CLASS
    if _CLASS is None:
        import anywidget
        import traitlets

        class KeysStayHere(anywidget.AnyWidget):
            _esm = ESM
            message = traitlets.Unicode("").tag(sync=True)
            focus_selector = traitlets.Unicode("").tag(sync=True)
            focus_nonce = traitlets.Int(0).tag(sync=True)

            def move_focus(self, selector: str) -> None:
                """Focus the first visible element matching `selector` in this output."""
                self.focus_selector = selector
                self.focus_nonce += 1

        _CLASS = KeysStayHere
    return _CLASS(message=message)


def has_keys(widget) -> bool:
    """Whether the widget already holds one (so a wrapper need not add a second)."""
    if _CLASS is not None and isinstance(widget, _CLASS):
        return True
    return any(has_keys(child) for child in getattr(widget, "children", ()))
