"""Plain text the records rely on: a reason, a summary, a name must say something visible.

``"   "``, a NUL, a zero-width space (U+200B) or a byte-order mark pass a naive
``str.strip()`` test but say nothing to a reader: a read of a child's file or a court's
export recorded with such a "reason" is not accountable (R-AC-3, R-CH-4). Nor is text
holding a control character other than a line break or tab (a NUL hides the rest from many
readers) or a bidi control, which makes the text read in another order than it was recorded
(U+202E turns a recorded ``0005`` into a shown ``5000``).
"""

from __future__ import annotations

import unicodedata

LINE_CONTROLS = frozenset("\n\r\t")
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder the text around them (embeddings, overrides, isolates, marks)."""


def visible(text: str | None) -> str | None:
    """``text`` if it holds at least one letter or digit a reader can see, else None: a
    "reason" of blanks, marks, symbols or U+FFFD (what undecodable bytes become) says
    nothing; nor does text holding a control character (but a line break or tab) or a
    bidi control (module docstring)."""
    if text is None or not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        return None
    if any(
        ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in LINE_CONTROLS)
        for ch in text
    ):
        return None
    return text
