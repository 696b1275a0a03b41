"""Download links for what the learner takes home: the file's bytes in the link itself (a
`data:` address), so a download needs nothing served by JupyterLab or by the reading mode
(whose file serving is limited to the learner's own exports, jupyter/common/).

The one home of the link that the summary, the certificate, the relapse-prevention plan and
the progress file all use.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path


def data_link(name: str, content: bytes, mime: str, text: str | None = None) -> str:
    """An <a download> that saves `content` as `name`; its text defaults to "Download name"."""
    data = base64.b64encode(content).decode("ascii")
    label = html.escape(text if text is not None else f"Download {name}")
    return f'<a download="{html.escape(name)}" href="data:{mime};base64,{data}">{label}</a>'


def download_link(path: Path, mime: str) -> str:
    """A link that saves the file at `path` under its own name."""
    path = Path(path)
    return data_link(path.name, path.read_bytes(), mime)
