from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from composer.core.errors import TransitionError
from composer.core.inbox import (
    InboxAction,
    InboxError,
    MentionState,
    Response,
    age_text,
    check_may_fetch,
    check_may_triage,
    check_route,
    fetch_due,
    median,
    month_key,
    newest_id,
    next_state,
    overdue,
    page_size,
    parse_mentions_page,
    percentile,
    reads_left,
    response_stats,
)
from composer.core.workflow import Role

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_triage_moves_between_the_four_states() -> None:
    state = next_state(MentionState.NEW, InboxAction.ASSIGN)
    assert state is MentionState.ASSIGNED
    assert next_state(state, InboxAction.UNASSIGN) is MentionState.NEW
    assert next_state(state, InboxAction.NO_REPLY) is MentionState.NO_REPLY
    assert next_state(MentionState.NO_REPLY, InboxAction.REOPEN) is MentionState.NEW
    assert next_state(MentionState.ASSIGNED, InboxAction.ANSWER) is MentionState.ANSWERED
    assert next_state(MentionState.ASSIGNED, InboxAction.ROUTE) is MentionState.NEW


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (MentionState.ANSWERED, InboxAction.ASSIGN),
        (MentionState.ANSWERED, InboxAction.ROUTE),
        (MentionState.NO_REPLY, InboxAction.ASSIGN),
        (MentionState.NEW, InboxAction.REOPEN),
        (MentionState.NEW, InboxAction.UNASSIGN),
    ],
)
def test_refused_steps_say_why(state: MentionState, action: InboxAction) -> None:
    with pytest.raises(TransitionError, match="a mention that is"):
        next_state(state, action)


def test_who_may_triage_and_fetch() -> None:
    check_may_triage([Role.AUTHOR], person="ann", account="@Help")
    check_may_triage([Role.REVIEWER], person="rex", account="@Help")
    with pytest.raises(InboxError, match="ann has no role on @Help"):
        check_may_triage([], person="ann", account="@Help")
    check_may_fetch([Role.ADMIN], person="boss", account="@Help")
    with pytest.raises(InboxError, match="only an admin of @Help"):
        check_may_fetch([Role.AUTHOR, Role.REVIEWER], person="ann", account="@Help")


def test_routing_needs_another_account_and_a_note() -> None:
    assert check_route("@Help", "@Sales", "  a sales question ") == "a sales question"
    with pytest.raises(InboxError, match="already in @Help"):
        check_route("@Help", "@help", "x")
    with pytest.raises(InboxError, match="note"):
        check_route("@Help", "@Sales", "  ")


def test_a_page_of_mentions_is_read_with_authors_and_threads() -> None:
    body = {
        "data": [
            {
                "id": "20",
                "text": "@brandco Q&amp;A &lt;soon&gt;?",
                "author_id": "7",
                "created_at": "2026-12-07T08:59:00.000Z",
                "conversation_id": "10",
                "in_reply_to_user_id": "1",
            },
            {"id": "10", "text": "hi", "author_id": "8", "created_at": "2026-12-07T08:00:00Z"},
        ],
        "includes": {"users": [{"id": "7", "username": "kim"}]},
        "meta": {"result_count": 2, "newest_id": "20", "next_token": "abc"},
    }
    page = parse_mentions_page(body)
    first, second = page.mentions
    assert first.text == "@brandco Q&A <soon>?"
    assert first.author_username == "kim"
    assert first.conversation_id == "10"
    assert first.in_reply_to_user_id == "1"
    assert first.created_at == datetime(2026, 12, 7, 8, 59, tzinfo=UTC)
    assert second.conversation_id == "10"  # a thread's first post is its own conversation
    assert second.author_username == ""
    assert (page.next_token, page.newest_id) == ("abc", "20")
    assert parse_mentions_page({"meta": {"result_count": 0}}).mentions == ()
    with pytest.raises(InboxError, match="expected shape"):
        parse_mentions_page({"data": [{"id": "1"}]})


def test_a_long_mention_is_read_whole_from_note_tweet() -> None:
    whole = (
        "@brandco " + "my order never came and nobody answers the phone. " * 8 + "Help &amp; soon"
    )
    body = {
        "data": [
            {
                "id": "30",
                "text": whole[:275] + "…",  # X cuts a long post short in ``text``
                "note_tweet": {"text": whole},
                "author_id": "7",
                "created_at": "2026-12-07T09:00:00Z",
            }
        ]
    }
    (mention,) = parse_mentions_page(body).mentions
    assert mention.text.endswith("Help & soon")
    assert len(mention.text) > 280


def test_newest_id_compares_ids_as_numbers() -> None:
    assert newest_id(["99", "100", "7"]) == "100"
    assert newest_id([]) is None


def test_the_read_budget_bounds_each_page() -> None:
    assert month_key(T0) == "2026-12"
    assert reads_left(40, None) is None
    assert reads_left(40, 30) == 0
    assert page_size(None) == 100
    assert page_size(37) == 37
    assert page_size(500, wanted=2) == 5
    with pytest.raises(InboxError, match="monthly read budget is used up"):
        page_size(4)


def test_fetch_cadence() -> None:
    assert fetch_due(None, 15, T0)
    assert not fetch_due(T0, 15, T0 + timedelta(minutes=14))
    assert fetch_due(T0, 15, T0 + timedelta(minutes=15))


def test_median_and_nearest_rank_percentile() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.9) == 9.0
    assert percentile([5.0], 0.9) == 5.0
    with pytest.raises(ValueError, match="no values"):
        median([])


def test_response_stats_per_account_and_person_over_a_period() -> None:
    def reply(account: str, person: str, minutes: int, day: int = 0) -> Response:
        at = T0 + timedelta(days=day)
        return Response(account, person, at, at + timedelta(minutes=minutes))

    responses = [
        reply("@Help", "ann", 10),
        reply("@Help", "ann", 30),
        reply("@Help", "ria", 50),
        reply("@Sales", "ann", 120),
        reply("@Help", "ann", 999, day=30),  # outside the period
    ]
    until = T0 + timedelta(days=7)
    by_account = response_stats(responses, since=T0, until=until)
    assert [(s.key, s.count, s.median_minutes, s.p90_minutes) for s in by_account] == [
        ("@Help", 3, 30.0, 50.0),
        ("@Sales", 1, 120.0, 120.0),
    ]
    by_person = response_stats(responses, since=T0, until=until, by="person")
    assert [(s.key, s.count, s.median_minutes) for s in by_person] == [
        ("ann", 3, 30.0),
        ("ria", 1, 50.0),
    ]
    with pytest.raises(ValueError, match="group by"):
        response_stats(responses, since=T0, until=until, by="team")


def test_overdue_only_while_waiting_for_a_reply() -> None:
    later = T0 + timedelta(minutes=31)
    assert overdue(T0, MentionState.NEW, 30, later)
    assert overdue(T0, MentionState.ASSIGNED, 30, later)
    assert not overdue(T0, MentionState.NEW, 30, T0 + timedelta(minutes=30))
    assert not overdue(T0, MentionState.ANSWERED, 30, later)
    assert not overdue(T0, MentionState.NEW, None, later)


def test_age_text() -> None:
    assert age_text(T0, T0 + timedelta(seconds=45)) == "45s"
    assert age_text(T0, T0 + timedelta(minutes=12)) == "12m"
    assert age_text(T0, T0 + timedelta(hours=3, minutes=5)) == "3h"
    assert age_text(T0, T0 + timedelta(days=2)) == "2d"
