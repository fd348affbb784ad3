"""The fake X's ``GET /2/users/:id/mentions``: mentions newest first, paged, rate limited.

Mentions are added with :meth:`FakeMentions.add` (ids grow with time, as X's do). The endpoint
takes ``since_id``, ``max_results`` (5..100), ``pagination_token``, ``tweet.fields`` and
``expansions=author_id`` (authors in ``includes.users``), and answers every request with
X's ``x-rate-limit-*`` headers: ``limit`` requests per 15-minute ``window`` (X's figure for
this endpoint is 180 per user; tests set a small one), then 429 until the window resets.
``add_429(wait)`` queues a 429 regardless of the count; ``requests`` records each query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from helpers.fake_x_rate_limit import RateLimitedEndpoint

if TYPE_CHECKING:
    from helpers.fake_x_api import _Handler


@dataclass
class FakeMention:
    id: str
    text: str
    author_id: str
    username: str
    created_at: float
    conversation_id: str
    in_reply_to_user_id: str | None


class FakeMentions(RateLimitedEndpoint):
    def __init__(self, clock: Callable[[], float], user_id: str) -> None:
        super().__init__(clock, limit=180)
        self.user_id = user_id
        self.items: list[FakeMention] = []
        self.requests: list[dict[str, str]] = []
        self._next_id = 1_700_000_000_000_000_000

    def add(
        self,
        text: str,
        *,
        username: str = "kim",
        author_id: str | None = None,
        conversation_id: str | None = None,
        in_reply_to_user_id: str | None = None,
        created_at: float | None = None,
    ) -> FakeMention:
        with self.lock:
            self._next_id += 1
            mention = FakeMention(
                str(self._next_id),
                text,
                author_id or _user_id(username),
                username,
                self.clock() if created_at is None else created_at,
                conversation_id or str(self._next_id),
                in_reply_to_user_id,
            )
            self.items.append(mention)
            return mention

    def ids(self) -> set[str]:
        """The mentions' ids (a post may reply to one)."""
        with self.lock:
            return {m.id for m in self.items}

    def handle_get(self, handler: _Handler, user_id: str, query: dict[str, str]) -> None:
        now = self.clock()
        with self.lock:
            self.requests.append(dict(query))
            headers = self._admit(handler, now)
            if headers is None:
                return
            max_results = int(query.get("max_results", "10"))
            if not 5 <= max_results <= 100:
                handler._problem(400, "Invalid Request", "max_results must be between 5 and 100")
                return
            items = [] if user_id != self.user_id else list(reversed(self.items))
        since = int(query.get("since_id", "0") or 0)
        items = [m for m in items if int(m.id) > since]
        offset = int(query.get("pagination_token", "0") or 0)
        page = items[offset : offset + max_results]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0].id, page[-1].id
        if offset + max_results < len(items):
            meta["next_token"] = str(offset + max_results)
        fields = set(query.get("tweet.fields", "").split(","))
        body: dict[str, Any] = {"meta": meta}
        if page:
            body["data"] = [_item(m, fields) for m in page]
            if "author_id" in query.get("expansions", "").split(","):
                users = {m.author_id: m.username for m in page}
                body["includes"] = {
                    "users": [
                        {"id": uid, "username": name, "name": name.title()}
                        for uid, name in users.items()
                    ]
                }
        handler._send_json(200, body, headers)


def _user_id(username: str) -> str:
    """A stable X user id for a made-up author (one id per username, as on X)."""
    return str(int.from_bytes(username.encode()[:7].ljust(7, b"\0"), "big"))


def _item(mention: FakeMention, fields: set[str]) -> dict[str, Any]:
    text = mention.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    item: dict[str, Any] = {"id": mention.id, "text": text, "edit_history_tweet_ids": [mention.id]}
    if "created_at" in fields:
        item["created_at"] = (
            datetime.fromtimestamp(mention.created_at, UTC).isoformat(timespec="milliseconds")
        ).replace("+00:00", "Z")
    if "author_id" in fields:
        item["author_id"] = mention.author_id
    if "conversation_id" in fields:
        item["conversation_id"] = mention.conversation_id
    if "in_reply_to_user_id" in fields and mention.in_reply_to_user_id:
        item["in_reply_to_user_id"] = mention.in_reply_to_user_id
    return item
