"""``spelling``: Vale's Hunspell spelling rule, with spylls (Hunspell in pure Python).

Options, as Vale reads them (paths relative to the StylesPath, the folder holding the
style folders):

- ``dictionaries``: names of Hunspell dictionaries (``NAME.dic`` + ``NAME.aff``) looked up
  in ``dicpath``, then ``config/dictionaries/`` of the StylesPath, then the system's
  (``/usr/share/hunspell``); ``en_US`` is also found in spylls' own copy. Default: ``en_US``.
- ``dicpath``: the folder of those dictionaries.
- ``aff`` / ``dic``: one dictionary by its two files.
- ``append``: with ``dictionaries``/``aff``, also use the default ``en_US``.
- ``ignore``: files of words to accept, one a line (relative to the StylesPath, or in its
  ``config/ignore/``).
- ``custom``: turn off Vale's default filters (words with digits, capitals, punctuation...).
- ``filters``: patterns; a word any of them finds is not checked.

The guide's accepted vocabulary is accepted too (Vale's ``vocab``). A finding's ``%s`` is
the word. No replacements are offered: Hunspell's suggestions take most of a second per word.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import regex

from composer.core.findings import Finding
from composer.core.rules.base import (
    CompiledRule,
    Converter,
    Rule,
    RuleDataError,
    as_bool,
    as_pattern_tuple,
    as_str,
    as_str_tuple,
    compile_pattern,
    format_message,
)
from composer.core.rules.context import RuleContext

#: Where Debian and most Linux systems keep Hunspell dictionaries.
SYSTEM_DICTIONARY_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))
DEFAULT_DICTIONARY = "en_US"
#: The largest .dic or .aff read (the biggest common Hunspell dictionaries are a few MB).
MAX_DICTIONARY_BYTES = 32 * 1024 * 1024
DEFAULT_MESSAGE = "Did you really mean '%s'?"

# A word: letters, marks, digits and underscores, with inner apostrophes, dots, hyphens, @.
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}_]+(?:['\u2019.\-@][\p{L}\p{M}\p{N}_]+)*")
#: Vale's default filters (its ``\w`` is ASCII, so a word with any other letter is skipped).
DEFAULT_FILTERS = tuple(
    regex.compile(p, regex.ASCII)
    for p in (
        r"(?:\w+)?\.\w{1,4}\b",
        r"\b(?:[a-zA-Z]\.){2,}",
        r"0[xX][0-9a-fA-F]+",
        r"\w+-\w+",
        r"[A-Z]{1}[a-z]+[A-Z]+\w+",
        r"[0-9]",
        r"[A-Z]+$",
        r"\W",
        r"\w{3,}\.\w{3,}",
        r"@.*\b",
    )
)


class Lexicon:
    """Hunspell dictionaries plus accepted words; ``known(word)`` remembers its answers."""

    def __init__(self, dictionaries: list[Any], ignored: frozenset[str]) -> None:
        self._dictionaries = dictionaries
        self._ignored = ignored
        self._memo: dict[str, bool] = {}
        self._lock = threading.Lock()

    def known(self, word: str) -> bool:
        """Whether ``word`` is spelled right (a lower-case entry accepts Capitalised and CAPS)."""
        hit = self._memo.get(word)
        if hit is not None:
            return hit
        lower = word.lower()
        result = (
            word in self._ignored
            or (lower in self._ignored and word in (lower.capitalize(), lower.upper()))
            or any(d.lookup(word) for d in self._dictionaries)
        )
        with self._lock:
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[word] = result
        return result


_CACHE: dict[tuple[str, int, int, str, int, int], Any] = {}
_CACHE_LOCK = threading.Lock()


def _read_dictionary(stem: Path) -> Any:  # noqa: ANN401 - spylls is untyped
    """Spylls' Dictionary for ``stem.aff`` + ``stem.dic``, parsed once per file version."""
    aff, dic = stem.with_name(stem.name + ".aff"), stem.with_name(stem.name + ".dic")
    a, d = aff.stat(), dic.stat()
    if max(a.st_size, d.st_size) > MAX_DICTIONARY_BYTES:
        msg = f"a dictionary file is larger than {MAX_DICTIONARY_BYTES:,} bytes"
        raise ValueError(msg)
    key = (str(aff), a.st_mtime_ns, a.st_size, str(dic), d.st_mtime_ns, d.st_size)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is not None:
        return found
    loaded = _spylls_dictionary(str(stem))
    with _CACHE_LOCK:
        _CACHE[key] = loaded
    return loaded


def _spylls_dictionary(stem: str) -> Any:  # noqa: ANN401 - spylls is untyped
    """``Dictionary.from_files(stem)``, closing the files it opens (spylls leaves them open)."""
    from spylls.hunspell import Dictionary, readers  # noqa: PLC0415 - only spelling rules
    from spylls.hunspell.readers.file_reader import FileReader  # noqa: PLC0415

    opened: list[Any] = []

    class _ClosingReader(FileReader):  # type: ignore[misc]
        def _open(self, path: str, encoding: str) -> Any:  # noqa: ANN401
            handle = super()._open(path, encoding)
            opened.append(handle)
            return handle

    try:
        aff, context = readers.read_aff(_ClosingReader(stem + ".aff"))
        dic = readers.read_dic(
            _ClosingReader(stem + ".dic", encoding=context.encoding), aff=aff, context=context
        )
    finally:
        for handle in opened:
            handle.close()
    return Dictionary(aff, dic)


def _bundled(name: str) -> Any:  # noqa: ANN401 - spylls is untyped
    """Spylls' own copy of ``en_US`` (SCOWL), when no system dictionary has it."""
    key = ("bundled:" + name, 0, 0, "", 0, 0)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is None:
        import spylls.hunspell  # noqa: PLC0415 - only guides with spelling rules

        data = Path(spylls.hunspell.__file__).parent / "data"
        found = _spylls_dictionary(str(data / "en" / name))
        with _CACHE_LOCK:
            _CACHE[key] = found
    return found


def _pair_exists(stem: Path) -> bool:
    return (
        stem.with_name(stem.name + ".aff").is_file()
        and stem.with_name(stem.name + ".dic").is_file()
    )


@dataclass(frozen=True, slots=True)
class SpellingRule(Rule):
    """Flags words the rule's Hunspell dictionaries do not know (see the module docstring)."""

    extends: ClassVar[str] = "spelling"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "custom": as_bool,
        "filters": as_pattern_tuple,
        "ignore": as_str_tuple,
        "dicpath": as_str,
        "dictionaries": as_str_tuple,
        "aff": as_str,
        "dic": as_str,
        "append": as_bool,
    }
    #: Keys naming files: they need a StylesPath to be relative to.
    FILE_KEYS: ClassVar[tuple[str, ...]] = ("ignore", "dicpath", "dictionaries", "aff", "dic")

    custom: bool = False
    filters: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    dicpath: str = ""
    dictionaries: tuple[str, ...] = ()
    aff: str = ""
    dic: str = ""
    append: bool = False
    #: Set by :func:`load_lexicon` (the loader); not part of the rule's identity.
    lexicon: Lexicon | None = field(default=None, compare=False, repr=False)

    def compile(self) -> CompiledRule:
        """The filters compiled; the dictionaries were read by :func:`load_lexicon`."""
        return CompiledSpelling(self)


def load_lexicon(rule: SpellingRule, styles_path: Path | None) -> SpellingRule:
    """``rule`` with its dictionaries and ignore files read.

    Raises:
        RuleDataError: a file or dictionary is missing or unreadable, located at its key;
            or a rule outside a style folder names files.
    """
    if styles_path is None:
        _refuse_files_inline(rule)
    base = styles_path or Path()
    problems: list[tuple[str, str]] = []
    dictionaries: list[Any] = []
    for key, what, stem in _dictionary_sources(rule, base, problems):
        try:
            dictionaries.append(_read_dictionary(stem) if stem else _bundled(what))
        except Exception as exc:  # spylls raises many kinds on a malformed file
            problems.append((key, f"{key}: cannot read the Hunspell dictionary {what}: {exc}"))
    ignored = _read_ignores(rule, base, problems)
    if problems:
        raise RuleDataError(problems)
    object.__setattr__(rule, "lexicon", Lexicon(dictionaries, frozenset(ignored)))
    return rule


def _refuse_files_inline(rule: SpellingRule) -> None:
    named = [k for k in SpellingRule.FILE_KEYS if getattr(rule, k)]
    if named:
        raise RuleDataError(
            [
                (
                    key,
                    f"{key}: a spelling rule in the guide itself cannot name files; put it in "
                    "a style folder (Style/Rule.yml), where paths are relative to the folder "
                    "holding the styles",
                )
                for key in named
            ]
        )


def _dictionary_sources(
    rule: SpellingRule, base: Path, problems: list[tuple[str, str]]
) -> list[tuple[str, str, Path | None]]:
    """(key, name, file stem or ``None`` for spylls' copy) of every dictionary to read."""
    sources: list[tuple[str, str, Path | None]] = []
    if rule.dicpath and not (base / rule.dicpath).is_dir():
        problems.append(
            ("dicpath", f"dicpath: folder {rule.dicpath!r} not found ({base / rule.dicpath})")
        )
    if bool(rule.aff) != bool(rule.dic):
        key, other = ("aff", "dic") if rule.aff else ("dic", "aff")
        problems.append(
            (key, f"{key}: 'aff' and 'dic' name one dictionary's two files: give '{other}' too")
        )
    elif rule.aff:
        aff, dic = base / rule.aff, base / rule.dic
        if aff.is_file() and dic.is_file() and aff.with_suffix("") == dic.with_suffix(""):
            sources.append(("aff", str(aff), aff.with_suffix("")))
        else:
            problems.append(
                ("aff", f"aff: {aff} and {dic} must both exist and differ only in .aff/.dic")
            )
    folders = [base / rule.dicpath] if rule.dicpath else []
    folders += [base / "config" / "dictionaries", *SYSTEM_DICTIONARY_DIRS]
    for name in rule.dictionaries:
        stem = next((f / name for f in folders if _pair_exists(f / name)), None)
        if stem is not None or name == DEFAULT_DICTIONARY:
            sources.append(("dictionaries", name, stem))
        else:
            where = ", ".join(str(f) for f in folders[:-1])
            problems.append(
                ("dictionaries", f"dictionaries: no {name}.dic and {name}.aff in {where}")
            )
    if not (rule.dictionaries or rule.aff) or rule.append:
        stem = next(
            (d / DEFAULT_DICTIONARY for d in SYSTEM_DICTIONARY_DIRS if _pair_exists(d / "en_US")),
            None,
        )
        sources.append(("extends", DEFAULT_DICTIONARY, stem))
    return sources


def _read_ignores(rule: SpellingRule, base: Path, problems: list[tuple[str, str]]) -> set[str]:
    """The words of the rule's ``ignore`` files; problems are added to ``problems``."""
    ignored: set[str] = set()
    for name in rule.ignore:
        candidates = [base / name, base / "config" / "ignore" / name]
        path = next((c for c in candidates if c.is_file()), None)
        if path is None:
            problems.append(("ignore", f"ignore: file {name!r} not found ({candidates[0]})"))
            continue
        try:
            # As the guide's own files: size-limited, never a FIFO, seen by the guide cache.
            from composer.core.guide.files import read_guide_text  # noqa: PLC0415 - no cycle

            text = read_guide_text(path, "utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(("ignore", f"ignore: cannot read {path}: {exc}"))
            continue
        ignored.update(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return ignored


class CompiledSpelling(CompiledRule):
    """A spelling rule with its filters compiled."""

    def __init__(self, rule: SpellingRule) -> None:
        super().__init__(rule)
        self.spec = rule
        if rule.lexicon is None:
            load_lexicon(rule, None)
        self.lexicon: Lexicon = rule.lexicon  # type: ignore[assignment]
        own = tuple(compile_pattern(p) for p in rule.filters)
        self.filters: tuple[regex.Pattern[str], ...] = (
            own if rule.custom else (*DEFAULT_FILTERS, *own)
        )
        self.message = rule.message or DEFAULT_MESSAGE

    def run(self, ctx: RuleContext) -> list[Finding]:
        """One finding per unknown word."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            view = ctx.view(scope)
            accepted = _accepted_spans(ctx, view)
            for m in _TOKEN.finditer(view, timeout=ctx.timeout):
                word = m.group()
                if any(f.search(word, timeout=ctx.timeout) for f in self.filters):
                    continue
                if any(s <= m.start() and m.end() <= e for s, e in accepted):
                    continue
                if self.lexicon.known(word):
                    continue
                out.append(
                    self.spec.finding(m.start(), m.end(), format_message(self.message, word))
                )
        return self.limited(out)


def _accepted_spans(ctx: RuleContext, view: str) -> list[tuple[int, int]]:
    if ctx.accepted is None:
        return []
    return [m.span() for m in ctx.accepted.finditer(view, timeout=ctx.timeout)]
