"""An interactive chart of a course dataset: pick series and years; a sentence describes it."""

from __future__ import annotations

import ipywidgets as W

from hrcourse import datasets, plots
from hrcourse.markup import inline
from hrcourse.widgets.common import box, html_widget


def frame(dataset: datasets.Dataset):
    import pandas as pd

    df = pd.DataFrame(dataset.rows)
    c = dataset.chart
    df[c.y] = pd.to_numeric(df[c.y].str.replace(",", ""), errors="coerce")
    try:
        df[c.x] = df[c.x].astype(int)
    except ValueError:
        pass
    return df.dropna(subset=[c.y])


def number(value: float) -> str:
    """A value at its own precision: 107,941 stays whole, 46.3 keeps its decimal."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def describe(df, chart: datasets.Chart) -> str:
    """One sentence: what is shown, over which range, and the extremes."""
    if df.empty:
        return "No data selected."
    parts = []
    groups = df.groupby(chart.series) if chart.series else [(chart.y_label, df)]
    for name, part in groups:
        part = part.sort_values(chart.x)
        first, last = part.iloc[0], part.iloc[-1]
        peak = part.loc[part[chart.y].idxmax()]
        parts.append(f"{name}: {number(first[chart.y])} in {first[chart.x]}, peak "
                     f"{number(peak[chart.y])} in {peak[chart.x]}, {number(last[chart.y])} in "
                     f"{last[chart.x]}"
                     if len(part) > 1 else f"{name}: {number(first[chart.y])} in {first[chart.x]}")
    kind = "Line chart" if chart.kind == "line" else "Bar chart"
    return (f"{kind} of {chart.y_label.lower()} by {chart.x_label.lower()}. "
            + "; ".join(parts) + ".")


def table(df, chart: datasets.Chart) -> list[list[object]]:
    """The numbers drawn, header row first, for readers who cannot see the chart."""
    columns = [chart.x, *([chart.series] if chart.series else []), chart.y]
    labels = [chart.x_label, *(["Series"] if chart.series else []), chart.y_label]
    rows = df.sort_values([c for c in (chart.series, chart.x) if c])[columns]
    return [labels] + [[number(v) if c == chart.y else v for c, v in zip(columns, r,
                                                                          strict=True)]
                       for r in rows.itertuples(index=False)]


def draw(df, chart: datasets.Chart, title: str):
    with plots.course_style():
        fig, ax = plots.figure(8, 6 if chart.series else 4.5)
        if chart.kind == "line":
            groups = df.groupby(chart.series) if chart.series else [(chart.y_label, df)]
            for i, (name, part) in enumerate(groups):
                part = part.sort_values(chart.x)
                ax.plot(part[chart.x], part[chart.y], label=str(name),
                        color=plots.PALETTE[i % len(plots.PALETTE)],
                        marker=plots.MARKERS[i % len(plots.MARKERS)],
                        linestyle=plots.LINESTYLES[i % len(plots.LINESTYLES)])
        else:
            labels = [f"{r[chart.series]} ({r[chart.x]})" if chart.series else str(r[chart.x])
                      for _, r in df.iterrows()]
            ax.barh(labels, df[chart.y], color=plots.PALETTE[0])
            for pos, value in enumerate(df[chart.y]):
                ax.text(value, pos, f" {value:,.1f}", va="center")
            ax.invert_yaxis()
        ax.set_title(title)
        if chart.kind == "line":
            ax.set_xlabel(chart.x_label)
            ax.set_ylabel(chart.y_label)
            ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
            if chart.series:  # below the plot, so it never hides a line or squeezes it
                ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
        else:
            ax.set_xlabel(chart.y_label)
        fig.tight_layout()
    return fig


class DatasetExplorer:
    def __init__(self, name: str):
        self.dataset = datasets.load(name)
        self.df = frame(self.dataset)
        c = self.dataset.chart
        controls = []
        self.series = None
        if c.series:
            names = list(dict.fromkeys(self.df[c.series]))
            self.series = W.SelectMultiple(options=names, value=tuple(names[:4]),
                                           rows=min(6, len(names)), description="Show:",
                                           layout=W.Layout(width="46em"))
            self.series.observe(lambda _: self.redraw(), names="value")
            controls.append(self.series)
        years = sorted(set(self.df[c.x])) if self.df[c.x].dtype.kind in "iu" else []
        self.years = None
        if len(years) > 2:
            # Two drop-downs rather than a range slider: each is a native, labelled control
            # that a keyboard and a screen reader handle (a slider's handles have no name).
            self.years = (W.Dropdown(options=years, value=years[0], description="From year:"),
                          W.Dropdown(options=years, value=years[-1], description="To year:"))
            for control in self.years:
                control.observe(lambda _: self.redraw(), names="value")
            controls.append(W.HBox(list(self.years)))
        self.output = W.Output()
        d = self.dataset
        source = box(f"<p><strong>Source:</strong> {inline(d.source)} "
                     f'<a href="{d.url}" target="_blank" rel="noopener">{inline(d.url)}</a> '
                     f"(retrieved {inline(d.retrieved)}; {inline(d.licence)}).</p>"
                     f"<p><strong>About these numbers:</strong> {inline(d.notes)}</p>", "note")
        self.widget = W.VBox([html_widget(f"<h4>{inline(d.title)}</h4>"), *controls,
                              self.output, html_widget(source)])
        self.redraw()

    def selected(self):
        c = self.dataset.chart
        df = self.df
        if self.series is not None:
            df = df[df[c.series].isin(self.series.value)]
        if self.years is not None:
            lo, hi = sorted(control.value for control in self.years)
            df = df[(df[c.x] >= lo) & (df[c.x] <= hi)]
        return df

    def redraw(self) -> str:
        df = self.selected()
        text = describe(df, self.dataset.chart)
        self.output.clear_output(wait=True)
        with self.output:
            if df.empty:
                print("Choose at least one series to draw the chart.")
            else:
                plots.show(draw(df, self.dataset.chart, self.dataset.chart.title), text,
                           table(df, self.dataset.chart))
        return text


def show(name: str) -> W.VBox:
    return DatasetExplorer(name).widget
