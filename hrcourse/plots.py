"""One plotting style for the course: colour-blind-safe, readable, always described in words.

matplotlib is imported only when a chart is drawn, so lessons without charts start fast.
"""

from __future__ import annotations

from contextlib import contextmanager

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
# Line styles and markers as a second channel, so no series depends on colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":"]

STYLE = {
    "font.size": 12, "axes.titlesize": 14, "axes.labelsize": 12, "legend.fontsize": 11,
    "xtick.labelsize": 11, "ytick.labelsize": 11, "axes.spines.top": False,
    "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "figure.dpi": 100, "savefig.dpi": 100, "svg.fonttype": "none",
}


@contextmanager
def course_style():
    import matplotlib as mpl
    from cycler import cycler

    with mpl.rc_context({**STYLE, "axes.prop_cycle": cycler(color=PALETTE[:4])
                         + cycler(linestyle=LINESTYLES) + cycler(marker=MARKERS[:4])}):
        yield


def figure(width: float = 7.5, height: float = 4.2):
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def hbar(labels: list[str], values: list[float], title: str, xlabel: str,
         xlim: tuple[float, float] | None = None):
    """Horizontal bars with the value written on each bar (the number, not the colour)."""
    with course_style():
        fig, ax = figure(7.5, 0.45 * len(labels) + 1.4)
        positions = range(len(labels))
        ax.barh(list(positions), values, color=PALETTE[0], hatch="")
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        for pos, value in zip(positions, values, strict=True):
            ax.text(value + 0.05, pos, f"{value:.1f}", va="center")
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        if xlim:
            ax.set_xlim(*xlim)
        fig.tight_layout()
    return fig


def paired_hbar(labels: list[str], first: list[float], second: list[float],
                names: tuple[str, str], title: str, xlabel: str,
                xlim: tuple[float, float] | None = None):
    """Two bars per label (e.g. before/after), told apart by hatch and legend, not colour only."""
    with course_style():
        fig, ax = figure(7.5, 0.7 * len(labels) + 1.6)
        height = 0.38
        ys = list(range(len(labels)))
        ax.barh([y - height / 2 for y in ys], first, height, color=PALETTE[1], label=names[0],
                hatch="//", edgecolor="black", linewidth=0.5)
        ax.barh([y + height / 2 for y in ys], second, height, color=PALETTE[0], label=names[1],
                edgecolor="black", linewidth=0.5)
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        if xlim:
            ax.set_xlim(*xlim)
        ax.legend(loc="lower right")
        fig.tight_layout()
    return fig


def figure_html(fig, description: str, table: list[list[object]] | None = None) -> str:
    """The chart as an image with its description as alternative text and caption, and
    (if given: header row first) the numbers behind it as a table, folded away."""
    import base64
    import html
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = html.escape(description)
    # The alternative text names the chart; the caption right below describes it in full
    # (a screen reader would otherwise read the long description twice).
    alt = html.escape(description.split(". ")[0].rstrip(".") + ". Described below.")
    out = (f'<figure class="hr-chart" style="margin:0.5em 0">'
           f'<img src="data:image/png;base64,{data}" alt="{alt}" '
           f'style="max-width:100%;height:auto">'
           f"<figcaption>Chart description: {text}</figcaption>")
    if table:
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table[0])
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row)
                       + "</tr>" for row in table[1:])
        out += (f"<details><summary>The numbers behind the chart</summary><table>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>")
    return out + "</figure>"


def show(fig, description: str, table: list[list[object]] | None = None) -> None:
    """Display a figure as an image with alternative text, its description as a caption,
    and the numbers behind it; a plain-text reader gets the description."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    page = figure_html(fig, description, table)
    plt.close(fig)
    display({"text/html": page, "text/plain": f"Chart description: {description}"},
            raw=True)
