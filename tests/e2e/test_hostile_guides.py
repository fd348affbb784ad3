"""Hostile guides: each is refused with a located message, in bounded memory and time.

Every case builds a small guide (a few lines, or a FIFO, a link to a device, a file just
over a limit) and runs ``brand-composer guide lint`` and ``brand-composer check`` on it in
subprocesses capped at 1 GiB of address space and 20 seconds. Both must exit 2 (a bad guide,
as the CLI contract says), print the problem as ``FILE:LINE:COLUMN: message`` and never a
traceback. Before these limits, ``a{1000000000}`` took 5.9 GB, a billion-laughs document
4.9 GB, a FIFO hung for ever and a deep formula ended in a ``RecursionError``.
"""

from __future__ import annotations

import os
import random
import re
import resource
import string
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from composer.core.guide.files import MAX_FILE_BYTES

MEMORY_CAP = 1 << 30
TIME_LIMIT = 20
LOCATED = re.compile(r"^\S[^\n]*:\d+:\d+: \S", re.MULTILINE)

Build = Callable[[Path], Path]


def _cap_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _guide(folder: Path, body: str, name: str = "brand-guide.yml") -> Path:
    path = folder / name
    path.write_text("brand: Hostile\n" + body, encoding="utf-8")
    return path


def _rule(folder: Path, body: str) -> Path:
    """A guide with one inline rule; ``body`` holds the rule's keys (4-space indented)."""
    return _guide(folder, "rules:\n  - id: H.Rule\n    message: 'Bad: %s'\n" + body)


def _style(folder: Path, files: dict[str, str | None]) -> Path:
    """A guide using style folder ``styles/H``; ``None`` content makes no file (see callers)."""
    style = folder / "styles" / "H"
    style.mkdir(parents=True)
    for name, text in files.items():
        if text is not None:
            (style / name).write_text(text, encoding="utf-8")
    return _guide(folder, "styles: [styles/H]\n")


def _ini(folder: Path) -> Path:
    """A ``.vale.ini`` with a vocabulary folder ``styles/config/vocabularies/V``."""
    (folder / "styles" / "config" / "vocabularies" / "V").mkdir(parents=True)
    ini = folder / ".vale.ini"
    ini.write_text("StylesPath = styles\nVocab = V\n[*]\nBasedOnStyles = Vale\n", "utf-8")
    return ini


def _vocabulary(folder: Path) -> Path:
    return folder / "styles" / "config" / "vocabularies" / "V"


def _ini_with_terms(folder: Path, terms: str) -> Path:
    ini = _ini(folder)
    (_vocabulary(folder) / "accept.txt").write_text(terms, "utf-8")
    return ini


def _laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["a: &a [" + ", ".join(["lol"] * width) + "]"]
    for prev, name in zip("abcdefghijk", "bcdefghijkl", strict=False):
        if len(lines) == levels:
            break
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _words(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(count)]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _case_fifo_in_style(folder: Path) -> Path:
    guide = _style(folder, {"Good.yml": "extends: existence\nmessage: '%s'\ntokens: [bad]\n"})
    _fifo(folder / "styles" / "H" / "Pipe.yml")
    return guide


def _case_fifo_guide(folder: Path) -> Path:
    return _fifo(folder / "brand-guide.yml")


def _case_zero_style(folder: Path) -> Path:
    guide = _style(folder, {})
    (folder / "styles" / "H" / "Zero.yml").symlink_to("/dev/zero")
    return guide


def _case_zero_guide(folder: Path) -> Path:
    guide = folder / "brand-guide.yml"
    guide.symlink_to("/dev/zero")
    return guide


def _case_urandom_vocabulary(folder: Path) -> Path:
    ini = _ini(folder)
    (_vocabulary(folder) / "reject.txt").symlink_to("/dev/urandom")
    return ini


def _case_fifo_vocabulary(folder: Path) -> Path:
    ini = _ini(folder)
    _fifo(_vocabulary(folder) / "accept.txt")
    return ini


def _case_link_loop(folder: Path) -> Path:
    guide = _style(folder, {})
    (folder / "styles" / "H" / "Loop.yml").symlink_to("Loop.yml")
    return guide


def _case_big_guide(folder: Path) -> Path:
    return _guide(folder, "# " + "x" * MAX_FILE_BYTES + "\n")


def _case_big_style_file(folder: Path) -> Path:
    padding = "# " + "y" * MAX_FILE_BYTES + "\n"
    return _style(folder, {"Big.yml": "extends: existence\ntokens: [bad]\n" + padding})


def _case_big_vocabulary(folder: Path) -> Path:
    ini = _ini(folder)
    (_vocabulary(folder) / "accept.txt").write_text("Term\n" * (MAX_FILE_BYTES // 4), "utf-8")
    return ini


def _case_merge_laughs(folder: Path) -> Path:
    lines = ["a: &a {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8}"]
    for prev, name in zip("abcdefghijk", "bcdefghijkl", strict=False):
        lines.append(f"{name}: &{name}\n  <<: [" + ", ".join([f"*{prev}"] * 8) + "]")
        lines.append(f"  {name}x: [" + ", ".join([f"*{prev}"] * 8) + "]")
    return _guide(folder, "\n".join(lines) + "\n")


def _case_self_alias(folder: Path) -> Path:
    return _guide(folder, "vocabulary: &v\n  accept: [*v]\n")


# Each case: a builder and a phrase the located message must contain.
CASES: dict[str, tuple[Build, str]] = {
    "huge-repeat": (
        lambda d: _rule(d, "    extends: existence\n    raw: ['a{1000000000}']\n"),
        "repeats",
    ),
    "nested-repeats": (
        lambda d: _rule(
            d, "    extends: existence\n    raw: ['(?:(?:(?:a{100}){100}){100}){100}']\n"
        ),
        "nested repeats",
    ),
    "repeat-lower-bound": (
        lambda d: _rule(d, "    extends: existence\n    tokens: ['x{5000,}']\n"),
        "repeats",
    ),
    "huge-repeat-digits": (
        lambda d: _rule(d, "    extends: existence\n    raw: ['a{99999999999999999999999}']\n"),
        "repeats",
    ),
    "repeat-in-exceptions": (
        lambda d: _rule(
            d, "    extends: existence\n    tokens: [x]\n    exceptions: ['(?:b{1000}){1000}']\n"
        ),
        "nested repeats",
    ),
    "repeat-in-occurrence": (
        lambda d: _rule(d, "    extends: occurrence\n    max: 1\n    token: '(a|b){3000}'\n"),
        "repeats",
    ),
    "repeat-in-conditional": (
        lambda d: _rule(d, "    extends: conditional\n    first: 'x{2000}'\n    second: 'y'\n"),
        "repeats",
    ),
    "repeat-in-swap": (
        lambda d: _rule(d, "    extends: substitution\n    swap:\n      'z{100000}': zed\n"),
        "repeats",
    ),
    "repeats-unrolled": (
        lambda d: _rule(d, "    extends: existence\n    raw: ['" + "a{1000}" * 200 + "']\n"),
        "unrolls",
    ),
    "hundred-thousand-branches": (
        lambda d: _rule(
            d, "    extends: existence\n    raw: ['" + "|".join(_words(100_000)) + "']\n"
        ),
        "characters long",
    ),
    "many-branches-short": (
        lambda d: _rule(d, "    extends: existence\n    raw: ['" + "|".join("ab" * 3000) + "']\n"),
        "alternatives",
    ),
    "many-tokens": (
        lambda d: _rule(
            d, "    extends: existence\n    tokens: [" + ", ".join(_words(6000)) + "]\n"
        ),
        "alternatives",
    ),
    "many-swap-keys": (
        lambda d: _rule(
            d,
            "    extends: substitution\n    swap:\n"
            + "".join(f"      {w}: x{w}\n" for w in _words(6000)),
        ),
        "alternatives",
    ),
    "guide-budget": (
        lambda d: _guide(
            d,
            "rules:\n"
            + "".join(
                f"  - id: H.R{i}\n    extends: existence\n    message: '%s'\n"
                "    raw: ['" + "a{1000}" * 99 + "']\n"
                for i in range(7)
            ),
        ),
        "together",
    ),
    "long-pattern": (
        lambda d: _rule(d, "    extends: existence\n    raw: ['" + "q" * 50_000 + "']\n"),
        "characters long",
    ),
    "deep-groups": (
        lambda d: _rule(
            d, "    extends: existence\n    raw: ['" + "(" * 300 + "a" + ")" * 300 + "']\n"
        ),
        "nests groups",
    ),
    "deep-groups-vocabulary": (
        lambda d: _guide(d, "vocabulary:\n  accept: ['" + "(?:" * 400 + "a" + ")" * 400 + "']\n"),
        "nests groups",
    ),
    "repeat-vocabulary": (
        lambda d: _guide(d, "vocabulary:\n  reject: ['(?:(?:x{50}){50}){50}']\n"),
        "nested repeats",
    ),
    "many-vocabulary-terms": (
        lambda d: _guide(d, "vocabulary:\n  accept: [" + ", ".join(_words(6000)) + "]\n"),
        "at most",
    ),
    "vocabulary-file-repeat": (
        lambda d: _ini_with_terms(d, "Fine\n(?:a{999}){999}\n"),
        "nested repeats",
    ),
    "formula-parentheses": (
        lambda d: _rule(
            d,
            "    extends: metric\n    condition: '> 1'\n    formula: '"
            + "(" * 50_000
            + "1"
            + ")" * 50_000
            + "'\n",
        ),
        "formula",
    ),
    "formula-depth": (
        lambda d: _rule(
            d,
            "    extends: metric\n    condition: '> 1'\n    formula: '"
            + "(" * 60
            + "words"
            + ")" * 60
            + "'\n",
        ),
        "deep",
    ),
    "formula-long-sum": (
        lambda d: _rule(
            d,
            "    extends: metric\n    condition: '> 1'\n    formula: '"
            + "+".join(["words"] * 10_000)
            + "'\n",
        ),
        "formula",
    ),
    "formula-signs": (
        lambda d: _rule(
            d, "    extends: metric\n    condition: '> 1'\n    formula: '" + "-" * 300 + "words'\n"
        ),
        "deep",
    ),
    "billion-laughs": (lambda d: _guide(d, _laughs()), "aliases"),
    "billion-laughs-merge": (_case_merge_laughs, "aliases"),
    "billion-laughs-style": (
        lambda d: _style(d, {"Laughs.yml": "extends: existence\ntokens: [x]\n" + _laughs()}),
        "aliases",
    ),
    "self-alias": (_case_self_alias, "alias"),
    "deep-flow-yaml": (
        lambda d: _guide(d, "rules: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "nested",
    ),
    "deep-block-yaml": (
        lambda d: _guide(
            d, "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n"
        ),
        "nested",
    ),
    "fifo-in-style": (_case_fifo_in_style, "FIFO"),
    "fifo-guide": (_case_fifo_guide, "FIFO"),
    "fifo-vocabulary": (_case_fifo_vocabulary, "FIFO"),
    "dev-zero-style": (_case_zero_style, "device"),
    "dev-zero-guide": (_case_zero_guide, "device"),
    "dev-urandom-vocabulary": (_case_urandom_vocabulary, "device"),
    "symlink-loop": (_case_link_loop, "symbolic links"),
    "big-guide": (_case_big_guide, "larger than"),
    "big-style-file": (_case_big_style_file, "larger than"),
    "big-vocabulary": (_case_big_vocabulary, "larger than"),
    "long-topic-term": (
        lambda d: _guide(d, "tone:\n  topics:\n    custom: ['" + "a" * 200_000 + "']\n"),
        "characters",
    ),
}


def _run(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "BRAND_COMPOSER_WORKSPACE": str(cwd / "workspace"),
        "HOME": str(cwd / "home"),
        "LANG": "C.UTF-8",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "composer", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        preexec_fn=_cap_memory,  # noqa: PLW1509 - no threads in the child before exec
    )


def _finish(process: subprocess.Popen[str], what: str) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{what} ran past {TIME_LIMIT} s")
    return process.returncode, out, err


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_guide_is_refused_in_bounded_memory_and_time(case: str, tmp_path: Path) -> None:
    build, phrase = CASES[case]
    folder = tmp_path / "case"
    folder.mkdir()
    guide = build(folder)
    draft = tmp_path / "draft.txt"
    draft.write_text("A short draft to check.\n", encoding="utf-8")
    # Both commands run at once: the suite stays well under a minute on two cores.
    lint = _run(["guide", "lint", str(guide)], tmp_path)
    check = _run(["check", "--no-grammar", "--guide", str(guide), str(draft)], tmp_path)
    lint_code, lint_out, lint_err = _finish(lint, "guide lint")
    check_code, check_out, check_err = _finish(check, "check")

    for text in (lint_out, lint_err, check_out, check_err):
        assert "Traceback" not in text, text[-2000:]
        assert "MemoryError" not in text and "RecursionError" not in text, text[-2000:]
    # guide lint prints the problems (on stdout, as FILE:LINE:COLUMN: message) and exits 2.
    assert lint_code == 2, (lint_code, lint_out[-2000:], lint_err[-2000:])
    located = LOCATED.findall(lint_out)
    assert located, lint_out[-2000:]
    assert phrase in lint_out, lint_out[-2000:]
    assert str(folder) in lint_out
    # check names the same problems on stderr, checks nothing and exits 2.
    assert check_code == 2, (check_code, check_out[-2000:], check_err[-2000:])
    assert LOCATED.search(check_err), check_err[-2000:]
    assert phrase in check_err
    assert check_out == ""


def test_a_large_real_guide_still_loads_under_the_same_caps(tmp_path: Path) -> None:
    """The limits leave room for real packages: 2,000 vocabulary terms and rule tokens."""
    words = sorted(set(_words(2000, seed=11)))
    vocabulary = "".join(f"    - {w.capitalize()}\n" for w in words)
    tokens = "".join(f"      - {w}s\n" for w in words)
    guide = _guide(
        tmp_path,
        "vocabulary:\n  accept:\n" + vocabulary + "rules:\n  - id: H.Words\n"
        "    extends: existence\n    message: 'Avoid %s'\n    level: error\n    tokens:\n"
        + tokens
        + "  - id: H.Repeat\n    extends: existence\n    message: '%s'\n"
        "    tokens: ['(?:ha){2,20}', '\\d{1,3}(?:,\\d{3}){1,5}']\n",
    )
    draft = tmp_path / "draft.txt"
    draft.write_text(f"Our {words[0]}s are {words[1].capitalize()} hahaha.\n", encoding="utf-8")
    check = _run(
        ["check", "--no-grammar", "--format", "line", "--guide", str(guide), str(draft)], tmp_path
    )
    check_code, check_out, check_err = _finish(check, "check")
    assert check_code == 1, check_err  # H.Words is an error-level finding
    assert f":H.Words:Avoid {words[0]}s" in check_out
    assert ":H.Repeat:hahaha" in check_out
