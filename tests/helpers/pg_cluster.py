"""A throw-away PostgreSQL cluster for the tests: ``initdb`` in a temp dir, served on loopback.

One cluster per test session (:func:`shared_cluster`), started on first use and stopped when
the interpreter exits. Each test gets its own database, created from a migrated template
(``CREATE DATABASE ... TEMPLATE``), which takes a few tens of milliseconds.

PostgreSQL refuses to run as root, so when the tests run as root the cluster's files belong to
an unprivileged user (``nobody``, or ``BVC_PG_USER``) and the server runs as that user.

Without the server binaries the PostgreSQL tests fail in CI (``CI=true``) and are skipped
locally, with a message naming the Debian package.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: The cluster's superuser and its password (loopback only, a throw-away cluster).
SUPERUSER = "bvc_test_owner"
SUPERUSER_PASSWORD = "owner-secret"
#: Where Debian and Ubuntu keep each major version's server binaries.
DEBIAN_ROOT = Path("/usr/lib/postgresql")
APT_HINT = "apt-get install postgresql (scripts/install.sh --dev does it)"


class ClusterUnavailableError(RuntimeError):
    """The PostgreSQL server binaries are missing or the cluster would not start."""


def find_bindir() -> Path | None:
    """The newest PostgreSQL server's bin folder: ``BVC_PG_BINDIR``, Debian's, or ``PATH``."""
    explicit = os.environ.get("BVC_PG_BINDIR")
    if explicit:
        return Path(explicit) if (Path(explicit) / "initdb").is_file() else None
    if DEBIAN_ROOT.is_dir():
        versions = sorted(
            (p for p in DEBIAN_ROOT.iterdir() if (p / "bin" / "initdb").is_file()),
            key=lambda p: [int(x) for x in re.findall(r"\d+", p.name)] or [0],
        )
        if versions:
            return versions[-1] / "bin"
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgCluster:
    """A running throw-away cluster; :meth:`url` and :meth:`connect_kwargs` reach it."""

    bindir: Path
    root: Path
    port: int = 0
    run_as: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _templates: dict[str, str] = field(default_factory=dict)

    @property
    def data(self) -> Path:
        """The data directory."""
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        """Where the server puts its Unix socket (kept out of /var/run)."""
        return self.root / "sock"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        user = self.run_as
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            check=check,
            capture_output=True,
            text=True,
            user=user,
            group=pwd.getpwnam(user).pw_gid if user else None,
            extra_groups=[] if user else None,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(self.root)},
            cwd=self.root,
            timeout=120,
        )

    def start(self) -> None:
        """``initdb`` (password login on loopback), then ``pg_ctl start`` on a free port."""
        self.socket_dir.mkdir()
        password_file = self.root / "pw"
        password_file.write_text(SUPERUSER_PASSWORD + "\n")
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            for path in (self.root, self.socket_dir, password_file):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(password_file),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        last_error = ""
        for _ in range(5):  # another process may take the free port between probe and start
            self.port = _free_port()
            options = (
                f"-k {self.socket_dir} -p {self.port} -h 127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120 "
                "-c shared_buffers=32MB"
            )
            started = self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.root / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
                check=False,
            )
            if started.returncode == 0:
                return
            last_error = started.stderr or started.stdout
        log = self.root / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise ClusterUnavailableError(f"PostgreSQL did not start: {last_error}\n{tail}")

    def stop(self) -> None:
        """Stop the server at once and delete its files."""
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", *, user: str = SUPERUSER, password: str = "") -> str:
        """A ``postgresql+psycopg`` URL for ``database`` as ``user`` over loopback TCP."""
        secret = password or (SUPERUSER_PASSWORD if user == SUPERUSER else "")
        auth = f"{user}:{secret}" if secret else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def connect_kwargs(
        self, database: str = "postgres", *, user: str = SUPERUSER, password: str = ""
    ) -> dict[str, object]:
        """Keyword arguments for ``psycopg.connect``."""
        secret = password or (SUPERUSER_PASSWORD if user == SUPERUSER else "")
        return {
            "host": "127.0.0.1",
            "port": self.port,
            "dbname": database,
            "user": user,
            "password": secret,
            "connect_timeout": 10,
        }

    def execute(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE...)."""
        import psycopg

        with psycopg.connect(**self.connect_kwargs(database), autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(statement)

    def template(self, name: str, prepare: Callable[[str], None]) -> str:
        """A template database made once by ``prepare(url)`` (a callable), by ``name``."""
        with self._lock:
            if name not in self._templates:
                database = f"tpl_{name}"
                self.execute(f'CREATE DATABASE "{database}"')
                prepare(self.url(database))
                self._templates[name] = database
            return self._templates[name]

    @contextlib.contextmanager
    def database(self, template: str | None = None) -> Iterator[str]:
        """A fresh database (a copy of ``template``, if given); its name; dropped afterwards."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{clause}')
        try:
            yield name
        finally:
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_shared: PgCluster | None = None
_shared_error: str | None = None
_shared_lock = threading.Lock()


def _unprivileged_user() -> str | None:
    if os.geteuid() != 0:
        return None
    name = os.environ.get("BVC_PG_USER", "nobody")
    try:
        pwd.getpwnam(name)
    except KeyError:
        raise ClusterUnavailableError(
            f"the tests run as root and there is no user {name!r} to run PostgreSQL as; "
            "set BVC_PG_USER to an unprivileged user"
        ) from None
    return name


def start_cluster() -> PgCluster:
    """Start a new cluster (the caller stops it).

    Raises:
        ClusterUnavailableError: no server binaries, or the server would not start.
    """
    bindir = find_bindir()
    if bindir is None:
        raise ClusterUnavailableError(
            f"PostgreSQL server binaries (initdb, pg_ctl) not found: {APT_HINT}"
        )
    root = Path(tempfile.mkdtemp(prefix="bvc-pg-"))
    root.chmod(0o755)
    cluster = PgCluster(bindir=bindir, root=root, run_as=_unprivileged_user())
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


def shared_cluster() -> PgCluster:
    """The session's one cluster, started on first use; fails or skips when unavailable."""
    global _shared, _shared_error  # noqa: PLW0603 - one cluster per test process
    with _shared_lock:
        if _shared is None and _shared_error is None:
            try:
                _shared = start_cluster()
            except (ClusterUnavailableError, subprocess.SubprocessError, OSError) as exc:
                _shared_error = str(exc)
            else:
                atexit.register(_shared.stop)
    if _shared is None:
        unavailable(_shared_error or "PostgreSQL is unavailable")
    assert _shared is not None
    return _shared


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere: the PostgreSQL tests cannot run here."""
    message = f"PostgreSQL tests cannot run: {reason}"
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message} (CI must run them: {APT_HINT})", pytrace=False)
    pytest.skip(f"{message} ({APT_HINT})")


@pytest.fixture(scope="session")
def pg_cluster() -> PgCluster:
    """The session's throw-away PostgreSQL cluster."""
    return shared_cluster()
