"""Loaded brand guides, kept in the user's cache folder between runs.

Reading a guide that extends big Vale packages (YAML with line numbers, every pattern
validated) takes seconds; every ``brand-composer check`` and every window start paid it.
A successful load is kept here with what it was read from, and a later load of the same
files takes it back in a few milliseconds. What is kept is the guide model (the rules as
data), the answers the checker's gates need about each rule's pattern, the gates' index,
and beside the model the rules' big patterns as compiled by the load that validated them
(``regex`` pickles a pattern as its compiled program, so reading one back does not parse
it again; the entry is keyed by the ``regex`` version among others). The checker takes
them when a draft first needs them.

Safe against edits, corruption and concurrent writers:

- the guide loader records every file it reads (the digest of the very bytes read) and
  every folder and path it looks at (a folder's entry names, a missing file's absence);
  an entry is used only when each of them is still the same, so an edit to the guide, a
  rule file or a vocabulary, or a rule file added to a style folder, is a new load;
- the entry's file name holds the guide's path, the app's and Python's versions and a
  fingerprint of the app's code, so another version never reads it;
- the file holds a digest of its own contents, checked before it is read; any problem
  reading it (damaged, truncated, not ours) is a miss, never an error;
- it is written to a temporary file beside it and renamed into place (atomic), so a reader
  sees a whole old entry, a whole new one, or none.

Guides with problems are not kept: their load always runs, so the problems and their
places are exactly the loader's. Guides holding a ``spelling`` rule are not kept either
(its dictionaries are read outside the loader's file layer).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import logging
import os
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import platformdirs

import composer
from composer.core.errors import KnownError
from composer.core.guide.files import CHANGED, path_state, recording
from composer.core.guide.model import Guide
from composer.core.rules.compiled_patterns import compiled_rule_patterns, learn_patterns
from composer.core.rules.literal_index import learn_index
from composer.core.rules.literals import learn_pattern_facts, pattern_facts
from composer.core.tone.analyzer import ToneAnalyzer, learn_tone_analyzer
from composer.core.tone.lexicons import (
    Lexicons,
    default_lexicon_dir,
    learn_lexicons,
    lexicon_state,
    load_lexicons,
)
from composer.services.cache_files import read_verified, write_atomic

if TYPE_CHECKING:
    from composer.core.checker import Checker

log = logging.getLogger(__name__)

_APP_DIR_NAME = "brand-voice-composer"
_MAGIC = b"BVC-GUIDE-1\n"
_SUFFIX = ".guide"
#: Entries kept in the folder; the least recently written go first.
KEPT_ENTRIES = 16
#: Rule kinds whose files are not read through the loader's file layer.
_UNCACHEABLE_KINDS = frozenset({"spelling"})


def cache_folder() -> Path:
    """Where loaded guides are kept (the platform's cache folder, ``guides``)."""
    return Path(platformdirs.user_cache_dir(_APP_DIR_NAME, appauthor=False)) / "guides"


def load_guide(path: Path) -> Guide:
    """``composer.core.guide.load_guide`` (its loader imported only when a load is needed)."""
    from composer.core.guide.loader import load_guide as load  # noqa: PLC0415

    return load(path)


def _code_fingerprint() -> str:
    """The app's version, Python's, and each core module's size and modification time."""
    digest = hashlib.sha256()
    digest.update(f"{composer.__version__}\0{sys.version}\0".encode())
    for module in ("yaml", "regex", "vaderSentiment"):
        # The installed package's files, whether or not it is imported yet (a check that
        # takes its guide from here never imports the YAML library).
        digest.update(f"{module}={_installed(module)}\0".encode())
    core = Path(composer.__file__).parent / "core"
    for folder, _, names in sorted(os.walk(core)):
        for name in sorted(names):
            if name.endswith(".py"):
                info = (Path(folder) / name).stat()
                digest.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _installed(module: str) -> str:
    """Where ``module``'s package is installed, with the size and time of its ``__init__``."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    origin = None if spec is None else spec.origin
    if not origin:
        return "?"
    try:
        info = Path(origin).stat()
    except OSError:
        return "?"
    return f"{origin}:{info.st_size}:{info.st_mtime_ns}"


def entry_path(path: Path, folder: Path | None = None) -> Path:
    """The cache file for the guide at ``path`` (as given, and as an absolute path)."""
    key = hashlib.sha256(
        f"{path}\0{path.absolute()}\0{_code_fingerprint()}".encode("utf-8", "surrogateescape")
    )
    return (folder or cache_folder()) / f"{key.hexdigest()[:32]}{_SUFFIX}"


def _mapping_proxy(data: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuilds a read-only mapping (pickle cannot name ``mappingproxy`` itself)."""
    return MappingProxyType(data)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:  # noqa: ANN401 - pickle's own signature
        if type(obj) is MappingProxyType:
            return _mapping_proxy, (dict(obj),)
        return NotImplemented


def _dump(entry: Mapping[str, Any]) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(dict(entry))
    return out.getvalue()


def _read(path: Path) -> dict[str, Any] | None:
    """The entry in ``path``, or ``None`` when it is missing, damaged or not ours."""
    try:
        if not _private(path):
            return None
    except OSError:
        return None
    payload = read_verified(
        path, _MAGIC, damaged="guide cache entry %s is damaged; reading the guide", logger=log
    )
    return None if payload is None else _unpickled(payload)


def _private(path: Path) -> bool:
    """Whether ``path`` and its folder belong to this user and only this user may write them.

    An entry is a pickle, read back as code would be: one another user could have written
    (a cache folder pointed somewhere shared) is not read. Always true where there are no
    POSIX owners (Windows keeps the cache folder in the user's profile).
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    uid = getuid()
    for item in (path, path.parent):
        info = item.stat()
        if info.st_uid != uid or info.st_mode & 0o022:
            return False
    return True


def _unpickled(payload: bytes) -> dict[str, Any] | None:
    """The entry pickled in ``payload``, or ``None`` when it is not one."""
    try:
        # Our own file in the user's own cache folder, its digest checked before.
        entry = pickle.loads(payload)  # noqa: S301
    except Exception:  # any failure to read is a miss, never an error
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("guide"), Guide):
        return None
    observed = entry.get("observed")
    if not isinstance(observed, dict) or not observed:
        return None
    return entry


def _unchanged(observed: Mapping[str, str]) -> bool:
    """Whether every path the load recorded is still as it was."""
    return all(path_state(Path(name)) == state for name, state in observed.items())


def _write(path: Path, entry: Mapping[str, Any]) -> None:
    """Write ``entry`` atomically (a temporary file renamed into place); never raises."""
    try:
        payload = _dump(entry)
    except Exception as exc:  # a guide that cannot be kept is only slower
        log.info("guide cache entry not written (%s)", exc)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _tighten(path.parent)
        write_atomic(path, _MAGIC, payload)
        _prune(path.parent)
    except OSError as exc:
        log.info("guide cache entry not written (%s)", exc)


def _tighten(folder: Path) -> None:
    """Make our own cache folder writable by us alone.

    A umask of 002 leaves it group-writable, and :func:`_private` then ignores its entries.
    """
    getuid = getattr(os, "getuid", None)
    info = folder.stat()
    if getuid is not None and info.st_uid == getuid() and info.st_mode & 0o022:
        folder.chmod(0o700)


def _prune(folder: Path) -> None:
    """Keep the :data:`KEPT_ENTRIES` most recently written entries."""
    entries = []
    for item in folder.glob(f"*{_SUFFIX}"):
        try:
            entries.append((item.stat().st_mtime_ns, item))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, item in entries[KEPT_ENTRIES:]:
        item.unlink(missing_ok=True)


def _rule_patterns(guide: Guide) -> list[str]:
    """The one pattern of each rule that has one (existence, substitution)."""
    out = []
    for rule in guide.rules:
        pattern = getattr(rule, "pattern", None)
        if callable(pattern):
            source = pattern()
            if isinstance(source, str) and source:
                out.append(source)
    return out


def load_guide_cached(path: str | Path, *, folder: Path | None = None) -> Guide:
    """``load_guide(path)``, taken from the cache folder when its files are unchanged.

    The result is equal to ``load_guide(path)``'s, notices included; a guide with problems
    raises the same :class:`GuideError` (it is never kept).

    Args:
        path: The guide YAML or ``.vale.ini``.
        folder: The cache folder (default: :func:`cache_folder`).

    Raises:
        GuideError: every problem in the guide, as ``load_guide`` reports them.
    """
    path = Path(path)
    try:
        target = entry_path(path, folder)
    except OSError:
        return load_guide(path)
    entry = _read(target)
    if entry is not None and _unchanged(entry["observed"]):
        facts = entry.get("facts")
        if isinstance(facts, dict):
            learn_pattern_facts(facts)
        index = entry.get("index")
        if isinstance(index, tuple) and len(index) == 2:
            learn_index(*index)
        patterns = entry.get("patterns")
        if isinstance(patterns, dict):
            learn_patterns(patterns)
        lexicons = entry.get("lexicons")
        if isinstance(lexicons, tuple) and len(lexicons) == 3:
            folder_name, state, read = lexicons
            learn_lexicons(Path(folder_name), state, read)
        tone = entry.get("tone")
        if isinstance(tone, tuple) and len(tone) == 4:
            analyzer, vocabulary, folder_name, state = tone
            learn_tone_analyzer(analyzer, vocabulary, Path(folder_name), state)
        guide: Guide = entry["guide"]
        return guide
    with recording() as observed:
        guide = load_guide(path)
    if CHANGED in observed.values() or any(
        rule.extends in _UNCACHEABLE_KINDS for rule in guide.rules
    ):
        return guide
    _write(target, _entry(guide, observed))
    return guide


def _entry(guide: Guide, observed: Mapping[str, str]) -> dict[str, Any]:
    """What is kept: the guide, what it was read from, and its patterns' gate answers."""
    from composer.core.checker import Checker  # noqa: PLC0415 - only when writing an entry

    checker: Checker | None = None
    try:
        checker = Checker(guide)
        index: tuple[str, Any] | None = checker.gate_index_state()
    except Exception as exc:  # the checker reports it when it is built
        log.info("guide cache: no gate index kept (%s)", exc)
        index = None
    sources = _rule_patterns(guide)
    return {
        "observed": dict(observed),
        "guide": guide,
        "facts": pattern_facts(sources),
        "index": index,
        # Compiled by the load that validated them; regex pickles the compiled program.
        "patterns": compiled_rule_patterns(sources),
        "lexicons": _lexicons(guide),
        "tone": None if checker is None else _tone(checker),
    }


def _tone(checker: Checker) -> tuple[ToneAnalyzer, tuple[str, ...], str, str] | None:
    """The checker's tone analyzer, every pattern compiled, with what it was built from.

    A check then takes it back (``learn_tone_analyzer``) instead of building it: the
    lexicons' phrases made into patterns, VADER's lexicon read, the patterns compiled.
    """
    tone = checker.tone
    if tone is None:
        return None
    folder = default_lexicon_dir()
    state = lexicon_state(folder)
    if state is None:
        return None
    try:
        tone.compile_all()
        if lexicon_state(folder) != state or tone.lexicons != load_lexicons(folder):
            return None  # the lexicons changed since the analyzer read them
    except Exception as exc:  # an analyzer that cannot be kept is only slower
        log.info("guide cache: no tone analyzer kept (%s)", exc)
        return None
    return (tone, tuple(checker.guide.vocabulary.accept), str(folder), state)


def _lexicons(guide: Guide) -> tuple[str, str, Lexicons] | None:
    """The shipped tone lexicons as read now, with their folder's state (``None``: no tone).

    A check then takes them back without reading their YAML (nor importing the YAML
    library) while the folder's files are unchanged (``load_lexicons`` compares the state).
    """
    if guide.tone is None:
        return None
    folder = default_lexicon_dir()
    state = lexicon_state(folder)
    if state is None:
        return None
    try:
        read = load_lexicons(folder)
    except KnownError:
        return None
    # Checked again after the read: an edit while it was read is not kept with the old state.
    return (str(folder), state, read) if lexicon_state(folder) == state else None


def clear_guide_cache(folder: Path | None = None) -> int:
    """Delete every kept guide; returns how many entries were deleted."""
    removed = 0
    for item in (folder or cache_folder()).glob(f"*{_SUFFIX}*"):
        try:
            item.unlink()
            removed += 1
        except OSError:
            continue
    return removed


__all__ = ["cache_folder", "clear_guide_cache", "entry_path", "load_guide_cached"]
