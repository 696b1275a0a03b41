"""Files the course writes for the learner: written whole or not at all, one writer at a
time. Ground floor: imports nothing of ours.

- `write_atomic`: a temporary file beside the target, flushed to disk (fsync), then
  renamed over it, so a crash leaves the old file or the new one, never half of either;
  on any error the temporary file is removed. Text is written as UTF-8 (half a character,
  a lone surrogate, as the replacement character).
- `locked`: an exclusive lock on `<file>.lock` (filelock: the operating system's own
  lock, no polling), so two notebooks saving at once take turns.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` (text as UTF-8, or bytes) in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    data = _utf8(content) if isinstance(content, str) else content
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _utf8(text: str) -> bytes:
    """The text as UTF-8; half a character (a lone surrogate, which only a damaged file or
    a browser's odd paste can bring) is written as the replacement character �."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on path + '.lock' for the block."""
    from filelock import FileLock

    with FileLock(path.with_name(path.name + ".lock")):
        yield
