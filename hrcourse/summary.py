"""A readable summary of a learner's saved work: Markdown, HTML and CSV. Pure functions."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from hrcourse.resume import EARLIER

EXPORT_ENV = "HRCOURSE_EXPORT"


def export_dir() -> Path:
    """$HRCOURSE_EXPORT, else my-course-work/ beside the running notebook (visible in
    JupyterLab's file browser, so Binder learners can right-click and download)."""
    override = os.environ.get(EXPORT_ENV)
    return Path(override).expanduser() if override else Path.cwd() / "my-course-work"


def rows(records: dict) -> list[dict[str, str]]:
    """Flatten saved records into (section, item, field, value) rows for the CSV."""
    out = []
    for section in sorted(records):
        for key in sorted(records[section]):
            value = records[section][key]
            if isinstance(value, dict):
                for field in sorted(value):
                    out.append({"section": section, "item": key, "field": field,
                                "value": _flat(value[field])})
            else:
                out.append({"section": section, "item": key, "field": "", "value": _flat(value)})
    return out


def _flat(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}={_flat(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        return ", ".join(_flat(v) for v in value)
    return str(value)


def to_csv(records: dict) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["section", "item", "field", "value"])
    writer.writeheader()
    writer.writerows(rows(records))
    return buffer.getvalue()


def to_markdown(records: dict, course_title: str, lesson_titles: dict[str, str],
                stance_labels: dict[str, str],
                vignette_paths: dict[str, tuple[str, list[str]]] | None = None) -> str:
    """vignette_paths: id -> (title, one readable line per decision), when the caller can
    read the vignettes; otherwise the saved scene and response ids are listed."""
    lines = [f"# My work in {course_title}", "",
             "Exported from my own progress file. Nothing in it was sent anywhere.", ""]
    reflections = records.get("reflection", {})
    if reflections:
        lines += ["## Reflections", ""]
        for key in sorted(reflections):
            title = lesson_titles.get(key, key)
            lines += [f"### {key} {title}", "", reflections[key].get("text", "").strip() or
                      "_(empty)_", ""]
    checks = records.get("selfcheck", {})
    if checks:
        lines += ["## Self-checks", "", "| lesson | item | latest | first try | attempts |",
                  "|---|---|---|---|---|"]
        for key in sorted(checks):
            lesson, _, item = key.partition("/")
            r = checks[key]
            lines.append(f"| {lesson} | {item} | {r.get('status', '')} | "
                         f"{r.get('first_status', '')} | {r.get('attempts', '')} |")
        lines.append("")
    vignettes = records.get("vignette", {})
    if vignettes:
        lines += ["## Case vignettes", ""]
        for vid in sorted(vignettes):
            steps = vignettes[vid].get("steps", [])
            if vignette_paths and vid in vignette_paths:
                title, decisions = vignette_paths[vid]
                lines.append(f"- **{title}**: {len(decisions)} decision(s) made")
                lines += [f"    {n}. {line}" for n, line in enumerate(decisions, 1)]
                continue
            path = " → ".join(f"{scene}:{choice}" for scene, choice, *_ in steps) or "not started"
            lines.append(f"- **{vid}**: {len(steps)} decision(s) made ({path})")
        lines.append("")
    stance = records.get("stance", {})
    if stance:
        lines += ["## Stance self-assessment (reflective, not a validated instrument)", "",
                  "| domain | start | end |", "|---|---|---|"]
        pre = stance.get("pre", {}).get("scores", {})
        post = stance.get("post", {}).get("scores", {})
        for domain in dict.fromkeys([*pre, *post]):
            lines.append(f"| {stance_labels.get(domain, domain)} | {pre.get(domain, '')} | "
                         f"{post.get(domain, '')} |")
        lines.append("")
    plan = records.get("relapse-plan", {})
    if plan:
        lines += ["## Relapse-prevention plan (practice exercise)", ""]
        for key in sorted(plan):
            lines += [f"- **{key}**: {str(plan[key]).strip()}"]
        lines.append("")
    classify = records.get("classify", {})
    if classify:
        lines += ["## Classification cases (lesson 05)", ""]
        lines += [f"- {cid}: {r.get('answer')} ({r.get('status')})"
                  for cid, r in sorted(classify.items())]
        lines.append("")
    screens = records.get("screening", {})
    if screens:
        lines += ["## Screening practice (lesson 08; fictional clients, not a diagnosis)", ""]
        lines += [f"- {tool}: score {r.get('total') if r.get('total') is not None else 'not yet'}"
                  f" ({len(r.get('answers') or {})} answer(s) chosen)"
                  for tool, r in sorted(screens.items())]
        lines.append("")
    orders = records.get("sequence", {})
    if orders:
        lines += ["## Put-in-order exercises", ""]
        lines += [f"- {sid}: {' → '.join(r.get('order') or [])}"
                  + (f" ({r['checked']} step(s) in the right place at the last check)"
                     if r.get("checked") is not None else " (not checked yet)")
                  for sid, r in sorted(orders.items())]
        lines.append("")
    earlier = records.get(EARLIER, {})
    if earlier:
        lines += ["## Earlier versions kept when merging", "",
                  "When two copies of your progress held different versions of the same work, "
                  "the newer one was used and these were kept.", ""]
        for key in sorted(earlier):
            kept = earlier[key] if isinstance(earlier[key], dict) else {"value": earlier[key]}
            value = kept.get("value")
            text = value.get("text", value) if isinstance(value, dict) else value
            lines += [f"- **{kept.get('section', '')} {kept.get('key', key)}** (saved "
                      f"{kept.get('saved_at', '')}): {_flat(text).strip() or '_(empty)_'}"]
        lines.append("")
    return "\n".join(lines)


def to_html(markdown_text: str) -> str:
    """A self-contained, accessible page (language, title, headings, tables) from the
    Markdown summary. The learner's own words are escaped, never run as HTML."""
    import mistune

    body = mistune.create_markdown(escape=True, plugins=["table"])(markdown_text)
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>My course work</title><style>body{font-family:sans-serif;max-width:50em;"
            "margin:2em auto;padding:0 1em;color:#1a1a1a;background:#fff;}"
            "table{border-collapse:collapse;}th,td{border:1px solid #767676;"
            "padding:0.2em 0.5em;text-align:left;}</style></head><body><main>"
            f"{body}</main></body></html>")
