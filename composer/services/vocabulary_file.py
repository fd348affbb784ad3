"""Add an accepted term to the guide's vocabulary, in the file where the guide keeps it.

A YAML guide keeps its terms in ``vocabulary: accept:``; the file is rewritten with
ruamel.yaml's round trip (comments and layout kept, only that list changed) and only when
the loader accepts the result. A ``.vale.ini`` guide keeps them in
``StylesPath/config/vocabularies/<Vocab>/accept.txt`` (or Vale's older
``StylesPath/Vocab/<Vocab>/accept.txt``): the term is appended as one more line.

Only an admin of the account adds a term (checked here, audited); anyone else files a
suggestion, an audit note the reviewers read on the Audit tab.
"""

from __future__ import annotations

import configparser
import io
from datetime import datetime
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from composer.core.guide.loader import lint_guide_text
from composer.core.vocabulary import accept_pattern
from composer.core.workflow import Role
from composer.services.guide_file import GuideWriteError, _flow, _read, _replace, _yaml
from composer.store.errors import PermissionDeniedError
from composer.store.store import Store


def add_accepted(guide: Path, term: str) -> Path:
    """Accept ``term`` in the guide at ``guide``; the file written (unchanged if present).

    Raises:
        GuideWriteError: the guide or vocabulary file cannot be read or written, a
            ``.vale.ini`` names no ``Vocab``, or the guide would not load afterwards.
    """
    pattern = accept_pattern(term)
    if guide.suffix.lower() == ".ini":
        return _add_to_accept_txt(guide, pattern)
    _add_to_yaml(guide, pattern)
    return guide


def _add_to_yaml(guide: Path, pattern: str) -> None:
    yaml = _yaml()
    data, bom = _read(yaml, guide)
    vocabulary = data.get("vocabulary")
    if vocabulary is None:
        vocabulary = data["vocabulary"] = CommentedMap()
    if not isinstance(vocabulary, CommentedMap):
        raise GuideWriteError(f"{guide}: 'vocabulary' is not a mapping")
    accept = vocabulary.get("accept")
    if accept is None:
        vocabulary["accept"] = _flow([pattern])
    elif not isinstance(accept, CommentedSeq):
        raise GuideWriteError(f"{guide}: 'vocabulary.accept' is not a list")
    elif pattern in accept:
        return
    else:
        accept.append(pattern)
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    problems = lint_guide_text(guide, text)
    if problems:
        raise GuideWriteError(f"the guide would not load: {problems[0]}")
    _replace(guide, ("\ufeff" if bom else "") + text)


def _add_to_accept_txt(ini: Path, pattern: str) -> Path:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string("[__root__]\n" + ini.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise GuideWriteError(f"{ini}: cannot read the .vale.ini: {exc}") from exc
    root = parser["__root__"]
    vocab = root.get("Vocab", "").split(",")[0].strip()
    if not vocab:
        raise GuideWriteError(
            f"{ini}: the .vale.ini names no Vocab (add 'Vocab = NAME' to keep accepted terms)"
        )
    styles = ini.parent / root.get("StylesPath", ".").strip()
    target = styles / "config" / "vocabularies" / vocab / "accept.txt"
    older = styles / "Vocab" / vocab / "accept.txt"
    if not target.exists() and older.exists():
        target = older
    try:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if pattern in (line.strip() for line in current.splitlines()):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as stream:
            if current and not current.endswith("\n"):
                stream.write("\n")
            stream.write(pattern + "\n")
    except OSError as exc:
        raise GuideWriteError(f"{target}: cannot add the term: {exc.strerror or exc}") from exc
    return target


def accept_term(
    store: Store, guide: Path, term: str, *, actor: str, account: str, now: datetime
) -> Path:
    """Add ``term`` to the guide's vocabulary as an admin of ``account``, audited.

    Raises:
        PermissionDeniedError: ``actor`` is not an admin of ``account``.
        GuideWriteError: see :func:`add_accepted`.
    """
    if not store.users.actor(actor, account).has(Role.ADMIN):
        raise PermissionDeniedError(
            f"only an admin may change the brand vocabulary; {actor!r} is not an admin of "
            f"{account}: suggest the word instead"
        )
    written = add_accepted(guide, term)
    store.audit.record(
        "vocabulary_added",
        actor=actor,
        now=now,
        account=account,
        detail=f"accepted {term!r} in {written.name}",
    )
    return written


def suggest_term(store: Store, term: str, *, actor: str, account: str, now: datetime) -> None:
    """File a suggestion that ``term`` join the vocabulary: an audit note reviewers read."""
    store.audit.record(
        "vocabulary_suggested",
        actor=actor,
        now=now,
        account=account,
        detail=f"suggests accepting {term!r} in the brand vocabulary",
    )
