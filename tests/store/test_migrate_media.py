"""Media survive the database's life: migration 0006 on an existing workspace (to the head), and
``db migrate-to`` from SQLite to PostgreSQL copies the files and attachments byte for byte."""

from __future__ import annotations

from pathlib import Path

from helpers.media_files import item_of, png
from helpers.pg_cluster import shared_cluster
from sqlalchemy import create_engine, text
from store_seed import T0, seed

from composer.store.media import NewMedia
from composer.store.migrate import head_revision, upgrade
from composer.store.migrate_to import copy_database
from composer.store.store import Store

RED = png(64, 64, (220, 30, 30))
BLUE = png(64, 64, (30, 30, 220))


def test_a_workspace_at_0005_upgrades_and_takes_media(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    upgrade(engine, "0005")
    engine.dispose()
    with Store.open(url) as store:  # upgrades to the head (0006)
        seed(store)
        d = store.drafts.create("@Help", "After the upgrade", author="ann", findings=(), now=T0)
        store.media.save(d.id, [NewMedia(item_of(RED, "red"), RED)], d.version, actor="ann", now=T0)
        assert [i.alt_text for i in store.media.of(d.id)] == ["red"]
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                head_revision()
            )


def test_migrate_to_postgresql_copies_media(tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    with Store.open(source) as store:
        seed(store)
        d = store.drafts.create("@Help", "Two pictures", author="ann", findings=(), now=T0)
        store.media.save(
            d.id,
            [NewMedia(item_of(RED, "red"), RED), NewMedia(item_of(BLUE, "blue"), BLUE)],
            d.version,
            actor="ann",
            now=T0,
        )
    cluster = shared_cluster()
    with cluster.database() as name:
        copies = copy_database(source, cluster.url(name))
        counts = {c.table: c for c in copies}
        assert counts["media_blobs"].target_rows == 2 and counts["draft_media"].target_rows == 2
        with Store.open(cluster.url(name)) as target:
            items = target.media.of(d.id)
            assert [i.alt_text for i in items] == ["red", "blue"]
            assert [target.media.blob(i.sha256) for i in items] == [RED, BLUE]
