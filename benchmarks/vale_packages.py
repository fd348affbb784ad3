"""A realistic set of five Vale packages (124 rules, long token lists) for the benchmarks.

Public Vale packages (Microsoft, Google, write-good, proselint, alex) are what brands extend,
and what makes a guide slow to load: existence and substitution rules with hundreds of
tokens each (about 12,000 here: under the 20,000 alternatives a guide may hold, see
``composer/core/rules/pattern_limits.py``). Their word lists are not copied here; this module writes
packages of the same shape with synthesised vocabulary (pronounceable made-up words and
phrases, with the regular-expression features those packages use: optional groups,
character classes, alternations, ``\\w`` suffixes), deterministically from a seed. The
output is written by this project and under its licence.

Usage: ``.venv/bin/python benchmarks/vale_packages.py DIR`` writes ``DIR/brand-guide.yml``
(the example guide extending the five packages) and ``DIR/styles/<Package>/*.yml``.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from composer.resources import resource_path

_ONSETS = ("b", "bl", "br", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gl", "gr")
_ONSETS += ("h", "j", "k", "l", "m", "n", "p", "pl", "pr", "qu", "r", "s", "sh", "sk", "sl")
_ONSETS += ("sm", "sn", "sp", "st", "str", "sw", "t", "th", "tr", "v", "w", "wh", "y", "z")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oa", "oo", "ou")
_CODAS = ("", "", "b", "ck", "d", "ft", "g", "k", "l", "ld", "lt", "m", "mp", "n", "nd", "ng")
_CODAS += ("nk", "nt", "p", "r", "rd", "rk", "rn", "rt", "s", "sh", "sk", "st", "t", "x")
_SUFFIXES = ("", "", "", "ly", "ness", "ment", "ize", "ise", "able", "ful", "less", "ing", "ed")


@dataclass(frozen=True)
class Package:
    """One Vale package: its name, rule count and how long its token lists run."""

    name: str
    rules: int
    #: (smallest, largest) tokens in an existence rule or pairs in a substitution rule.
    tokens: tuple[int, int]
    #: Share of the rules that are substitutions (the rest mostly existence).
    swap_share: float


# Rule counts per package as in the public packages' shapes: 124 rules in all.
PACKAGES = (
    Package("Msft", 40, (36, 800), 0.45),
    Package("Goog", 30, (28, 650), 0.40),
    Package("WriteGood", 8, (72, 1080), 0.10),
    Package("Prose", 30, (22, 500), 0.35),
    Package("Alex", 16, (58, 940), 0.60),
)


class _Words:
    """Pronounceable made-up words, never repeated, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[str] = set()

    def word(self) -> str:
        rng = self._rng
        while True:
            syllables = rng.choice((1, 2, 2, 2, 3, 3))
            stem = "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(syllables)
            )
            word = stem + rng.choice(_SUFFIXES)
            if word not in self._seen and 3 <= len(word) <= 18:
                self._seen.add(word)
                return word

    def phrase(self) -> str:
        return " ".join(self.word() for _ in range(self._rng.choice((1, 1, 1, 2, 2, 3))))

    def token(self) -> str:
        """A token as Vale packages write them: mostly words and phrases, some patterns."""
        rng = self._rng
        roll = rng.random()
        if roll < 0.70:
            return self.phrase()
        word = self.word()
        if roll < 0.78 or len(word) < 5:
            return f"{word}(?:s|es)?"
        if roll < 0.81:
            return f"[{word[0].upper()}{word[0]}]{word[1:]}"  # a case class, as in [Uu]tilize
        if roll < 0.84:
            cut = len(word) - 2  # a spelling variant near the end, as in utili[sz]e
            return f"{word[:cut]}[{word[cut]}{rng.choice('aeiou')}]{word[cut + 1 :]}"
        if roll < 0.90:
            return f"(?:{word}|{self.word()})"
        if roll < 0.95:
            return f"{word}\\w*"
        return f"{word} (?:of|to|for) {self.word()}"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _existence(rng: random.Random, words: _Words, size: int, name: str) -> str:
    ignorecase = "true" if rng.random() < 0.85 else "false"
    level = rng.choice(("suggestion", "warning", "warning", "error"))
    lines = [
        "extends: existence",
        f"message: \"{name}: avoid '%s'.\"",
        f"link: https://styles.example/{name.lower()}",
        f"level: {level}",
        f"ignorecase: {ignorecase}",
    ]
    if rng.random() < 0.2:
        lines.append("nonword: false")
    if rng.random() < 0.15:
        lines.append(f"exceptions: [{_quote(words.word())}, {_quote(words.word())}]")
    lines.append("tokens:")
    lines += [f"  - {_quote(words.token())}" for _ in range(size)]
    return "\n".join(lines) + "\n"


def _substitution(rng: random.Random, words: _Words, size: int, name: str) -> str:
    level = rng.choice(("suggestion", "warning", "warning", "error"))
    lines = [
        "extends: substitution",
        f"message: \"{name}: use '%s' instead of '%s'.\"",
        f"link: https://styles.example/{name.lower()}",
        f"level: {level}",
        "ignorecase: true",
        "swap:",
    ]
    for _ in range(size):
        target = words.phrase()
        if rng.random() < 0.1:
            target += "|" + words.word()
        lines.append(f"  {_quote(words.token())}: {_quote(target)}")
    return "\n".join(lines) + "\n"


def _other(rng: random.Random, words: _Words, index: int, name: str) -> str:
    """The odd rules packages also hold: occurrence, repetition, consistency, conditional."""
    kind = index % 4
    if kind == 0:
        return (
            "extends: occurrence\n"
            f'message: "{name}: more than %s uses."\n'
            f"max: {rng.randint(2, 6)}\n"
            f"token: {_quote(words.word())}\n"
        )
    if kind == 1:
        return (
            "extends: repetition\n"
            f"message: \"{name}: '%s' is repeated.\"\n"
            "alpha: true\n"
            "tokens: ['[^\\s]+']\n"
        )
    if kind == 2:
        first, second = words.word(), words.word()
        return (
            "extends: consistency\n"
            f"message: \"{name}: inconsistent spelling of '%s'.\"\n"
            "ignorecase: true\n"
            "either:\n"
            f"  {_quote(first + 'ise')}: {_quote(first + 'ize')}\n"
            f"  {_quote(second + 'our')}: {_quote(second + 'or')}\n"
        )
    acronym = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(rng.randint(3, 4)))
    return (
        "extends: conditional\n"
        f"message: \"{name}: define '%s' on first use.\"\n"
        f"first: '\\b({acronym})\\b'\n"
        f"second: '(?:\\b[A-Z][a-z]+ )+\\(({acronym})\\)'\n"
    )


def write_packages(root: Path, seed: int = 16) -> int:
    """Write the five packages under ``root/styles``; returns the number of tokens written."""
    rng = random.Random(seed)
    words = _Words(rng)
    total = 0
    for package in PACKAGES:
        folder = root / "styles" / package.name
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(package.rules):
            name = f"Rule{index:02d}{words.word().capitalize()}"
            low, high = package.tokens
            # Most lists are short and a few are very long, as in the real packages.
            size = min(high, max(low, int(rng.paretovariate(1.2) * low)))
            roll = rng.random()
            if index % 10 == 9:
                body = _other(rng, words, index // 10, name)
            elif roll < package.swap_share:
                body = _substitution(rng, words, size, name)
                total += size
            else:
                body = _existence(rng, words, size, name)
                total += size
            (folder / f"{name}.yml").write_text(body, encoding="utf-8")
    return total


def write_guide(root: Path, seed: int = 16) -> Path:
    """The example guide extending the five packages, written under ``root``; its path."""
    example = resource_path("example", "brand-guide.yml")
    shutil.copytree(example.parent / "styles", root / "styles", dirs_exist_ok=True)
    write_packages(root, seed)
    names = ", ".join(f"styles/{p.name}" for p in PACKAGES)
    text = example.read_text(encoding="utf-8")
    old = "styles: [styles/Northwind]"
    if old not in text:
        raise RuntimeError(f"the example guide no longer says {old!r}")
    guide = root / "brand-guide.yml"
    guide.write_text(text.replace(old, f"styles: [styles/Northwind, {names}]"), encoding="utf-8")
    return guide


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: vale_packages.py DIR")
    target = Path(sys.argv[1])
    written = write_guide(target)
    print(written)
