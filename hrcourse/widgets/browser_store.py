"""The copy of the learner's progress kept in their own browser (localStorage), so a new
session in the same browser can offer it back. Nothing is sent anywhere: the copy goes
from this kernel to the page the learner has open, and stays in that browser.

One invisible anywidget per kernel. Its JavaScript runs when the page creates the widget's
model (no view needs to be on screen), reports what the browser holds, and writes what the
kernel sends. A write names the copy it was computed from; if the browser holds something
else by then (another notebook wrote or the learner cleared it), the write is refused and
the kernel computes it again, so one notebook never undoes another's change.
"""

from __future__ import annotations

import json

import anywidget
import traitlets as T

from hrcourse import progress, resume

STORAGE_KEY = f"hrcourse-progress:{progress.COURSE}"

ESM = """
function state(key) {
  try {
    return {held: localStorage.getItem(key) || "",
            off: localStorage.getItem(key + ":off") === "1", error: ""};
  } catch (err) {
    return {held: "", off: false, error: String(err && err.message || err)};
  }
}
export default {
  initialize({ model }) {
    const key = model.get("storage_key");
    const report = (error) => {
      const s = state(key);
      model.set({held: s.held, off: s.off, error: error || s.error, loaded: true});
      model.save_changes();
    };
    model.on("msg:custom", (msg) => {
      try {
        if (msg.do === "write") {
          const now = localStorage.getItem(key) || "";
          if (now === msg.base && localStorage.getItem(key + ":off") !== "1") {
            localStorage.setItem(key, msg.doc);
          }
        } else if (msg.do === "forget") {
          localStorage.removeItem(key);
        } else if (msg.do === "off") {
          localStorage.removeItem(key);
          localStorage.setItem(key + ":off", "1");
        } else if (msg.do === "on") {
          localStorage.removeItem(key + ":off");
        }
        report("");
      } catch (err) {
        report(String(err && err.message || err));  // e.g. storage full or blocked
      }
    });
    report("");
  },
  render({ el }) { el.style.display = "none"; },
};
"""


class BrowserStore(anywidget.AnyWidget):
    _esm = ESM
    storage_key = T.Unicode(STORAGE_KEY).tag(sync=True)
    held = T.Unicode("").tag(sync=True)      # what the browser holds (JSON text, or "")
    loaded = T.Bool(False).tag(sync=True)    # the page has reported at least once
    off = T.Bool(False).tag(sync=True)       # the learner asked this browser to keep no copy
    error = T.Unicode("").tag(sync=True)     # the browser refused its storage

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._dirty = False  # a save here is not yet in the browser
        self.observe(lambda _c: self._sync(), names=["held", "loaded", "off"])
        progress.add_listener(self._saved)

    def close(self) -> None:
        progress.remove_listener(self._saved)
        super().close()

    # what the browser holds -------------------------------------------------------------
    def held_doc(self) -> dict | None:
        """The browser's copy, or None if there is none (or it cannot be read)."""
        if not self.held:
            return None
        try:
            return resume.parse(self.held)
        except resume.Refused:
            return None

    def usable(self) -> bool:
        return self.loaded and not self.off and not self.error

    # writing ----------------------------------------------------------------------------
    def _saved(self, _doc: dict) -> None:
        self._dirty = True
        self._sync()

    def _sync(self) -> None:
        if not (self._dirty or self.loaded) or not self.usable():
            return
        here = progress.shared().load()
        if not any(here.get("records", {}).values()):
            self._dirty = False
            return  # nothing saved in this session: leave the browser's copy as it is
        merged = resume.browser_copy(self.held_doc() or {"records": {}, "stamps": {}}, here)
        text = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        if text == self.held:
            self._dirty = False
            return
        self._dirty = True  # until the browser reports the new copy
        self.send({"do": "write", "doc": text, "base": self.held})

    # the learner's choices ---------------------------------------------------------------
    def forget(self) -> None:
        """Remove the browser's copy (later saves here start a new one)."""
        self.send({"do": "forget"})

    def turn_off(self) -> None:
        """Remove the copy and keep none in this browser until turned on again."""
        self.send({"do": "off"})

    def turn_on(self) -> None:
        self._dirty = True
        self.send({"do": "on"})


_store: BrowserStore | None = None


def shared() -> BrowserStore:
    """The kernel's one store, created the first time a course widget is shown."""
    global _store
    if _store is None:
        _store = BrowserStore()
    return _store
