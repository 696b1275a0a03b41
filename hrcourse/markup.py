"""Markdown to HTML, with mistune, in the two forms the course uses. Ground floor.

- `inline` and `paragraphs`: the content files' prose (a stem, a scene, a source note),
  where only **bold** and *italic* are Markdown; everything else the author or learner
  wrote is escaped and shown as typed (a line that starts "1." stays a sentence).
- `document`: the learner's exported summary, whole Markdown with tables, everything the
  learner wrote escaped, never run as HTML.
"""

from __future__ import annotations

from functools import cache


@cache
def _prose():
    import mistune
    from mistune.block_parser import BlockParser
    from mistune.inline_parser import InlineParser

    block, inline_parser = BlockParser(), InlineParser()
    block.rules = ["blank_line"]  # paragraphs only: no lists, headings, code or raw HTML
    inline_parser.rules = ["emphasis"]  # **bold** and *italic* only
    return mistune.Markdown(renderer=mistune.HTMLRenderer(escape=True), block=block,
                            inline=inline_parser)


def paragraphs(text: str) -> str:
    """Escaped paragraphs (blank-line separated) with **bold** and *italic*."""
    return _prose()(text.strip()).replace("\n", " ").replace("</p> <p>", "</p><p>").strip()


def inline(text: str) -> str:
    """One escaped run of text with **bold** and *italic*, without a paragraph around it."""
    out = paragraphs(text)
    return out.removeprefix("<p>").removesuffix("</p>") if out.count("<p>") == 1 else out


def document(markdown_text: str) -> str:
    """A whole Markdown document (tables included) as HTML; raw HTML in it is escaped."""
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table"])(markdown_text)
