"""``brand-composer count``: the weighted length of a text, as X counts it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from composer.commands.base import EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, CommandFailed
from composer.core.errors import ConfigError
from composer.core.text import CountingConfig, get_config, parse_tweet

_BUILTIN_CONFIGS = ("v1", "v2", "v3")


def register(subparsers: Any) -> None:  # noqa: ANN401 - argparse's subparsers action is untyped
    """Add the ``count`` sub-command."""
    parser = subparsers.add_parser(
        "count",
        help="count a text's weighted length (exit 1 when it is over the limit or invalid)",
        description="Count TEXT (or stdin) the way X does (twitter-text). Exit code 0 when "
        "the text is a valid post, 1 when it is over the limit or otherwise invalid "
        "(empty, or holding U+FEFF/U+FFFE/U+FFFF), 2 for bad usage or a bad config.",
    )
    parser.add_argument(
        "--config",
        default="v1",
        metavar="v1|v2|v3|FILE",
        help="counting config: v1 (140, default), v2 (280 weighted), v3 (280, emoji count 2), "
        "or a JSON file in twitter-text's config format",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"weighted_length", "valid", "permillage", "limit"} as JSON',
    )
    parser.add_argument(
        "text",
        nargs="?",
        default="-",
        metavar="TEXT",
        help="the text; - or nothing reads stdin (one final newline is ignored)",
    )
    parser.set_defaults(handler=run_count)


def _load_config(name: str) -> CountingConfig:
    if name in _BUILTIN_CONFIGS:
        return get_config(name)
    path = Path(name)
    if not path.is_file():
        raise ConfigError(f"counting config {name!r} is neither v1, v2, v3 nor a JSON file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read counting config: {exc}") from None
    try:
        return get_config(data)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def decode_utf8(data: bytes, what: str) -> str:
    """``data`` as UTF-8 text (strict: nothing undecodable slips through).

    Raises:
        CommandFailed: exit 2, naming ``what`` and the first byte that is not UTF-8.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise CommandFailed(
            EXIT_USAGE,
            f"cannot read {what}: it is not UTF-8 text (byte 0x{byte:02x} at offset {exc.start})",
        ) from None


def read_stdin() -> str:
    """All of stdin as UTF-8 text, line endings kept as sent.

    Raises:
        CommandFailed: exit 2 when stdin is not UTF-8 text.
    """
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        # Bytes, not the text layer: its error handler (surrogateescape under a C locale)
        # would let undecodable bytes through as lone surrogates.
        return decode_utf8(buffer.read(), "stdin")
    text = sys.stdin.read()
    check_encodable(text, "stdin")
    return text


def check_encodable(text: str, what: str) -> None:
    """Refuse text holding lone surrogates (undecodable bytes smuggled in by the OS layer).

    Raises:
        CommandFailed: exit 2, naming ``what``.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CommandFailed(
            EXIT_USAGE,
            f"cannot read {what}: it is not UTF-8 text (undecodable byte at character "
            f"{exc.start + 1})",
        ) from None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def run_count(args: argparse.Namespace) -> int:
    """Print the count; exit 0 when valid, 1 when over the limit or invalid."""
    config = _load_config(args.config)
    # A file or `echo` ends in one newline that is not part of the post.
    stdin = args.text == "-"
    if stdin:
        text = read_stdin().removesuffix("\n").removesuffix("\r")
    else:
        text = args.text
        check_encodable(text, "TEXT")
    result = parse_tweet(text, config)
    limit = _number(config.limit)
    weighted = _number(result.weighted_length)
    if args.json:
        payload = {
            "weighted_length": weighted,
            "valid": result.valid,
            "permillage": result.permillage,
            "limit": limit,
        }
        sys.stdout.write(json.dumps(payload) + "\n")
    else:
        left = _number(config.limit - result.weighted_length)
        if weighted > limit:
            line = f"{weighted}/{limit}, over by {_number(-left)}"
        elif not result.valid:
            reason = "empty" if not text else "contains characters X does not allow"
            line = f"{weighted}/{limit}, invalid: {reason}"
        else:
            line = f"{weighted}/{limit}, {left} left"
        sys.stdout.write(line + "\n")
    return EXIT_OK if result.valid else EXIT_CHECK_FAILED
