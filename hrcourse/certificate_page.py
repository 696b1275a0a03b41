"""The certificate page as HTML (Jinja2, autoescaped) and as PDF (fpdf2, pure Python).

Both state the same facts (hrcourse.logic.certificate.Certificate.lines) and the same
plain disclaimer. The PDF uses the DejaVu Sans font that matplotlib ships, so names in
most Latin, Greek and Cyrillic scripts print as typed.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from hrcourse.logic.certificate import DISCLAIMER, Certificate

TITLE = "Record of completion"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}: {{ cert.course }}</title>
<style>
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #1a1a1a; background: #fff;
       max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }
main { border: 3px double #0b4f6c; padding: 1.5em 2em; }
h1 { font-size: 1.8em; margin: 0 0 0.2em; color: #0b4f6c; }
.name { font-size: 1.6em; font-weight: bold; margin: 0.6em 0; }
.name, dd { overflow-wrap: anywhere; }  /* a long name without spaces stays inside */
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
.note { border-top: 1px solid #767676; margin-top: 1.5em; padding-top: 0.8em;
        font-size: 0.95em; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<p>This records that</p>
<p class="name">{{ cert.name }}</p>
<p>completed the open course <strong>{{ cert.course }}</strong>.</p>
<h2>Details</h2>
<dl>
{% for label, value in cert.lines() %}<dt>{{ label }}</dt><dd>{{ value }}</dd>
{% endfor %}</dl>
<h2>Lessons completed</h2>
<ul>
{% for lesson in cert.lessons %}<li>{{ lesson.id }} {{ lesson.title }}
(about {{ lesson.minutes }} minutes)</li>
{% endfor %}</ul>
<p class="note"><strong>Please note.</strong> {{ disclaimer }}</p>
</main>
</body>
</html>
"""

_env = Environment(autoescape=True, keep_trailing_newline=True)


def to_html(cert: Certificate) -> str:
    """A self-contained page; everything the learner typed is escaped."""
    return _env.from_string(_PAGE).render(cert=cert, title=TITLE, disclaimer=DISCLAIMER)


def _font_dir():
    from pathlib import Path

    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def _drawable() -> frozenset[int]:
    """The characters both of the PDF's fonts (DejaVu Sans, regular and bold) can draw."""
    from fontTools.ttLib import TTFont  # matplotlib's own dependency, to read its fonts

    regular, bold = (set(TTFont(str(_font_dir() / name), lazy=True).getBestCmap())
                     for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    return frozenset(regular & bold)


def missing_in_pdf(text: str) -> list[str]:
    """The characters of `text` the PDF cannot draw (its font lacks them; fpdf2 leaves
    them out), each once, in order. The HTML page shows every character."""
    drawable = _drawable()
    return list(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in drawable))


def to_pdf(cert: Certificate) -> bytes:
    """The same facts on one A4 page, with the document's title, author and language set
    (so a screen reader and a PDF viewer name it)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{TITLE}: {cert.course}")
    pdf.set_author(cert.name)
    pdf.set_lang("en")
    pdf.set_creator("hrcourse (self-issued, not accredited)")
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    pdf.set_draw_color(11, 79, 108)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, 190, 277)
    pdf.set_y(25)
    pdf.set_font("DejaVu", "B", 22)
    pdf.set_text_color(11, 79, 108)
    pdf.cell(0, 12, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(26, 26, 26)
    pdf.set_font("DejaVu", "", 12)
    pdf.ln(6)
    pdf.cell(0, 8, "This records that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 10, cert.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 8, f"completed the open course {cert.course}.", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for label, value in cert.lines():
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(45, 7, label)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, "Lessons completed", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for lesson in cert.lessons:
        pdf.multi_cell(0, 6, f"{lesson.id} {lesson.title} (about {lesson.minutes} minutes)",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, "Please note.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5.5, DISCLAIMER, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
