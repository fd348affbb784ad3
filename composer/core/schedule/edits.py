"""Queue edits: next free slot, assign, reorder, shuffle, pin, post next, remove.

Edits never move a pinned post. Unpinned posts are laid out again, in queue order, into the
earliest free slots (see :mod:`composer.core.schedule.board` for what makes a slot free). An
A/B pair moves as one unit, A first, B at least its spacing after A; a thread or a reply is one
unit and takes one slot.

Content mix: posts given new slots (:func:`assign`, :func:`next_free_slot`) skip slots where
they would break a rule. An order a person chose (:func:`reorder`, :func:`post_next`) is laid
out as asked, or refused with a :class:`ScheduleError` naming the posts and the rule when it
draws a post into breaking a rule (posts that already broke one may be reordered among
themselves: that is how a queue is repaired); :func:`shuffle` tries further random orders
until one is not refused. :func:`remove` is never refused; :func:`check_mix` on its result
finds a run it leaves behind.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo

from composer.core.guide.model import MixRule, Schedule
from composer.core.schedule.board import Board, account_name, duration_text
from composer.core.schedule.mix import MixViolation, check_mix, check_shares
from composer.core.schedule.posts import PostContent, PublishedPost, QueuedPost, ScheduleError
from composer.core.schedule.slots import aware, zone_of

#: How many random orders :func:`shuffle` tries before it gives up on the mix rules.
SHUFFLE_ATTEMPTS = 50


def mix_rules(schedule: Schedule, mix: Sequence[MixRule] | None) -> tuple[MixRule, ...]:
    """The rules an edit applies: ``mix`` when given, else the schedule's own."""
    return schedule.mix if mix is None else tuple(mix)


def index_queue(queue: Sequence[QueuedPost]) -> dict[str, QueuedPost]:
    """The queue by id.

    Raises:
        ScheduleError: an id appears twice.
    """
    by_id: dict[str, QueuedPost] = {}
    for post in queue:
        if post.id in by_id:
            raise ScheduleError(f"post {post.id!r} appears twice in the queue")
        by_id[post.id] = post
    return by_id


def _get(by_id: Mapping[str, QueuedPost], post_id: str) -> QueuedPost:
    try:
        return by_id[post_id]
    except KeyError:
        raise ScheduleError(f"post {post_id!r} is not in the queue") from None


def ordered(posts: Iterable[QueuedPost]) -> tuple[QueuedPost, ...]:
    """The posts sorted by time, then id."""
    return tuple(sorted(posts, key=lambda p: (p.scheduled_at, p.id)))


def _split(queue: Sequence[QueuedPost]) -> tuple[list[QueuedPost], list[QueuedPost]]:
    in_order = ordered(queue)
    return [p for p in in_order if p.pinned], [p for p in in_order if not p.pinned]


def refuse_paused(account: str, *, paused: bool) -> None:
    """Refuse to schedule on a paused account.

    Raises:
        ScheduleError: ``paused`` is true.
    """
    if paused:
        raise ScheduleError(
            f"account {account_name(account)} is paused; resume its queue to schedule posts"
        )


def units(posts: Sequence[QueuedPost]) -> list[tuple[QueuedPost, ...]]:
    """Group posts into what moves together: an A/B pair, or one post alone.

    A pair whose two posts are both given goes, A first, where the first of them comes.
    """
    groups: dict[str, dict[str, QueuedPost]] = {}
    for post in posts:
        if post.variant_group:
            groups.setdefault(post.variant_group, {})[post.variant] = post
    out: list[tuple[QueuedPost, ...]] = []
    done: set[str] = set()
    for post in posts:
        if post.id in done:
            continue
        pair = groups.get(post.variant_group, {}) if post.variant_group else {}
        unit = (pair["A"], pair["B"]) if len(pair) == 2 else (post,)
        done.update(p.id for p in unit)
        out.append(unit)
    return out


def lay_out(
    schedule: Schedule,
    pinned: Sequence[QueuedPost],
    unpinned: Sequence[QueuedPost],
    now: datetime,
    *,
    history: Sequence[PublishedPost] = (),
) -> tuple[QueuedPost, ...]:
    """Give the unpinned posts, in order, the earliest free slots around the pinned ones.

    A/B pairs are kept together (see :func:`units`).

    Raises:
        ScheduleError: no free slot for one of them.
    """
    account = (unpinned or pinned)[0].account if (unpinned or pinned) else ""
    # The order is a person's choice: mix rules are checked on the result, not used to skip.
    board = Board(schedule, now, account=account, history=history, posts=pinned)
    placed = list(pinned)
    for unit in units(unpinned):
        placed.extend(board.place(post, use_mix=False) for post in unit)
    return ordered(placed)


def posting_order(
    queue: Iterable[QueuedPost], history: Iterable[PublishedPost], rules: Sequence[MixRule]
) -> list[QueuedPost | PublishedPost]:
    """Published posts (only the last few a rule can still see) then the queue, in time order.

    A share rule sees every published post given (its period may reach back a month).
    """
    done = sorted(history, key=lambda p: (aware(p.published_at, "a publishing time"), p.id))
    if any(rule.is_share for rule in rules):
        return [*done, *ordered(queue)]
    reach = max((rule.in_any for rule in rules), default=1) - 1
    recent: list[QueuedPost | PublishedPost] = list(
        done[max(len(done) - reach, 0) :] if reach else []
    )
    return [*recent, *ordered(queue)]


def mix_violations(
    queue: Iterable[QueuedPost],
    history: Iterable[PublishedPost],
    rules: Sequence[MixRule],
    zone: tzinfo = UTC,
) -> list[MixViolation]:
    """Every content-mix rule a queue breaks, run rules and share rules alike.

    Args:
        queue: The account's queued posts.
        history: Its published posts.
        rules: Its mix rules.
        zone: Its time zone (where a share rule's days, weeks and months begin).
    """
    posts = posting_order(queue, history, rules)
    timed = [(p, p.published_at if isinstance(p, PublishedPost) else p.scheduled_at) for p in posts]
    return [*check_mix(posts, rules), *check_shares(timed, rules, zone)]


def refuse_new_violations(
    before: Sequence[QueuedPost],
    after: Sequence[QueuedPost],
    rules: Sequence[MixRule],
    history: Sequence[PublishedPost],
    what: str,
    *,
    zone: tzinfo = UTC,
) -> None:
    """Refuse ``after`` if it draws a post into breaking a mix rule that ``before`` did not.

    A queue that already breaks a rule (say, a rule added after the posts were queued) may
    still be reordered among the posts involved, which is how a person repairs it.

    Raises:
        ScheduleError: naming the posts and the rule.
    """
    if not rules:
        return
    involved = {
        (v.rule, post_id)
        for v in mix_violations(before, history, rules, zone)
        for post_id in v.post_ids
    }
    for violation in mix_violations(after, history, rules, zone):
        if any((violation.rule, post_id) not in involved for post_id in violation.post_ids):
            raise ScheduleError(f"{what} is refused: {violation.message}")


def next_free_slot(
    schedule: Schedule,
    queue: Sequence[QueuedPost],
    now: datetime,
    *,
    paused: bool = False,
    tags: frozenset[str] = frozenset(),
    mix: Sequence[MixRule] | None = None,
    history: Sequence[PublishedPost] = (),
) -> datetime:
    """The first slot after ``now`` that no queued post blocks.

    A slot is free when it is at least ``min_gap_minutes`` from every queued (and, if given,
    published) post and not equal to one, its local day holds fewer than ``max_per_day``
    posts, it is outside every blackout, and a post with ``tags`` placed there breaks no
    content-mix rule.

    Args:
        schedule: The account's schedule.
        queue: The account's queued posts.
        now: The current time (aware).
        paused: Whether the account's queue is paused.
        tags: The mix tags of the post to be placed.
        mix: Content-mix rules (default: the schedule's).
        history: Published posts of the account (for the gap, the day's count and the mix).

    Returns:
        The slot, aware UTC.

    Raises:
        ScheduleError: the account is paused, has no slots, or no slot is free within 60 days.
    """
    account = queue[0].account if queue else ""
    refuse_paused(account, paused=paused)
    board = Board(
        schedule, now, account=account, mix=mix_rules(schedule, mix), history=history, posts=queue
    )
    return board.first_free(QueuedPost("", account, board.now, tags=tags))


def _new_post(
    post_id: str,
    account: str,
    now: datetime,
    texts: Mapping[str, str],
    content: Mapping[str, PostContent],
) -> QueuedPost:
    given = content.get(post_id)
    if given is None:
        return QueuedPost(post_id, account, now, text=texts.get(post_id, ""))
    return QueuedPost(
        post_id,
        account,
        now,
        text=given.text or texts.get(post_id, ""),
        parts=given.parts,
        in_reply_to=given.in_reply_to,
        tags=given.tags,
    )


def assign(
    schedule: Schedule,
    queue: Sequence[QueuedPost],
    new_ids: Sequence[str],
    now: datetime,
    *,
    account: str = "",
    texts: Mapping[str, str] | None = None,
    paused: bool = False,
    content: Mapping[str, PostContent] | None = None,
    mix: Sequence[MixRule] | None = None,
    history: Sequence[PublishedPost] = (),
) -> tuple[QueuedPost, ...]:
    """Give each post, in order, the next free slot; posts already queued stay put.

    An id already in the queue is taken out and given the next free slot (unpinned), which
    may be its old one; any other id becomes a new unit for ``account`` with its text from
    ``texts`` or its thread, reply target and tags from ``content``. A new tagged post skips
    slots where it would break a content-mix rule.

    Returns:
        The whole queue, sorted by time.

    Raises:
        ScheduleError: paused, an id given twice, or no free slot.
    """
    by_id = index_queue(queue)
    if len(set(new_ids)) != len(new_ids):
        raise ScheduleError("the same post was given twice to be queued")
    name = account or (queue[0].account if queue else "")
    refuse_paused(name, paused=paused)
    wanted = set(new_ids)
    kept = [p for p in queue if p.id not in wanted]
    board = Board(
        schedule, now, account=name, mix=mix_rules(schedule, mix), history=history, posts=kept
    )
    fresh = [
        replace(by_id[i], pinned=False)
        if i in by_id
        else _new_post(i, name, board.now, texts or {}, content or {})
        for i in new_ids
    ]
    result = list(kept)
    for unit in units(fresh):
        result.extend(board.place(post, use_mix=True) for post in unit)
    return ordered(result)


def reorder(
    queue: Sequence[QueuedPost],
    ordered_ids: Sequence[str],
    schedule: Schedule,
    now: datetime,
    *,
    mix: Sequence[MixRule] | None = None,
    history: Sequence[PublishedPost] = (),
) -> tuple[QueuedPost, ...]:
    """Put the unpinned posts in a new order; they take the earliest free slots in that order.

    ``ordered_ids`` must name every unpinned post exactly once; pinned ids may appear and are
    ignored (pinned posts keep their time). An A/B pair goes where the first of its two is
    named, A before B.

    Raises:
        ScheduleError: an unknown, repeated or missing id, no free slot, or an order that
            draws a post into breaking a content-mix rule (see :func:`refuse_new_violations`).
    """
    by_id = index_queue(queue)
    pinned, unpinned = _split(queue)
    wanted = [_get(by_id, post_id) for post_id in ordered_ids]
    moving = [p for p in wanted if not p.pinned]
    if len({p.id for p in moving}) != len(moving):
        raise ScheduleError("the new order names a post twice")
    missing = [p.id for p in unpinned if p.id not in {m.id for m in moving}]
    if missing:
        raise ScheduleError(f"the new order leaves out post(s) {', '.join(missing)}")
    result = lay_out(schedule, pinned, moving, now, history=history)
    refuse_new_violations(
        queue, result, mix_rules(schedule, mix), history, "the new order", zone=zone_of(schedule)
    )
    return result


def shuffle(
    queue: Sequence[QueuedPost],
    schedule: Schedule,
    now: datetime,
    *,
    seed: int | str,
    mix: Sequence[MixRule] | None = None,
    history: Sequence[PublishedPost] = (),
    attempts: int = SHUFFLE_ATTEMPTS,
) -> tuple[QueuedPost, ...]:
    """Put the unpinned posts in a random order, the same for the same seed.

    They are laid out as :func:`reorder` lays them out; pinned posts stay, pairs stay together.

    When the account has mix rules, orders :func:`reorder` would refuse are skipped; up to
    ``attempts`` orders are tried (default :data:`SHUFFLE_ATTEMPTS`).

    Raises:
        ScheduleError: no free slot, or no order tried keeps the content-mix rules.
    """
    index_queue(queue)
    pinned, unpinned = _split(queue)
    rules = mix_rules(schedule, mix)
    # Not for security: a reproducible order is the point of the seed.
    rng = random.Random(seed)  # noqa: S311
    groups = units(unpinned)
    for _ in range(max(attempts, 1)):
        rng.shuffle(groups)
        moving = [post for unit in groups for post in unit]
        result = lay_out(schedule, pinned, moving, now, history=history)
        try:
            refuse_new_violations(
                queue, result, rules, history, "the shuffled order", zone=zone_of(schedule)
            )
        except ScheduleError:
            continue
        return result
    raise ScheduleError(
        f"none of {max(attempts, 1)} shuffled orders of {account_name(queue[0].account)}'s "
        "queue keeps its content-mix rules; reorder it by hand"
    )


def pin(queue: Sequence[QueuedPost], post_id: str, at: datetime) -> tuple[QueuedPost, ...]:
    """Fix a post at ``at``; later queue edits leave it there.

    Other posts are not moved; call :func:`reorder` with the current order to lay the
    unpinned posts out around it. A pin ignores the minimum gap, but an A/B variant cannot
    be pinned out of order with a pinned partner (A at least the spacing before B).

    Raises:
        ScheduleError: unknown id, naive ``at``, or a variant pinned against its partner.
    """
    by_id = index_queue(queue)
    target = _get(by_id, post_id)
    when = aware(at, "the pinned time")
    if target.variant_group:
        _check_pinned_pair(target, when, queue)
    return ordered(replace(p, scheduled_at=when, pinned=True) if p is target else p for p in queue)


def _check_pinned_pair(target: QueuedPost, when: datetime, queue: Sequence[QueuedPost]) -> None:
    partner = next(
        (
            p
            for p in queue
            if p.pinned and p.variant_group == target.variant_group and p.id != target.id
        ),
        None,
    )
    if partner is None:
        return
    spacing = max(target.variant_spacing, partner.variant_spacing)
    first, second = when, partner.scheduled_at
    if target.variant == "B":
        first, second = second, first
    if second - first < spacing:
        raise ScheduleError(
            f"cannot pin variant {target.variant} of {target.variant_group!r} there: "
            f"A must go out at least {duration_text(spacing)} before B, and {partner.id!r} is "
            "pinned"
        )


def post_next(
    queue: Sequence[QueuedPost],
    post_id: str,
    now: datetime,
    schedule: Schedule,
    *,
    mix: Sequence[MixRule] | None = None,
    history: Sequence[PublishedPost] = (),
) -> tuple[QueuedPost, ...]:
    """Move a post to the front of the queue (unpinning it); the others move back a slot.

    For an A/B variant the pair moves to the front, A first.

    Raises:
        ScheduleError: unknown id, no free slot, or a front place that draws a post into
            breaking a content-mix rule (see :func:`refuse_new_violations`).
    """
    by_id = index_queue(queue)
    target = _get(by_id, post_id)
    pinned, unpinned = _split(queue)
    pinned = [p for p in pinned if p.id != post_id]
    rest = [p for p in unpinned if p.id != post_id]
    result = lay_out(schedule, pinned, [replace(target, pinned=False), *rest], now, history=history)
    refuse_new_violations(
        queue,
        result,
        mix_rules(schedule, mix),
        history,
        f"posting {post_id!r} next",
        zone=zone_of(schedule),
    )
    return result


def remove(
    queue: Sequence[QueuedPost],
    post_id: str,
    schedule: Schedule,
    now: datetime,
    *,
    history: Sequence[PublishedPost] = (),
) -> tuple[QueuedPost, ...]:
    """Take a post out; later unpinned posts move up into the freed slots.

    Removing one of an A/B pair leaves the other as an ordinary post.

    Raises:
        ScheduleError: unknown id or no free slot.
    """
    by_id = index_queue(queue)
    target = _get(by_id, post_id)
    rest = [
        _solo(p) if target.variant_group and p.variant_group == target.variant_group else p
        for p in queue
        if p.id != post_id
    ]
    pinned, unpinned = _split(rest)
    return lay_out(schedule, pinned, unpinned, now, history=history)


def _solo(post: QueuedPost) -> QueuedPost:
    return replace(post, variant_group="", variant="", variant_spacing=timedelta(0))
