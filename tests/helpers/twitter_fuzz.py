"""Random tweets and a differential comparison against the npm twitter-text library.

Used by tests/core/test_text_oracle.py (a few thousand texts) and, for a longer run,
directly: ``python tests/helpers/twitter_fuzz.py 50000 [seed]``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HELPERS = Path(__file__).resolve().parent

WORDS = [
    "hello",
    "world",
    "launch",
    "Brand",
    "new",
    "today",
    "a",
    "I",
    "we're",
    "RT",
    "rt",
    "ok",
    "x",
    "don't",
    "2024",
    "café",
    "naïve",
    "Straße",
]
PUNCT = [
    ".",
    ",",
    "!",
    "?",
    ":",
    ";",
    "(",
    ")",
    '"',
    "'",
    "-",
    "/",
    "…",
    "—",
    "–",
    "&",
    "*",
    "%",
    "_",
    "~",
    "|",
    "[",
    "]",
]
SEPARATORS = [" ", " ", " ", "", "\n", "\r\n", "\t", "\u3000", "\u00a0", "  "]
TLDS = [
    "com",
    "org",
    "net",
    "co.uk",
    "jp",
    "io",
    "de",
    "co",
    "ly",
    "中国",
    "рф",
    "みんな",
    "コム",
    "xyz",
    "abc",
    "onion",
    "zzz",
    "c",
]
LABELS = [
    "example",
    "t",
    "bit",
    "foo-bar",
    "www.example",
    "a.b",
    "müller",
    "bücher",
    "例え",
    "xn--bcher-kva",
    "xn--",
    "sub.domain",
    "x" * 70,
    "y" * 62,
    "café",
    "\u0627\u0644\u0639\u0631\u0628",
]
PATHS = [
    "",
    "/",
    "/path",
    "/path/to/page.html",
    "/a?b=c&d=e",
    "/wiki/Foo_(bar)",
    "/#!/user",
    "?q=1",
    "/ünï",
    "/@user",
    "/x.",
    "/~me",
    "/%20",
    "/a(b)c",
    ":8080/x",
]
EMOJI = [
    "😀",
    "👍",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "👩🏽‍💻",
    "🧑‍🤝‍🧑",
    "🇯🇵",
    "🇺🇸",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "1️⃣",
    "#️⃣",
    "*⃣",
    "©️",
    "®",
    "™",
    "❤️",
    "❤",
    "❤️‍🔥",
    "🥱",
    "🫠",
    "🫨",
    "🦩",
    "🏳️‍🌈",
    "🏃‍♀️",
    "👁️‍🗨️",
    "☺",
    "☺️",
    "✌🏿",
    "🤷🏻‍♂️",
    "🧔‍♀️",
    "🫱🏼‍🫲🏿",
    "🐈‍⬛",
    "\U0001f3fb",
    "\u200d",
    "\ufe0f",
]
SCRIPTS = [
    "日本語のテキスト",
    "中文字符",
    "한국어 텍스트",
    "ไทย",
    "עברית",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "Ελληνικά",
    "Русский",
    "e\u0301",
    "A\u030a",
    "\u212b",
    "\u0958",
    "\u1100\u1161",
    "o\u0308\u0304",
    "𝐀𝐁𝐂",
    "𠀀𠀁",
    "𐌰𐌱",
    "ﬁ",
    "ｆｕｌｌ",
]
CONTROLS = [
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u061c",
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u2028",
    "\u0000",
    "\u00ad",
    "\u2060",
]


def _url(rng: random.Random) -> str:
    scheme = rng.choice(["", "", "http://", "https://", "HTTPS://", "ftp://", "http://www."])
    if rng.random() < 0.15:
        slug = "".join(rng.choice("abcXYZ0123456789") for _ in range(rng.choice([5, 10, 40, 41])))
        query = rng.choice(["", "?a=1", "?x=y&z=w", "?"])
        return f"{rng.choice(['https://', 'http://', ''])}t.co/{slug}{query}"
    host = ".".join(rng.choice(LABELS) for _ in range(rng.choice([1, 1, 2])))
    return f"{scheme}{host}.{rng.choice(TLDS)}{rng.choice(PATHS)}{rng.choice(['', '', '.', ',', ')', '!', '?', '…'])}"


def _piece(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.30:
        return rng.choice(WORDS)
    if roll < 0.40:
        return _url(rng)
    if roll < 0.47:
        user = "".join(rng.choice("abcdefXYZ_0123") for _ in range(rng.choice([1, 5, 15, 20, 21])))
        sign = rng.choice(["@", "@", "＠", "rt @", "RT@", "a@", ".@"])
        slug = rng.choice(["", "", "/list", "/my-list_01", "/" + "l" * 30, "/9"])
        return sign + user + slug + rng.choice(["", "", "@", "é", "://", ":"])
    if roll < 0.54:
        tag = rng.choice(
            [
                "tag",
                "日本",
                "한국어",
                "café",
                "123",
                "tag_1",
                "ไทย",
                "Ελλάδα",
                "a\u0301b",
                "𠀀",
                "_",
                "ab\u200cc",
                "x\u200dy",
            ]
        )
        return (
            rng.choice(["#", "#", "＃", "a#", "&#", "##"])
            + tag
            + rng.choice(["", "", "#", "://", "é"])
        )
    if roll < 0.58:
        return (
            rng.choice(["$", "$", "a$"])
            + rng.choice(["AAPL", "aapl", "BRK.B", "ab_cd", "TOOLONGX", "1", "X"])
            + rng.choice(["", "", ".", "$"])
        )
    if roll < 0.72:
        return "".join(rng.choice(EMOJI) for _ in range(rng.choice([1, 1, 2, 3])))
    if roll < 0.84:
        return rng.choice(SCRIPTS)
    if roll < 0.92:
        return rng.choice(PUNCT)
    return rng.choice(CONTROLS)


def random_tweet(rng: random.Random) -> str:
    """One random text mixing words, URLs, entities, emoji, scripts and control characters."""
    pieces = rng.choice([1, 3, 8, 20, 40, 80, 140])
    out = []
    for _ in range(pieces):
        out.append(_piece(rng))
        out.append(rng.choice(SEPARATORS))
    if rng.random() < 0.1:
        out = [rng.choice(EMOJI) * rng.choice([70, 139, 140, 141])]
    return "".join(out).strip(" ") if rng.random() < 0.8 else "".join(out)


def node_modules() -> Path | None:
    """Where the npm twitter-text package lives, or None."""
    candidates = [
        os.environ.get("TWITTER_TEXT_NODE_MODULES"),
        str(HELPERS / "node_modules"),
        "/tmp/npmtt/node_modules",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "twitter-text" / "package.json").is_file():
            return Path(candidate)
    return None


def run_oracle(texts: list[str], modules: Path) -> list[dict[str, Any]]:
    """parseTweet (v1/v2/v3) and extractEntitiesWithIndices for every text, from node."""
    node = shutil.which("node")
    assert node is not None
    lines = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    done = subprocess.run(
        [node, str(HELPERS / "twitter_oracle.js")],
        input=lines.encode("utf-8", "surrogatepass"),
        capture_output=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        check=True,
        timeout=600,
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def _unit_starts(text: str) -> list[int]:
    starts, units = [], 0
    for char in text:
        starts.append(units)
        units += 2 if ord(char) > 0xFFFF else 1
    starts.append(units)
    return starts


def inclusive(text: str, index: int) -> int:
    """Python index of the character holding UTF-16 unit ``index``.

    A negative index (twitter-text's valid range end after NFC lengthened the text) is
    kept as it is; one past the end is extrapolated.
    """
    if index < 0:
        return index
    starts = _unit_starts(text)
    for position in range(len(text)):
        if starts[position] <= index < starts[position + 1]:
            return position
    return index - (starts[-1] - len(text))


def exclusive(text: str, index: int) -> int:
    """Number of characters in the first ``index`` UTF-16 units."""
    starts = _unit_starts(text)
    return next(i for i, s in enumerate(starts) if s >= index)


def compare(text: str, oracle: dict[str, Any]) -> list[str]:
    """Differences between this port and the oracle for one text (empty when equal)."""
    from composer.core.text import extract_entities, parse_tweet

    problems = []
    for name, js in oracle["parse"].items():
        py = parse_tweet(text, name)
        expected = (
            js["weightedLength"],
            js["valid"],
            js["permillage"],
            inclusive(text, js["validRangeEnd"]),
            inclusive(text, js["displayRangeEnd"]),
        )
        got = (
            py.weighted_length,
            py.valid,
            py.permillage,
            py.valid_range_end,
            py.display_range_end,
        )
        if expected != got or py.valid_range_start != 0 or py.display_range_start != 0:
            problems.append(f"{name}: expected {expected}, got {got}")
    expected_entities = [
        (
            e["kind"],
            e["value"],
            e.get("listSlug", ""),
            exclusive(text, e["indices"][0]),
            exclusive(text, e["indices"][1]),
        )
        for e in oracle["entities"]
    ]
    got_entities = [
        (e.kind.value, e.value, e.list_slug, e.start, e.end) for e in extract_entities(text)
    ]
    if expected_entities != got_entities:
        problems.append(f"entities: expected {expected_entities}, got {got_entities}")
    return problems


def differential(count: int, seed: int, modules: Path) -> list[tuple[str, list[str]]]:
    """Generate ``count`` texts from ``seed`` and return those that disagree with the oracle."""
    rng = random.Random(seed)
    texts = [random_tweet(rng) for _ in range(count)]
    results = run_oracle(texts, modules)
    assert len(results) == len(texts)
    failures = []
    for text, oracle in zip(texts, results, strict=True):
        problems = compare(text, oracle)
        if problems:
            failures.append((text, problems))
    return failures


if __name__ == "__main__":
    found = node_modules()
    if found is None:
        sys.exit("twitter-text not found (set TWITTER_TEXT_NODE_MODULES)")
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    bad = differential(total, seed, found)
    for text, problems in bad[:20]:
        print(repr(text))
        for problem in problems:
            print("   ", problem)
    print(f"{len(bad)} mismatches out of {total}")
