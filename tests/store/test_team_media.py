"""Team mode (PostgreSQL): who may store media files and change a draft's media."""

from __future__ import annotations

import hashlib

import pytest
from helpers.media_files import item_of, png
from helpers.team_db import OWNER, T0, TeamDb
from psycopg import errors

from composer.core.errors import TransitionError
from composer.core.workflow import State
from composer.store.media import NewMedia

RED = png(colour=(220, 30, 30))
BLUE = png(colour=(30, 30, 220))
REFUSED = (errors.InsufficientPrivilege,)


def refused(team: TeamDb, user: str, statement: str, *params: object) -> str:
    with team.raw(user) as conn, pytest.raises(REFUSED) as info:
        conn.execute(statement, params or None)
    return str(info.value)


def test_the_author_attaches_media_through_the_store(team_db: TeamDb) -> None:
    store = team_db.store("ann")
    d = store.drafts.create("@Help", "With a picture", author="ann", findings=(), now=T0)
    d = store.media.save(d.id, [NewMedia(item_of(RED, "red"), RED)], d.version, actor="ann", now=T0)
    # Everyone on the team sees it: a reviewer reads the file and its alt text.
    rex = team_db.store("rex")
    (item,) = rex.media.of(d.id)
    assert item.alt_text == "red" and rex.media.blob(item.sha256) == RED
    # The author removes it again: the unused file is deleted too.
    store.media.save(d.id, [], d.version, actor="ann", now=T0)
    assert rex.media.usage() == 0


def test_a_file_under_another_files_address_is_refused(team_db: TeamDb) -> None:
    wrong = hashlib.sha256(BLUE).hexdigest()
    message = refused(
        team_db,
        "ann",
        "INSERT INTO media_blobs (sha256, mime, size, data, created_at) "
        "VALUES (%s, 'image/png', %s, %s, now())",
        wrong,
        len(RED),
        RED,
    )
    assert "SHA-256 of its bytes" in message


def test_only_the_author_or_an_admin_changes_a_drafts_media(team_db: TeamDb) -> None:
    ann = team_db.store("ann")
    d = ann.drafts.create("@Help", "Ann's picture", author="ann", findings=(), now=T0)
    d = ann.media.save(d.id, [NewMedia(item_of(RED, "red"), RED)], d.version, actor="ann", now=T0)
    message = refused(
        team_db, "rex", "UPDATE draft_media SET alt_text = 'forged' WHERE draft_id = %s", d.id
    )
    assert "only a draft's author or an admin changes its media" in message
    with pytest.raises(TransitionError, match="only its author 'ann' may do that"):
        team_db.store("ria").media.save(
            d.id, [NewMedia(item_of(BLUE, "blue"), BLUE)], d.version, actor="ria", now=T0
        )
    # The reviewer may record an upload (the publisher's and queue managers' part).
    with team_db.raw("rex") as conn:
        conn.execute("UPDATE draft_media SET x_media_id = '77' WHERE draft_id = %s", (d.id,))
    assert team_db.store(OWNER).media.uploads(d.id)[0].media_id == "77"


def test_media_of_a_published_post_stay_as_they_went_out(team_db: TeamDb) -> None:
    ann = team_db.store("ann")
    d = ann.drafts.create("@Help", "Out already", author="ann", findings=(), now=T0)
    d = ann.media.save(d.id, [NewMedia(item_of(RED, "red"), RED)], d.version, actor="ann", now=T0)
    owner = team_db.store(OWNER)
    with owner.db.write() as session:  # the owner (trusted) marks it published
        from sqlalchemy import update

        from composer.store.models import Draft

        session.execute(update(Draft).where(Draft.id == d.id).values(state=State.PUBLISHED.value))
    message = refused(
        team_db, "ann", "UPDATE draft_media SET alt_text = 'later' WHERE draft_id = %s", d.id
    )
    assert "stay as they went out" in message
