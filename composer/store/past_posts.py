"""Past drafts and published posts as plain text, for judging them again (``guide diff``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from composer.core.guide_diff import PastPost
from composer.core.workflow import State
from composer.store.database import Database
from composer.store.models import Account, Draft


def past_posts(db: Database, *, since: datetime | None = None) -> list[PastPost]:
    """Every draft with text (deleted ones left out), by id; changed or published since ``since``.

    A published post counts from when it went out, any other draft from its last change.
    """
    when = func.coalesce(Draft.published_at, Draft.updated_at)
    query = (
        select(Draft.id, Account.handle, Draft.state, Draft.text)
        .join(Account, Account.id == Draft.account_id)
        .where(Draft.state != State.DELETED.value, Draft.text != "")
        .order_by(Draft.id)
    )
    if since is not None:
        query = query.where(when >= since)
    with db.read() as session:
        return [
            PastPost(int(i), str(handle), str(state), str(text))
            for i, handle, state, text in session.execute(query)
        ]


__all__ = ["past_posts"]
