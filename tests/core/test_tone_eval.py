"""Agreement between the tone check and a careful reviewer on tests/data/tone_eval.yml.

The drafts and verdicts were written before the measures were run on them (see the file's
header); the test reports every disagreement and requires at least 90% agreement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from composer.core.tone import ToneAnalyzer, parse_tone_section, route

PROFILES = ("support", "promotions", "events", "crisis")
REQUIRED_AGREEMENT = 0.90


EVAL_FILE = Path(__file__).parents[1] / "data" / "tone_eval.yml"


@pytest.fixture(scope="module")
def eval_set() -> dict[str, Any]:
    with EVAL_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def test_eval_set_is_well_formed(eval_set: dict[str, Any]) -> None:
    drafts = eval_set["drafts"]
    assert len(drafts) >= 80
    texts = [d["text"] for d in drafts]
    assert len(set(texts)) == len(texts)
    for d in drafts:
        assert set(d["fits"]) == set(PROFILES), d["text"]
        assert all(isinstance(v, bool) for v in d["fits"].values())
    assert set(eval_set["rubric"]) == {"all", *PROFILES}
    # Both verdicts occur for every profile, so agreement is not won by always saying one thing.
    for profile in PROFILES:
        verdicts = [d["fits"][profile] for d in drafts]
        assert 10 <= sum(verdicts) <= len(verdicts) - 10, profile


def test_agreement_with_reviewer(
    eval_set: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    analyzer = ToneAnalyzer(parse_tone_section(eval_set["tone"]))
    accounts = {profile: profile for profile in PROFILES}
    agree = 0
    total = 0
    disagreements = []
    for draft in eval_set["drafts"]:
        for verdict in route(analyzer, draft["text"], accounts):
            expected = draft["fits"][verdict.profile]
            total += 1
            if verdict.fits == expected:
                agree += 1
            else:
                said = "fits" if verdict.fits else "does not fit: " + ", ".join(verdict.reasons)
                want = "fits" if expected else "does not fit"
                disagreements.append(
                    f"  [{verdict.profile}] reviewer: {want}; tool: {said} :: {draft['text'][:80]}"
                )
    rate = agree / total
    report = f"tone agreement {agree}/{total} = {rate:.1%}\n" + "\n".join(disagreements)
    with capsys.disabled():
        print("\n" + report)
    assert rate >= REQUIRED_AGREEMENT, report
