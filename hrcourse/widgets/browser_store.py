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

import anywidget
import traitlets as T

from hrcourse import progress, resume
from hrcourse.files import write_atomic

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
            // a copy the course could not read is kept under its own key first
            if (msg.aside && now) localStorage.setItem(msg.aside, now);
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
        self._kept, self._kept_key = "", ""  # an unreadable copy already kept aside
        self.kept_at = None  # the file it was kept in
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

    def unreadable(self) -> str:
        """Why the browser's copy cannot be read ('' if it can, or there is none)."""
        if not self.held:
            return ""
        try:
            resume.parse(self.held)
        except resume.Refused as refused:
            return str(refused)
        return ""

    def _keep_aside(self) -> str | None:
        """Before a copy the course cannot read is replaced: keep it in a file beside the
        progress file, with a notice naming it, and name the key the browser keeps it under
        (the page stores it there before writing). None if it could not be kept."""
        if self._kept == self.held:
            return self._kept_key
        store = progress.shared()
        stamp = progress.now_stamp().replace(":", "")
        aside = store.path.with_name(f"{store.path.stem}.browser-copy-{stamp}.json")
        number = 1
        while aside.exists():
            number += 1
            aside = store.path.with_name(f"{store.path.stem}.browser-copy-{stamp}-{number}.json")
        try:
            # exactly as held (a browser's text may hold half a character)
            write_atomic(aside, self.held.encode("utf-8", "surrogatepass"))
        except OSError:
            return None
        reason = self.unreadable()
        self._kept, self._kept_key = self.held, f"{self.storage_key}:unreadable-{stamp}"
        self.kept_at = aside
        store.notices.append(f"This browser held a copy of your progress that the course could "
                             f"not read ({reason}) It was kept in {aside} (and in this browser, "
                             f"under {self._kept_key}), and the browser now keeps a new copy.")
        return self._kept_key

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
        text = progress.json_text(merged)
        if text == self.held:
            self._dirty = False
            return
        message = {"do": "write", "doc": text, "base": self.held}
        if self.held and self.held_doc() is None:
            message["aside"] = self._keep_aside()
            if message["aside"] is None:
                return  # not kept anywhere: the browser's copy is not replaced
        self._dirty = True  # until the browser reports the new copy
        self.send(message)

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
