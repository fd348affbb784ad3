"""A draft's findings and brand score, decided once for every face.

The window's findings panel and score, the Drafts list, the review view, ``check``, ``draft
submit`` and the exports all call :func:`assess` (or its two halves), so the same text for
the same account gets the same findings and the same score everywhere.

A draft is one post, or a thread (parts between ``---`` lines, as
:func:`composer.core.threads.part_spans` decides): each post is checked on its own against
the account (its limit, counting, rules and tone) and its findings are moved to the whole
text. Spelling and grammar findings come from a service (LanguageTool or the offline
dictionary); they are an input here, merged in before the score is computed. So are the
post's media (pictures and their alt text): the guide's media rules and the checks of each alt
text (:func:`composer.core.media_rules.post_media_findings`) join the findings, spanless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from types import MappingProxyType

from composer.core.checker import Checker
from composer.core.findings import Finding, Report, Source, sort_findings
from composer.core.guide.model import Account
from composer.core.media import MediaItem
from composer.core.media_rules import post_media_findings
from composer.core.score import brand_score
from composer.core.threads import part_spans, shift_finding


def check_draft(checker: Checker, text: str, account: Account | str | None = None) -> Report:
    """The local checks of ``text`` for ``account``: per post for a thread.

    A thread's ``weighted_length`` and ``limit`` metrics are its tightest post's (the one
    closest to, or furthest past, the limit), so the score's over-limit cap sees any post that
    does not fit; the other metrics (words, tone...) are the whole text's.
    """
    spans = part_spans(text)
    if len(spans) == 1:
        return checker.check(text, account)
    whole = checker.check(text, account)
    findings: list[Finding] = []
    notices: list[str] = list(whole.notices)
    tightest: tuple[float, float] | None = None
    for number, (start, end) in enumerate(spans, start=1):
        report = checker.check(text[start:end], account)
        notices.extend(n for n in report.notices if n not in notices)
        length = (report.metrics["weighted_length"], report.metrics["limit"])
        if tightest is None or length[1] - length[0] < tightest[1] - tightest[0]:
            tightest = length
        for finding in report.findings:
            moved = shift_finding(finding, start)
            if finding.source is Source.LENGTH:
                moved = replace(moved, message=f"Post {number} of {len(spans)}: {moved.message}")
            findings.append(moved)
    metrics = dict(whole.metrics)
    if tightest is not None:
        metrics["weighted_length"], metrics["limit"] = tightest
    metrics["posts"] = float(len(spans))
    return _scored(text, findings, metrics, tuple(notices))


def with_findings(report: Report, extra: Iterable[Finding]) -> Report:
    """``report`` with ``extra`` findings (spelling, grammar) merged in and scored again.

    A spelling or grammar finding on exactly the text a guide rule flags already (a
    competitor's name, a banned word) is left out: the guide's finding says more, and one
    problem is reported once.
    """
    judged = {span for f in report.findings for span in f.spans}
    added = tuple(f for f in extra if (f.start, f.end) not in judged)
    if not added:
        return report
    return _scored(report.text, [*report.findings, *added], dict(report.metrics), report.notices)


def assess(
    checker: Checker,
    text: str,
    account: Account | str | None = None,
    *,
    spelling: Iterable[Finding] = (),
    media: Sequence[MediaItem] = (),
    alt_spelling: Sequence[Sequence[Finding]] = (),
) -> Report:
    """Findings and brand score of a draft: :func:`check_draft` plus ``spelling`` and media.

    Args:
        checker: The compiled guide.
        text: The draft (one post, or a thread).
        account: The account it is for (default: the guide's first).
        spelling: What the spelling/grammar service found in ``text`` (empty when it is off).
        media: The draft's pictures, GIF or video with their alt text, in order.
        alt_spelling: What the spelling service (the offline dictionary) found in each
            item's alt text, in the order of ``media`` (spans in that alt text); empty when
            it is off.

    The report's metrics count the media (``media``) when there are some, for the tone meter.
    """
    report = with_findings(check_draft(checker, text, account), spelling)
    found = post_media_findings(checker, media, account, spelling=alt_spelling)
    return with_media(report, media, found)


def with_media(report: Report, media: Sequence[MediaItem], found: Iterable[Finding]) -> Report:
    """``report`` with the media findings ``found`` (of ``post_media_findings``) scored in.

    The window's check controller calls this with the findings it keeps between keystrokes;
    :func:`assess` with those it has just made: both score them the same way.
    """
    if not media:
        return report
    metrics = dict(report.metrics)
    metrics["media"] = float(len(media))
    # Spanless (0..0), so not merged by place as spelling is: each is its own problem.
    return _scored(report.text, [*report.findings, *found], metrics, report.notices)


def spelling_of(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The spelling and grammar findings among stored ones (the service's part of a check)."""
    return tuple(f for f in findings if f.source is Source.GRAMMAR)


def _scored(
    text: str, findings: list[Finding], metrics: dict[str, float], notices: tuple[str, ...]
) -> Report:
    ordered = sort_findings(findings)
    score = brand_score(
        ordered, text, metrics.get("weighted_length", 0.0), metrics.get("limit", 0.0)
    )
    return Report(
        text=text,
        findings=ordered,
        metrics=MappingProxyType(metrics),
        score=score,
        notices=notices,
    )
