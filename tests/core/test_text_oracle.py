"""Differential test against the official twitter-text library (node + npm twitter-text 3.1.0).

The package is looked up in TWITTER_TEXT_NODE_MODULES, then tests/helpers/node_modules
(``npm ci --prefix tests/helpers``), then /tmp/npmtt/node_modules; without node or the
package the test is skipped with the reason.
"""

from __future__ import annotations

import shutil

import pytest
from helpers.twitter_fuzz import differential, node_modules

pytestmark = [pytest.mark.oracle, pytest.mark.slow]


@pytest.fixture(scope="module")
def modules():  # type: ignore[no-untyped-def]
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the twitter-text oracle cannot run")
    found = node_modules()
    if found is None:
        pytest.skip(
            "npm twitter-text 3.1.0 not found: run `npm ci --prefix tests/helpers` "
            "or set TWITTER_TEXT_NODE_MODULES"
        )
    return found


@pytest.mark.parametrize("seed", [11, 12])
def test_random_tweets_match_twitter_text(modules, seed: int) -> None:  # type: ignore[no-untyped-def]
    failures = differential(1500, seed, modules)
    shown = "\n".join(f"{text!r}: {problems}" for text, problems in failures[:5])
    assert not failures, f"{len(failures)} of 1500 texts disagree with twitter-text:\n{shown}"
