"""Language lint for course content: person-first, non-stigmatizing words, one meaning per term.

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
    r"|(?:former|reformed|recovering) addicts?"
    r"|(?:former|ex-)\s*(?:prisoners?|inmates?|convicts?|offenders?)|ex-cons?)\b",
    re.IGNORECASE)

# Words that are not slurs but are not the course's own voice: labels that reduce a person
# to a drinking pattern, the former name of supervised withdrawal, and "sober" as a yardstick
# of worth. Clients and groups say them, so a quoted mention is always allowed.
INFORMAL = re.compile(
    r"\b((?:problem |social |heavy )?drinkers?|social users?|detox(?:es|ed|ing)?|sober)\b",
    re.IGNORECASE)

# "Addiction" means the more severe end of a substance use disorder (glossary, lesson 05), so
# a phrasing that makes the two words synonyms contradicts the course's one meaning.
ADDICTION_AS_SUD = re.compile(
    r"\baddiction,?\s+(?:which\s+)?(?:DSM-5|the\s+DSM)\s+calls\s+(?:an?\s+|the\s+)?substance\s+use\s+disorder"
    r"|\baddiction,?\s+(?:also\s+)?(?:called|known\s+as|i\.e\.,?|or)\s+(?:an?\s+)?substance\s+use\s+disorders?"
    r"|\baddiction\s+\((?:an?\s+|or\s+|i\.e\.,?\s+)?(?:substance\s+use\s+disorders?|SUDs?)\)"
    r"|\bsubstance\s+use\s+disorders?\s+\((?:i\.e\.,?\s+|or\s+)?addiction\)"
    r"|\bsubstance\s+use\s+disorders?,?\s+(?:or|also\s+called|known\s+as)\s+addiction\b",
    re.IGNORECASE)

# Statements the course once made and corrected (issue 23), which a later edit could bring
# back: Good Samaritan overdose laws exist in every state and DC (Wyoming's, 2025, was the
# last); Canada's cannabis guidelines give a waiting time before driving (at least 6 hours),
# not only "while impaired"; NIDA calls addiction the most severe form of a use disorder, a
# narrower use than the course's (moderate or severe), so the two are not "the same way";
# and "compulsive use" describes addiction, not every (even mild) substance use disorder.
CORRECTED = re.compile(
    r"\bmost\s+states(?:\s+and\s+the\s+District\s+of\s+Columbia)?\s+(?:now\s+)?(?:have|has)"
    r"\s+(?:passed\s+)?(?:a\s+)?Good\s+Samaritan"
    r"|\bGood\s+Samaritan\s+(?:overdose\s+)?laws?\s+in\s+most\s+states"
    r"|\bmost\s+states\s+and\s+the\s+District\s+of\s+Columbia"
    r"|\b(?:do\s+not|don't|never|not|against)\s+driv(?:e|ing)(?:\s+or\s+operat\w+\s+machinery)?"
    r"\s+while\s+impaired"
    r"|\bNIDA\s+uses\s+(?:the\s+word|it)\s+the\s+same\s+way"
    r"|\bas\s+NIDA\s+(?:uses\s+the\s+word|calls\s+addiction|defines\s+it)"
    r"|\bsubstance\s+use\s+disorders?\W{0,4},?\s+(?:is\s+)?(?:a|the)\s+pattern\s+of\s+compulsive\s+use",
    re.IGNORECASE)

# Names of agencies, groups and journals that keep old words; a line break may fall
# anywhere inside them (reference lists wrap).
_NAMES = ["Substance Abuse and Mental Health Services Administration",
          "National Institute on Drug Abuse", "National Institute on Alcohol Abuse and Alcoholism",
          "Alcoholics Anonymous", "Adult Children of Alcoholics", "Drug Abuse Warning Network",
          "Center for Substance Abuse Treatment", "Center for Substance Abuse Prevention",
          "Journal of Substance Abuse Treatment", "Journal of Substance Abuse",
          "Drug Abuse Screening Test",
          "Substance Abuse Treatment, Prevention, and Policy", "*Substance Abuse,"]
PROPER_NAMES = re.compile("|".join(r"\s+".join(re.escape(w) for w in name.split())
                                   for name in _NAMES), re.IGNORECASE)

# Quoted spans: "…", “…”, ‘…’ (a wrapped line may break one of them once), and 'word' (a
# single quoted word or short phrase).
QUOTED = re.compile(r"\"[^\"\n]*(?:\n[^\"\n]*)?\"|“[^”\n]*(?:\n[^”\n]*)?”|‘[^’\n]*’"
                    r"|(?<![\w])'[^'\n]{1,40}'(?![\w])")

TEACHING_TAG = "teaches-language"


def findings(text: str, allow_quoted: bool = True) -> list[str]:
    """Stigmatizing terms used (not mentioned) in text, then informal terms, phrasings that
    equate addiction with any substance use disorder, and corrected statements (these three
    only outside quotes)."""
    cleaned = PROPER_NAMES.sub(" ", text)
    unquoted = QUOTED.sub(" ", cleaned)
    found = [m.group(0) for m in STIGMATIZING.finditer(unquoted if allow_quoted else cleaned)]
    found += [m.group(0) for m in INFORMAL.finditer(unquoted)]
    found += [m.group(0) for m in ADDICTION_AS_SUD.finditer(unquoted)]
    return found + [m.group(0) for m in CORRECTED.finditer(unquoted)]
