"""The fake X's ``GET /2/tweets?ids=...&tweet.fields=public_metrics`` (issue 18, item 1).

Serves seeded public metrics per post id (``seed``), in X's shape: ``data`` holds the posts
found, ``errors`` a "Not Found Error" per id X does not have. At most 100 ids a request
(X answers 400 beyond). Rate limit: ``limit`` requests per 15-minute window with X's
``x-rate-limit-*`` headers, 429 past it; ``add_429(wait)`` forces one 429 resetting ``wait``
seconds from now. ``requests`` records the ids asked for, one list a request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from helpers.fake_x_rate_limit import RateLimitedEndpoint

if TYPE_CHECKING:
    from helpers.fake_x_api import _Handler


class FakeMetrics(RateLimitedEndpoint):
    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__(clock, limit=15)
        self.metrics: dict[str, dict[str, int]] = {}
        self.requests: list[list[str]] = []

    def seed(
        self,
        post_id: str,
        *,
        impressions: int = 0,
        likes: int = 0,
        reposts: int = 0,
        replies: int = 0,
        quotes: int = 0,
        bookmarks: int = 0,
    ) -> None:
        """What X reports for ``post_id`` from now on."""
        with self.lock:
            self.metrics[post_id] = {
                "retweet_count": reposts,
                "reply_count": replies,
                "like_count": likes,
                "quote_count": quotes,
                "bookmark_count": bookmarks,
                "impression_count": impressions,
            }

    def handle_get(self, handler: _Handler, query: dict[str, str]) -> None:
        now = self.clock()
        ids = [i for i in query.get("ids", "").split(",") if i]
        with self.lock:
            self.requests.append(ids)
            headers = self._admit(handler, now)
            if headers is None:
                return
            if not 1 <= len(ids) <= 100:
                handler._problem(400, "Invalid Request", "ids: between 1 and 100 ids")
                return
            fields = set(query.get("tweet.fields", "").split(","))
            data: list[dict[str, Any]] = []
            errors: list[dict[str, Any]] = []
            for post_id in ids:
                found = self.metrics.get(post_id)
                if found is None:
                    errors.append(
                        {
                            "value": post_id,
                            "detail": f"Could not find tweet with ids: [{post_id}].",
                            "title": "Not Found Error",
                            "resource_type": "tweet",
                            "parameter": "ids",
                            "resource_id": post_id,
                            "type": "https://api.twitter.com/2/problems/resource-not-found",
                        }
                    )
                    continue
                item: dict[str, Any] = {
                    "id": post_id,
                    "text": "",
                    "edit_history_tweet_ids": [post_id],
                }
                if "public_metrics" in fields:
                    item["public_metrics"] = dict(found)
                data.append(item)
        body: dict[str, Any] = {}
        if data:
            body["data"] = data
        if errors:
            body["errors"] = errors
        handler._send_json(200, body, headers)
