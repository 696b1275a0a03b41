"""A readable summary of a learner's saved work: Markdown, HTML and CSV. Pure functions;
hrcourse.export writes them."""

from __future__ import annotations

import csv
import io

from hrcourse.markup import document
from hrcourse.records import BY_SECTION, KINDS, Context, flat


def rows(records: dict, context: Context | None = None) -> list[dict[str, str]]:
    """Flatten saved records into (section, item, field, value) rows for the CSV, in the
    one export order (hrcourse.records: the order of KINDS, then each kind's own)."""
    out = []
    for section in ordered_sections(records):
        known = BY_SECTION.get(section)
        ordered = known.ordered(records[section], context) if known else \
            dict(sorted(records[section].items()))
        for key, value in ordered.items():
            if isinstance(value, dict):
                for field in sorted(value):
                    out.append({"section": section, "item": key, "field": field,
                                "value": flat(value[field])})
            else:
                out.append({"section": section, "item": key, "field": "", "value": flat(value)})
    return out


def ordered_sections(records: dict) -> list[str]:
    """The sections in the order of KINDS; sections of no known kind after, by name."""
    known = [k.section for k in KINDS if k.section in records]
    return known + sorted(s for s in records if s not in known)


def to_csv(records: dict, context: Context | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["section", "item", "field", "value"])
    writer.writeheader()
    writer.writerows(rows(records, context))
    return buffer.getvalue()


def to_markdown(records: dict, course_title: str, lesson_titles: dict[str, str] | None = None,
                stance_labels: dict[str, str] | None = None,
                vignette_paths: dict[str, tuple[str, list[str]]] | None = None,
                context: Context | None = None) -> str:
    """Every kind's part, in the one export order. `context` (hrcourse.export) gives the
    content's titles and labels; or give lesson titles, stance labels and vignette paths
    (id -> (title, one readable line per decision)); without them records read by ids."""
    if context is None:
        paths = vignette_paths or {}
        context = Context(lesson_titles=lesson_titles or {}, stance_labels=stance_labels or {},
                          vignette_path=lambda vid, _state: paths.get(vid))
    lines = [f"# My work in {course_title}", "",
             "Exported from my own progress file. Nothing in it was sent anywhere.", ""]
    for kind in KINDS:
        lines += kind.summary(records.get(kind.section, {}), context)
    return "\n".join(lines)


def to_html(markdown_text: str) -> str:
    """A self-contained, accessible page (language, title, headings, tables) from the
    Markdown summary. The learner's own words are escaped, never run as HTML."""
    body = document(markdown_text)
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>My course work</title><style>body{font-family:sans-serif;max-width:50em;"
            "margin:2em auto;padding:0 1em;color:#1a1a1a;background:#fff;}"
            "table{border-collapse:collapse;}th,td{border:1px solid #767676;"
            "padding:0.2em 0.5em;text-align:left;}</style></head><body><main>"
            f"{body}</main></body></html>")
