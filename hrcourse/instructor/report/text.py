"""Text helpers shared by the tables, the charts, the page and the printed messages."""

from __future__ import annotations


def shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def fmt_number(value: float, digits: int = 0) -> str:
    """The number rounded for reading; '–' when it is missing (NaN: nobody to average)."""
    return "–" if value != value else f"{value:.{digits}f}"
