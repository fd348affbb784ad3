"""Write account settings back into the guide file, keeping its comments and layout.

The guide is read with ruamel.yaml's round-trip loader, only the keys that changed are set
(or removed), and the new text replaces the file only when the guide loader accepts it; the
replacement is atomic (a temporary file beside it, then a rename), so an editor or the guide
watcher never reads half a file.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from composer.core.errors import KnownError
from composer.core.guide.loader import lint_guide_text


class GuideWriteError(KnownError):
    """The guide file could not be read, changed or written (the message says why)."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flow(value: Any) -> Any:  # noqa: ANN401 - a YAML value
    """Lists as ``[a, b]`` and small mappings as ``{k: v}``, the guide's own style.

    Strings with spaces, colons or a leading ``@`` are double-quoted, as the guide writes them.
    """
    if isinstance(value, str) and (" " in value or ":" in value or value.startswith("@")):
        return DoubleQuotedScalarString(value)
    if isinstance(value, list):
        seq = CommentedSeq(_flow(v) for v in value)
        if all(not isinstance(v, dict) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap((k, _flow(v)) for k, v in value.items())
        mapping.fa.set_flow_style()
        return mapping
    return value


def _same_handle(entry: object, handle: str) -> bool:
    if not isinstance(entry, dict):
        return False
    written = str(entry.get("handle", "")).strip().lstrip("@").lower()
    return written == handle.strip().lstrip("@").lower()


def _apply(target: CommentedMap, changes: Mapping[str, Any]) -> None:
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = _flow(value)


def update_accounts(
    path: Path,
    changes: Mapping[str, tuple[Mapping[str, Any], Mapping[str, Any]]],
    *,
    new: Mapping[str, Any] | None = None,
) -> None:
    """Change accounts of the guide at ``path`` in place, or add one.

    Args:
        path: The guide (YAML).
        changes: Handle as the guide knows it -> (the entry's keys, the schedule's keys) to
            set; a value of ``None`` removes the key.
        new: A whole new account entry to append to ``accounts``.

    Raises:
        GuideWriteError: the file cannot be read or written, is not a YAML guide, names no
            such account, or would not load afterwards (the loader's first problem says why).
    """
    yaml = _yaml()
    data, bom = _read(yaml, path)
    accounts = data.get("accounts")
    if accounts is None and (changes or new):
        accounts = data["accounts"] = CommentedSeq()
    if not isinstance(accounts, CommentedSeq):
        raise GuideWriteError(f"{path}: 'accounts' is not a list")
    for handle, (entry_changes, schedule_changes) in changes.items():
        entry = next((e for e in accounts if _same_handle(e, handle)), None)
        if entry is None:
            raise GuideWriteError(f"{path}: the guide has no account {handle!r}")
        _apply(entry, entry_changes)
        if schedule_changes:
            schedule = entry.get("schedule")
            if schedule is None:
                schedule = entry["schedule"] = CommentedMap()
            _apply(schedule, schedule_changes)
            if not schedule:
                entry.pop("schedule")
    if new is not None:
        entry = CommentedMap()
        for key, value in new.items():
            entry[key] = _flow(value) if key != "schedule" else _block(value)
        accounts.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    problems = lint_guide_text(path, text)
    if problems:
        raise GuideWriteError(f"the guide would not load: {problems[0]}")
    _replace(path, ("\ufeff" if bom else "") + text)


def _read(yaml: YAML, path: Path) -> tuple[CommentedMap, bool]:
    """The guide's round-trip document, and whether the file starts with a byte-order mark."""
    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8-sig"))
    except OSError as exc:
        raise GuideWriteError(f"{path}: cannot read the guide: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, YAMLError) as exc:
        raise GuideWriteError(f"{path}: the guide is not YAML this app can rewrite") from exc
    if not isinstance(data, CommentedMap):
        raise GuideWriteError(f"{path}: the guide is not a mapping of keys")
    return data, raw.startswith(b"\xef\xbb\xbf")


def _block(value: Mapping[str, Any]) -> CommentedMap:
    mapping = CommentedMap()
    for key, item in value.items():
        mapping[key] = _flow(item)
    return mapping


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, keeping the file's permissions."""
    try:
        mode = path.stat().st_mode & 0o777
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            Path(temp).chmod(mode)
            Path(temp).replace(path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise GuideWriteError(f"{path}: cannot write the guide: {exc.strerror or exc}") from exc
