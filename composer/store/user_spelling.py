"""How a SQLite workspace spells a person's name, read before the window is built.

``--user Ann`` and ``--user ann`` are one person (``composer.core.entry.name_key``); the window
must act under the stored spelling, or views that compare names exactly (whose drafts, whose
notifications) would miss. This runs before the first paint, so it uses the standard library's
``sqlite3``, read-only, not SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from composer.core.entry import name_key

_PREFIX = "sqlite:///"


def stored_spelling(database_url: str, name: str) -> str:
    """The stored name of the user ``name`` names; ``name`` itself when none does.

    Args:
        database_url: The workspace's ``sqlite:///FILE`` URL (anything else: ``name``).
        name: The name as typed (``--user``).

    A missing, new or unreadable database is not an error here: the store reports those
    properly once it opens.
    """
    path = Path(database_url.removeprefix(_PREFIX).split("?", 1)[0])
    if not database_url.startswith(_PREFIX) or not path.is_file():
        return name
    key = name_key(name)
    try:
        uri = f"file:{quote(str(path))}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=1.0)) as connection:
            rows = connection.execute("SELECT name FROM users").fetchall()
    except sqlite3.Error:
        return name
    return next((str(row[0]) for row in rows if name_key(str(row[0])) == key), name)
