"""Tweets per second of composer.core.text.parse_tweet (v3 and v1) vs twitter-text-parser.

Run: ``python benchmarks/bench_counting.py``. ``run()`` returns rows for benchmarks/run.py.
The corpus is 10,000 varied tweets from a seeded generator (words, URLs, mentions,
hashtags, cashtags, emoji sequences, CJK, RTL, combining marks), the same for every parser.
The port caches URL matches per word (a draft is re-counted on every keystroke, and the
corpus repeats its words too), so a second v3 figure empties that cache before each tweet.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from composer.core.text import extract, parse_tweet

CORPUS_SIZE = 10_000
SEED = 2024
_PIECES = [
    "launch",
    "today",
    "brand",
    "new",
    "we",
    "are",
    "live",
    "thanks",
    "everyone",
    "check",
    "it",
    "out",
    "https://example.com/launch?utm=x",
    "www.brand.co.uk",
    "t.co/AbC123xyz",
    "bit.ly/3xYz",
    "@brand",
    "@team/list",
    "#launch",
    "#日本",
    "$AAPL",
    "😀",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "🇯🇵",
    "1️⃣",
    "日本語のテキスト",
    "한국어",
    "العربية",
    "e\u0301",
    "café",
    "—",
    ".",
    ",",
    "!",
    "\n",
]


def corpus(size: int = CORPUS_SIZE, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_PIECES) for _ in range(rng.randint(3, 60))) for _ in range(size)]


def _rate(func: Callable[[str], Any], texts: list[str]) -> float:
    for text in texts[:200]:
        func(text)
    start = time.perf_counter()
    for text in texts:
        func(text)
    return len(texts) / (time.perf_counter() - start)


def _cold_v3(text: str) -> Any:
    """parse_tweet v3 with the URL match cache emptied first (the worst case for it)."""
    extract._WINDOW_CACHE.clear()
    return parse_tweet(text, "v3")


def run() -> list[dict[str, Any]]:
    texts = corpus()
    ours_v3 = _rate(lambda t: parse_tweet(t, "v3"), texts)
    ours_v1 = _rate(lambda t: parse_tweet(t, "v1"), texts)
    cold_v3 = _rate(_cold_v3, texts)
    rows: list[dict[str, Any]] = [
        {
            "figure": "parse_tweet v3 (tweets/s)",
            "goal": ">= 10x twitter-text-parser (~12,000)",
            "measured": f"{ours_v3:,.0f}",
        },
        {"figure": "parse_tweet v1 (tweets/s)", "goal": ">= 12,000", "measured": f"{ours_v1:,.0f}"},
        {
            "figure": "parse_tweet v3, URL cache emptied before each tweet (tweets/s)",
            "goal": "information",
            "measured": f"{cold_v3:,.0f}",
        },
    ]
    try:
        from twitter_text import parse_tweet as reference_parse  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - the reference is a dev dependency
        rows.append(
            {
                "figure": "twitter-text-parser (tweets/s)",
                "goal": "reference",
                "measured": f"unavailable: {exc}",
            }
        )
        return rows
    reference = _rate(reference_parse, texts[:2000])
    rows.append(
        {
            "figure": "twitter-text-parser v3 (tweets/s)",
            "goal": "reference",
            "measured": f"{reference:,.0f}",
        }
    )
    rows.append(
        {
            "figure": "speed-up v3 vs twitter-text-parser",
            "goal": ">= 10x",
            "measured": f"{ours_v3 / reference:.1f}x",
        }
    )
    rows.append(
        {
            "figure": "speed-up v3 (URL cache emptied each tweet) vs twitter-text-parser",
            "goal": "information",
            "measured": f"{cold_v3 / reference:.1f}x",
        }
    )
    return rows


if __name__ == "__main__":
    print("| figure | goal | measured |")
    print("|---|---|---|")
    for row in run():
        print(f"| {row['figure']} | {row['goal']} | {row['measured']} |")
