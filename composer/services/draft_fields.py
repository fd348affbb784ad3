"""Every field of a stored draft as a JSON value and as a CSV cell, and back, for our exports.

The codec is derived from :class:`~composer.store.records.DraftRecord`'s type hints, so a field
added to drafts is exported and imported without touching this module; a field of a type it
does not know stops the import of this module (and the test suite) instead of being dropped.
"""

from __future__ import annotations

import json
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from composer.core.findings import Finding
from composer.core.workflow import Approval, State
from composer.store.records import DraftRecord, finding_from_json, finding_to_json

JSONValue = Any


@dataclass(frozen=True)
class FieldCodec:
    """How one draft field becomes JSON and comes back.

    Attributes:
        name: The field's name.
        optional: ``None`` is a value of the field (an empty CSV cell then means ``None``).
        text: Its JSON value is a string (written raw in a CSV cell, not JSON-quoted).
        plain: Its value is a string itself, so an empty CSV cell is an empty string; for
            other fields an empty cell means the field is not given.
        encode: Value to JSON value (``None`` is handled before).
        decode: JSON value to value; raises ``ValueError`` naming what is wrong.
    """

    name: str
    optional: bool
    text: bool
    plain: bool
    encode: Callable[[Any], JSONValue]
    decode: Callable[[JSONValue], Any]

    def to_json(self, value: Any) -> JSONValue:  # noqa: ANN401 - any field's value
        """The field's value as a JSON value."""
        return None if value is None else self.encode(value)

    def from_json(self, data: JSONValue) -> Any:  # noqa: ANN401 - any field's value
        """The field's value from a JSON value.

        Raises:
            ValueError: the value has the wrong type or shape (the message names the field).
        """
        if data is None:
            if self.optional:
                return None
            msg = f"{self.name} must not be null"
            raise ValueError(msg)
        try:
            return self.decode(data)
        except (ValueError, TypeError, KeyError) as exc:
            detail = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
            msg = f"{self.name} {_shown(data)} is not valid: {detail}"
            raise ValueError(msg) from None

    def normal(self, data: JSONValue) -> JSONValue:
        """``data`` checked and written as :meth:`to_json` writes it.

        Raises:
            ValueError: the value has the wrong type or shape (the message names the field).
        """
        return self.to_json(self.from_json(data))

    def to_cell(self, data: JSONValue) -> str:
        """A JSON value of the field as a CSV cell: text raw, ``None`` empty, the rest JSON."""
        if data is None:
            return ""
        return str(data) if self.text else json.dumps(data, ensure_ascii=False)

    def blank(self, cell: str) -> bool:
        """Whether ``cell`` gives no value for the field (empty, and the field is not text)."""
        return cell == "" and not (self.optional or self.plain)

    def from_cell(self, cell: str) -> JSONValue:
        """The field's JSON value from a CSV cell written by :meth:`to_cell`, checked.

        Raises:
            ValueError: the cell cannot be read (the message names the field).
        """
        if cell == "" and self.optional:
            return None
        if self.text:
            return self.normal(cell)
        try:
            data = json.loads(cell)
        except json.JSONDecodeError as exc:
            msg = f"{self.name} {_shown(cell)} is not valid JSON: {exc.msg}"
            raise ValueError(msg) from None
        except RecursionError:
            msg = f"{self.name} is nested too deeply"
            raise ValueError(msg) from None
        return self.normal(data)


def _shown(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _expect(kind: type | tuple[type, ...], value: object, what: str) -> Any:  # noqa: ANN401
    if isinstance(value, bool) and kind is not bool:
        msg = f"expected {what}"
        raise ValueError(msg)
    if not isinstance(value, kind):
        msg = f"expected {what}"
        raise ValueError(msg)
    return value


def _int(value: object) -> int:
    return int(_expect(int, value, "a whole number"))


def _str(value: object) -> str:
    return str(_expect(str, value, "text"))


def _bool(value: object) -> bool:
    return bool(_expect(bool, value, "true or false"))


def _float(value: object) -> float:
    number = float(_expect((int, float), value, "a number"))
    if not math.isfinite(number):
        msg = "expected a finite number"
        raise ValueError(msg)
    return number


def _datetime(value: object) -> datetime:
    parsed = datetime.fromisoformat(_str(value))
    if parsed.utcoffset() is None:
        msg = "expected an ISO 8601 date and time with a time zone offset"
        raise ValueError(msg)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        msg = "the date is out of range in UTC"
        raise ValueError(msg) from None


def _strings(value: object) -> list[str]:
    return [_str(item) for item in _expect(list, value, "a list of texts")]


def _approval(value: object) -> Approval:
    data = _expect(dict, value, "an object")
    return Approval(
        step=_int(data["step"]),
        reviewer=_str(data["reviewer"]),
        text_version=_int(data["text_version"]),
    )


def _finding(value: object) -> Finding:
    return finding_from_json(_expect(dict, value, "an object"))


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda value: tuple(item(v) for v in _expect(list, value, "a list"))


# Each known type: (JSON value is a string, encode, decode).
_KINDS: Mapping[object, tuple[bool, Callable[[Any], JSONValue], Callable[[Any], Any]]] = {
    int: (False, int, _int),
    float: (False, float, _float),
    str: (True, str, _str),
    bool: (False, bool, _bool),
    datetime: (True, lambda v: v.isoformat(), _datetime),
    State: (True, lambda v: v.value, lambda v: State(_str(v))),
    tuple[str, ...]: (False, list, lambda v: tuple(_strings(v))),
    frozenset[str]: (False, sorted, lambda v: frozenset(_strings(v))),
    tuple[Finding, ...]: (False, lambda v: [finding_to_json(f) for f in v], _list_of(_finding)),
    tuple[Approval, ...]: (
        False,
        lambda v: [
            {"step": a.step, "reviewer": a.reviewer, "text_version": a.text_version} for a in v
        ],
        _list_of(_approval),
    ),
}


def _codec(name: str, hint: object) -> FieldCodec:
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(members) < len(typing.get_args(hint))
        if len(members) != 1:
            msg = f"DraftRecord.{name}: no export codec for {hint!r}"
            raise TypeError(msg)
        hint = members[0]
    if hint not in _KINDS:
        msg = f"DraftRecord.{name}: no export codec for {hint!r}; add one in draft_fields.py"
        raise TypeError(msg)
    text, encode, decode = _KINDS[hint]
    return FieldCodec(name, optional, text, hint is str, encode, decode)


def _codecs() -> dict[str, FieldCodec]:
    hints = typing.get_type_hints(DraftRecord)
    return {f.name: _codec(f.name, hints[f.name]) for f in fields(DraftRecord)}


#: Every field of a draft, in the record's order.
DRAFT_FIELDS: Mapping[str, FieldCodec] = _codecs()


def draft_to_json(record: DraftRecord) -> dict[str, JSONValue]:
    """Every field of ``record`` as JSON values."""
    return {name: codec.to_json(getattr(record, name)) for name, codec in DRAFT_FIELDS.items()}


def draft_from_json(data: Mapping[str, JSONValue]) -> DraftRecord:
    """The draft :func:`draft_to_json` wrote.

    Raises:
        ValueError: a field is missing or bad; the message names every one.
    """
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, codec in DRAFT_FIELDS.items():
        if name not in data:
            problems.append(f"{name} is missing")
            continue
        try:
            values[name] = codec.from_json(data[name])
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ValueError("; ".join(problems))
    return DraftRecord(**values)
