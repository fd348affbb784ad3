"""What may enter the workspace: texts without NUL, names a person can read and type.

A NUL character is accepted by SQLite but refused by PostgreSQL, so a draft holding one would
block ``db migrate-to`` later; it is refused where it comes in, naming where it was found. A
name with a tab, a line break or a bidirectional override shows differently from what it is
(``admin\u202egnp.exe``), so names allow none of the control or format characters; names that
differ only by case are one person (:func:`same_name`).
"""

from __future__ import annotations

import unicodedata

#: Unicode categories a name may not contain: controls (tab, NUL, line breaks), format
#: characters (bidirectional overrides and isolates, zero-width characters), line and
#: paragraph separators, surrogates and unassigned code points.
_NAME_REFUSED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_LABELS = {"\t": "a tab", "\0": "a NUL character", "\n": "a line break", "\r": "a line break"}


def nul_problem(text: str, what: str) -> str | None:
    """Why ``text`` may not be stored (it holds a NUL character), or ``None``.

    Args:
        text: The text.
        what: What it is, for the message (``"the draft's text"``).
    """
    index = text.find("\0")
    if index < 0:
        return None
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return (
        f"{what} holds a NUL character (line {line}, column {column}); "
        "remove it: databases other than SQLite cannot store it"
    )


def name_problem(name: str, what: str = "a user name") -> str | None:
    """Why ``name`` may not name a person, or ``None``.

    Args:
        name: The name as given.
        what: What it is, for the message.
    """
    for index, char in enumerate(name):
        if unicodedata.category(char) in _NAME_REFUSED:
            label = _LABELS.get(char) or unicodedata.name(char, "a control character").lower()
            return (
                f"{what} may not contain {label} (U+{ord(char):04X}, character {index + 1}): "
                "use letters, digits, spaces and punctuation"
            )
    return None


def name_key(name: str) -> str:
    """The form two names are compared in: case-folded and NFKC-normalised."""
    return unicodedata.normalize("NFKC", name).casefold()


def same_name(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name the same person (they differ at most by case)."""
    return name_key(a) == name_key(b)
