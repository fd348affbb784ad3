"""Tweet text: exact twitter-text counting, entity extraction and thread splitting.

This is the public face of the package; everything here is pure Python and mirrors the
official twitter-text library (npm ``twitter-text`` 3.1.0) with Python string indices.
"""

from __future__ import annotations

from composer.core.text.counting import (
    CountingConfig,
    ParseResult,
    WeightRange,
    get_config,
    parse_tweet,
)
from composer.core.text.extract import (
    Entity,
    EntityKind,
    extract_cashtags,
    extract_entities,
    extract_hashtags,
    extract_mentions,
    extract_mentions_or_lists,
    extract_reply_screen_name,
    extract_urls,
    is_valid_hashtag,
    is_valid_list,
    is_valid_url,
    is_valid_username,
)
from composer.core.text.patterns import utf16_len
from composer.core.text.thread import split_thread

__all__ = [
    "CountingConfig",
    "Entity",
    "EntityKind",
    "ParseResult",
    "WeightRange",
    "extract_cashtags",
    "extract_entities",
    "extract_hashtags",
    "extract_mentions",
    "extract_mentions_or_lists",
    "extract_reply_screen_name",
    "extract_urls",
    "get_config",
    "is_valid_hashtag",
    "is_valid_list",
    "is_valid_url",
    "is_valid_username",
    "parse_tweet",
    "split_thread",
    "utf16_len",
]
