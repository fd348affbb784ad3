"""Per-account posting queues: slots, free-slot search, queue edits, units and their guards.

Pure: the current time is always an argument and every result is a new frozen value. Slots
are wall-clock times in the account's IANA time zone; everything returned is aware UTC.

- :mod:`~composer.core.schedule.slots`: slot times across daylight-saving changes, blackouts.
- :mod:`~composer.core.schedule.posts`: a queued unit (a post, a thread or a reply, each taking
  one slot), published posts, reply targets.
- :mod:`~composer.core.schedule.edits`: next free slot, assign, reorder, shuffle, pin, post
  next, remove. Pinned posts never move; unpinned posts take the earliest free slots in order.
- :mod:`~composer.core.schedule.variants`: A/B pairs (B at least a spacing after A; the minimum
  gap applies to the pair too, so a spacing below it is in effect the gap).
- :mod:`~composer.core.schedule.evergreen`: re-posts of an evergreen post in new wordings.
- :mod:`~composer.core.schedule.mix`: content-mix rules ("at most 1 promotional in any 4").
- :mod:`~composer.core.schedule.duplicates`: the 30-day duplicate guard, every part of a unit.
"""

from composer.core.guide.model import MixRule
from composer.core.schedule.duplicates import (
    DUPLICATE_DAYS,
    DuplicateHit,
    ensure_not_duplicate,
    find_duplicate,
    is_duplicate,
    normalise_for_duplicates,
)
from composer.core.schedule.edits import (
    SHUFFLE_ATTEMPTS,
    assign,
    next_free_slot,
    pin,
    post_next,
    remove,
    reorder,
    shuffle,
)
from composer.core.schedule.evergreen import plan_evergreen
from composer.core.schedule.mix import MixViolation, check_mix, mix_tags
from composer.core.schedule.posts import (
    PostContent,
    PublishedPost,
    QueuedPost,
    ScheduleError,
    parse_reply_target,
)
from composer.core.schedule.slots import HORIZON, in_blackout, slot_times
from composer.core.schedule.variants import VariantPair, assign_variants, variant_pairs

__all__ = [
    "DUPLICATE_DAYS",
    "HORIZON",
    "SHUFFLE_ATTEMPTS",
    "DuplicateHit",
    "MixRule",
    "MixViolation",
    "PostContent",
    "PublishedPost",
    "QueuedPost",
    "ScheduleError",
    "VariantPair",
    "assign",
    "assign_variants",
    "check_mix",
    "ensure_not_duplicate",
    "find_duplicate",
    "in_blackout",
    "is_duplicate",
    "mix_tags",
    "next_free_slot",
    "normalise_for_duplicates",
    "parse_reply_target",
    "pin",
    "plan_evergreen",
    "post_next",
    "remove",
    "reorder",
    "shuffle",
    "slot_times",
    "variant_pairs",
]
