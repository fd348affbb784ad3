"""Route check at the tone level: which of the brand's accounts a draft's tone fits."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from composer.core.findings import Finding, Level
from composer.core.tone.analyzer import ToneAnalyzer

#: Levels that mean a draft does not fit an account.
BLOCKING_LEVELS = frozenset({Level.ERROR, Level.WARNING})


@dataclass(frozen=True, slots=True)
class RouteVerdict:
    """Whether a draft fits one account, and why not.

    Attributes:
        handle: The account.
        fits: True when no error or warning tone finding applies.
        reasons: Short phrases, one per broken limit ("promotional language").
        profile: The account's profile name.
        findings: The tone findings for that account (each with ``account`` set).
    """

    handle: str
    fits: bool
    reasons: tuple[str, ...] = ()
    profile: str = ""
    findings: tuple[Finding, ...] = ()


def route(
    analyzer: ToneAnalyzer, text: str, accounts: Mapping[str, str]
) -> tuple[RouteVerdict, ...]:
    """Check ``text`` against each account's profile (measured once), in ``accounts`` order.

    Args:
        analyzer: The guide's analyzer.
        text: The draft.
        accounts: Account handle -> profile name.

    Raises:
        ToneConfigError: an account names a profile that does not exist.
    """
    measurements = analyzer.measure(text)
    out = []
    for handle, profile in accounts.items():
        result = analyzer.check_measured(text, measurements, profile, handle=handle)
        blocking = [v for v in result.violations if v.level in BLOCKING_LEVELS]
        reasons = tuple(dict.fromkeys(v.reason for v in blocking))
        findings = tuple(dataclasses.replace(f, account=handle) for f in result.findings)
        out.append(RouteVerdict(handle, not blocking, reasons, profile, findings))
    return tuple(out)


def route_summary(verdicts: tuple[RouteVerdict, ...]) -> str:
    """One line: ``fits @AcmeDeals; not @AcmeHelp: promotional language``."""
    fits = [v.handle for v in verdicts if v.fits]
    parts = []
    if fits:
        parts.append("fits " + ", ".join(fits))
    parts.extend(f"not {v.handle}: {', '.join(v.reasons)}" for v in verdicts if not v.fits)
    return "; ".join(parts) if parts else "no accounts"
