r"""Grapheme clusters that may be emoji, found without walking every cluster in Python.

Both the rule scopes (``emoji``) and the tone measure count grapheme clusters (regex ``\\X``)
whose first characters look like an emoji. Walking every cluster of a draft costs a Python
step per character; here the regex engine walks the clusters and only the ones that start
with a possible emoji character come back.
"""

from __future__ import annotations

from typing import Final

import regex

# What an emoji cluster can start with: a pictographic, emoji-presentation or regional
# indicator character, or a keycap base followed by its combining mark.
_CANDIDATE: Final = (
    r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Regional_Indicator}]"
    r"|[#*0-9]\uFE0F?\u20E3"
)
# Runs of clusters that cannot be emoji, or one cluster that may be (group 1). The clusters
# are consumed one after another from the start, exactly as ``\X`` iterates them. A
# printable ASCII character followed by another is a cluster of its own (nothing after it
# extends it), so runs of them are skipped without segmenting.
_SCAN: Final = regex.compile(rf"(?:[ -~]+(?=[ -~])|(?!{_CANDIDATE})\X)+|((?={_CANDIDATE})\X)")
_ANY_CANDIDATE: Final = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Regional_Indicator}\u20E3]"
)


def candidate_clusters(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, cluster)`` for every grapheme cluster that may be an emoji, in order.

    A superset of the clusters any emoji pattern anchored at a cluster's start can match:
    callers filter them with their own definition.
    """
    if text.isascii() or _ANY_CANDIDATE.search(text) is None:
        return ()
    out = []
    for match in _SCAN.finditer(text):
        cluster = match.group(1)
        if cluster is not None:
            start = match.start()
            out.append((start, start + len(cluster), cluster))
    return tuple(out)
