r"""Text shown on a terminal: control characters made visible instead of obeyed.

A draft is anyone's text. Printed raw, an escape sequence in it (``\x1b[2J``, a cursor move, a
hyperlink or a title change) is obeyed by the reader's terminal: it can hide lines, rewrite what
was shown above, or make a text look approved when it is not. The command line shows such
characters escaped, as Python writes them (``\x1b``), so the reader sees what is there.

Escaped: every control character (C0, DEL, C1) except those the caller keeps (a line break in a
multi-line view), and the bidirectional overrides and isolates that reorder what is shown.
Counting is not affected: it always counts the text as stored, as twitter-text does.
"""

from __future__ import annotations

import unicodedata

#: Bidirectional formatting characters that reorder the text around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, keep: str = "") -> str:
    """``text`` with control characters (except those in ``keep``) written as escapes.

    The escapes are for a person's eyes; ``--json`` output carries the stored text exactly.
    """
    out = []
    for char in text:
        if char in keep:
            out.append(char)
        elif unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
            out.append(_escaped(char))
        else:
            out.append(char)
    return "".join(out)
