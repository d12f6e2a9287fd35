"""The one definition of text that must never reach a terminal as-is."""

import re

# C0 controls other than tab and newline, DEL, C1 controls, and the Unicode
# bidi embeddings, overrides and isolates: each can move the cursor, recolour,
# hide or reorder what a reader sees.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """Show control characters as visible \\uXXXX escapes; tabs become spaces."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\t", " "))
