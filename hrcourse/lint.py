"""Language lint for course content: person-first, non-stigmatizing words.

A word may be *mentioned* (quoted, or in a notebook cell tagged `teaches-language`),
not *used*. Agency and organisation names that contain old terms are allowed.
"""

from __future__ import annotations

import re

STIGMATIZING = re.compile(
    r"\b(addicts?|junkies?|abusers?|crackheads?|drunks?|alcoholics?"
    r"|(?:substance|drug|alcohol|opioid|opiate|prescription drug) abuse"
    r"|(?:clean|dirty) (?:urine|tests?|screens?|samples?|needles?|syringes?|time|date)"
    r"|(?:got|get|getting|stay|stayed|staying|be|being|is|am|are|was|been|were|went) clean"
    r"|(?:former|reformed|recovering) addicts?)\b",
    re.IGNORECASE)

# Names of agencies, groups and journals that keep old words; a line break may fall
# anywhere inside them (reference lists wrap).
_NAMES = ["Substance Abuse and Mental Health Services Administration",
          "National Institute on Drug Abuse", "National Institute on Alcohol Abuse and Alcoholism",
          "Alcoholics Anonymous", "Adult Children of Alcoholics", "Drug Abuse Warning Network",
          "Center for Substance Abuse Treatment", "Center for Substance Abuse Prevention",
          "Journal of Substance Abuse Treatment", "Journal of Substance Abuse",
          "Substance Abuse Treatment, Prevention, and Policy", "*Substance Abuse,"]
PROPER_NAMES = re.compile("|".join(r"\s+".join(re.escape(w) for w in name.split())
                                   for name in _NAMES), re.IGNORECASE)

# Quoted spans: "…", “…”, ‘…’, and 'word' (a single quoted word or short phrase).
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<![\w])'[^'\n]{1,40}'(?![\w])")

TEACHING_TAG = "teaches-language"


def findings(text: str, allow_quoted: bool = True) -> list[str]:
    """Stigmatizing terms used (not mentioned) in text."""
    cleaned = PROPER_NAMES.sub(" ", text)
    if allow_quoted:
        cleaned = QUOTED.sub(" ", cleaned)
    return [m.group(0) for m in STIGMATIZING.finditer(cleaned)]
