"""Words the course shows for the state of an answer or a response, in the widgets and in
the exported summary alike. Right and wrong are always said in words and a symbol, never
by colour alone. Ground floor: imports nothing of ours."""

STATUS_LABEL = {
    "correct": "✔ Correct",
    "partial": "◐ Partly right",
    "incorrect": "✘ Not quite",
    "empty": "ℹ No answer yet",
    "invalid": "ℹ Check your answer",
}
FIT_LABEL = {
    "strong": "✔ Strong response",
    "partial": "◐ Partly helpful",
    "weak": "✘ Likely to close the conversation",
}
