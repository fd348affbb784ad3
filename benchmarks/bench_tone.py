"""Tone check speed: ToneAnalyzer.check over 1,000 varied drafts (goal: < 1 ms p99)."""

from __future__ import annotations

import random
import statistics
import time

PROFILE = {
    "profiles": {
        "support": {
            "sentiment": {"min": -0.8},
            "promotional": {"forbid": True},
            "exclamations": {"max": 1},
            "exclamation_run": {"max": 1},
            "emoji": {"max": 2},
            "shouting": {"forbid": True},
            "voice": {"require": "we"},
            "topics": {"forbid": ["politics", "religion"]},
            "profanity": {"forbid": True},
            "readability": {"min": 40},
        },
        "promotions": {"disclosure": {"require": ["#ad"]}, "hashtags": {"max": 3}},
        "events": {"promotional": {"max": 3}, "exclamations": {"max": 2}},
        "crisis": {"promotional": {"forbid": True}, "emoji": {"max": 0}},
    }
}

FRAGMENTS = [
    "Sorry to hear your parcel hasn't arrived yet.",
    "Could you DM us your order number so we can look into it?",
    "Our summer sale is here: 30% off all tents until Sunday!",
    "Shop now at https://acme.com/sale",
    "#ad #summer",
    "Join us at the Acme Trail Run on 14 June 🏃‍♀️🏃‍♂️",
    "Tickets from £20, book now.",
    "We are aware that some customers cannot log in.",
    "THIS IS HUGE!!!",
    "What the f*ck happened to our site today?",
    "Whoever wins the election, our stores stay open.",
    "God bless everyone who came out today.",
    "I'm Priya from the support team.",
    "@maria_k thanks so much 💛",
    "山の日 おめでとう! Happy Mountain Day 🗻🇯🇵",
    "شكرا لكم! Thank you to our customers in Dubai.",
    "The GPS on the Summit watch needs a clear view of the sky.",
    "Use code RAIN40 for 40% off, today only, while stocks last.",
    "Notwithstanding organisational complexity, comprehensive modernisation continues.",
    "👨‍👩‍👧 family day 1️⃣ 🎉🎉",
]


def _drafts(count: int) -> list[str]:
    rng = random.Random(4)
    out = []
    for _ in range(count):
        parts = rng.sample(FRAGMENTS, rng.randint(1, 5))
        text = " ".join(parts)
        out.append(text[:280])
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run() -> list[dict[str, str]]:
    from composer.core.tone import ToneAnalyzer, parse_tone_section, route

    started = time.perf_counter()
    analyzer = ToneAnalyzer(parse_tone_section(PROFILE))
    build_ms = (time.perf_counter() - started) * 1000
    drafts = _drafts(1000)
    profiles = list(PROFILE["profiles"])
    for text in drafts[:50]:  # warm up caches
        analyzer.check(text, "support")
    samples = []
    for i, text in enumerate(drafts):
        profile = profiles[i % len(profiles)]
        start = time.perf_counter()
        analyzer.check(text, profile, handle="@Acme")
        samples.append((time.perf_counter() - start) * 1000)
    accounts = {f"@{p}": p for p in profiles}
    route_samples = []
    for text in drafts[:300]:
        start = time.perf_counter()
        route(analyzer, text, accounts)
        route_samples.append((time.perf_counter() - start) * 1000)
    return [
        {
            "figure": "ToneAnalyzer.check p50 / p99 (1,000 varied drafts, 4 profiles)",
            "goal": "< 1 ms p99",
            "measured": f"{statistics.median(samples):.3f} ms / {_percentile(samples, 0.99):.3f} ms",
        },
        {
            "figure": "tone route check over 4 accounts p50 / p99 (300 drafts, measured once)",
            "goal": "< 2 ms p99",
            "measured": f"{statistics.median(route_samples):.3f} ms / {_percentile(route_samples, 0.99):.3f} ms",
        },
        {
            "figure": "ToneAnalyzer build (lexicons read, patterns compiled, VADER loaded)",
            "goal": "once per guide load",
            "measured": f"{build_ms:.0f} ms",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
