"""Treatment options side by side: tick up to four, read them in one table."""

from __future__ import annotations

import ipywidgets as W

from hrcourse.content.treatments import load_catalogue
from hrcourse.markup import inline
from hrcourse.widgets.common import html_widget

MAX_COLUMNS = 4


class TreatmentExplorer:
    def __init__(self, preselect: tuple[str, ...] = ("methadone", "buprenorphine",
                                                     "naltrexone-xr")):
        self.catalogue = load_catalogue()
        ids = [t.id for t in self.catalogue.treatments]
        start = [i for i in preselect if i in ids] or ids[:3]
        self.boxes = {t.id: W.Checkbox(value=t.id in start, indent=False,
                                       description=f"{t.name} ({t.category})",
                                       layout=W.Layout(width="100%"))
                      for t in self.catalogue.treatments}
        for b in self.boxes.values():
            b.observe(lambda _: self.redraw(), names="value")
        self.table = html_widget()
        self.widget = W.VBox([html_widget("<h4>Compare treatment options</h4><p>Tick up to "
                                          f"{MAX_COLUMNS} options to see them side by side. "
                                          "General information for counselors, not medical "
                                          "advice.</p>"),
                              W.VBox(list(self.boxes.values())), self.table])
        self.redraw()

    def selected(self) -> list[str]:
        return [i for i, b in self.boxes.items() if b.value]

    def redraw(self) -> str:
        chosen = self.selected()
        if not chosen:
            self.table.value = "<p>ℹ Tick at least one option to compare.</p>"
            return self.table.value
        note = ""
        if len(chosen) > MAX_COLUMNS:
            note = f"<p>ℹ Showing the first {MAX_COLUMNS} ticked options.</p>"
            chosen = chosen[:MAX_COLUMNS]
        heads = "".join(f"<th scope='col'>{inline(self.catalogue.get(i).name)}</th>"
                        for i in chosen)
        body = "".join(f"<tr><th scope='row'>{inline(label)}</th>"
                       + "".join(f"<td style='vertical-align:top'>{inline(v)}</td>" for v in cells)
                       + "</tr>" for label, cells in self.catalogue.table(chosen))
        sources = "".join(f"<li><strong>{inline(self.catalogue.get(i).name)}:</strong> "
                          f"{inline('; '.join(self.catalogue.get(i).sources))}</li>"
                          for i in chosen)
        self.table.value = (f"{note}<table><thead><tr><th></th>{heads}</tr></thead>"
                            f"<tbody>{body}</tbody></table><p><small>Sources:</small></p>"
                            f'<ul style="font-size:smaller">{sources}</ul>')
        return self.table.value


def show() -> W.VBox:
    return TreatmentExplorer().widget
