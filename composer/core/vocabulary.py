"""Which word of a finding can join the brand vocabulary, and how it is written there.

"Add to brand vocabulary" is offered on spelling, grammar and vocabulary (``Vale.Terms``)
findings that flag one word or name: the flagged text, as typed, becomes an accepted term.
Vocabulary entries are case-sensitive regular expressions (as in Vale's ``accept.txt``), so
the term is written with its special characters escaped.
"""

from __future__ import annotations

import re

from composer.core.findings import Finding, Source

#: The rule of a vocabulary finding (a brand term in the wrong case).
TERMS_RULE = "Vale.Terms"
#: Rules whose findings are spelling, whatever checker made them.
_SPELLING_PREFIXES = ("Spelling.", "Vale.Spelling")
_MAX_TERM = 100


def vocabulary_term(finding: Finding, text: str) -> str | None:
    """The term ``finding`` flags in ``text`` that may be accepted, or ``None``.

    Only spelling, grammar and vocabulary findings over one word or name (no spaces, at most
    100 characters) qualify: a style rule's finding is the guide's intent, not a missing word.
    """
    spelling = finding.rule.startswith(_SPELLING_PREFIXES)
    if finding.source is not Source.GRAMMAR and finding.rule != TERMS_RULE and not spelling:
        return None
    term = text[finding.start : finding.end].strip()
    if not term or len(term) > _MAX_TERM or any(ch.isspace() for ch in term):
        return None
    return term


def accept_pattern(term: str) -> str:
    """``term`` as a vocabulary entry: a pattern matching exactly that text."""
    return re.escape(term)
