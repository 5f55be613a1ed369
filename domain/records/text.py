"""Plain text the records rely on: a reason, a summary, a name must say something visible.

``"   "``, a NUL, a zero-width space (U+200B) or a byte-order mark pass a naive
``str.strip()`` test but say nothing to a reader: a read of a child's file or a court's
export recorded with such a "reason" is not accountable (R-AC-3, R-CH-4).
"""

from __future__ import annotations

import unicodedata


def visible(text: str | None) -> str | None:
    """``text`` if it holds at least one letter or digit a reader can see, else None: a
    "reason" of blanks, marks, symbols or U+FFFD (what undecodable bytes become) says
    nothing."""
    if text is not None and any(unicodedata.category(ch)[0] in "LN" for ch in text):
        return text
    return None
