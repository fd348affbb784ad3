"""The workspace: a folder with ``workspace.toml``, the brand guide and (by default) the database.

Resolution order for the folder: an explicit path (``--workspace``), the
``BRAND_COMPOSER_WORKSPACE`` environment variable, then the user's default workspace under the
platform's data folder, created with the example content on first use.

``workspace.toml`` (every key optional)::

    guide = "brand-guide.yml"          # relative to the workspace, or absolute
    [database]
    url = "sqlite:///..."              # default: composer.sqlite3 in the workspace
    # or a team database: "postgresql://ann@db.example.com/brand?sslmode=verify-full"
    [grammar]
    mode = "offline"                   # off | offline | local | server | public
                                       # (no [grammar] table: off; new workspaces: offline)
    server_url = "http://localhost:8081"
    timeout_seconds = 5.0
    public_api_consent = false         # required for mode = "public"

``BRAND_COMPOSER_DATABASE_URL`` overrides ``database.url``. A team database's password is
never written in ``workspace.toml`` (a URL there with a password is refused): it comes from
the OS keyring (``brand-composer db password``), or from libpq's own ``~/.pgpass`` or
``PGPASSWORD`` (see docs/team-setup.md).
"""

from __future__ import annotations

import os
import shutil
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.errors import KnownError
from composer.resources import resource_path

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

WORKSPACE_FILE = "workspace.toml"
DATABASE_FILE = "composer.sqlite3"
_GUIDE_FILE = "brand-guide.yml"
ENV_WORKSPACE = "BRAND_COMPOSER_WORKSPACE"
ENV_DATABASE_URL = "BRAND_COMPOSER_DATABASE_URL"
#: The keyring service under which team database passwords are kept (one per login@host).
DATABASE_PASSWORD_SERVICE = "io.github.brandvoicecomposer.BrandVoiceComposer.database"  # noqa: S105 - a name
#: Seconds a keyring look-up may take before libpq's own sources are used instead.
KEYRING_TIMEOUT = 5.0
GRAMMAR_MODES = ("off", "offline", "local", "server", "public")
_APP_DIR_NAME = "brand-voice-composer"


class WorkspaceError(KnownError):
    """The workspace folder or its ``workspace.toml`` cannot be used."""


@dataclass(frozen=True, slots=True)
class GrammarSettings:
    """How grammar and spelling are checked (see docs/grammar.md)."""

    mode: str = "off"
    server_url: str = ""
    timeout_seconds: float = 5.0
    public_api_consent: bool = False
    #: Local mode: the folder of an unpacked LanguageTool (``grammar setup``); empty means
    #: language-tool-python's own download.
    languagetool_path: str = ""


@dataclass(frozen=True, slots=True)
class Workspace:
    """A resolved workspace: where its guide and database are, and its service settings."""

    root: Path
    guide_path: Path
    #: May carry a password from the keyring: never shown (``repr``) or written anywhere.
    database_url: str = field(repr=False)
    grammar: GrammarSettings = field(default_factory=GrammarSettings)

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded single-user database."""
        return self.database_url.startswith("sqlite")

    @property
    def database_user(self) -> str | None:
        """The database login named in the URL (team mode's identity), if any."""
        if self.is_sqlite:
            return None
        return _url(self.database_url).username or None

    @property
    def database_server(self) -> str | None:
        """Team mode's server and database, ``host:port/name`` (no login, no password)."""
        if self.is_sqlite:
            return None
        url = _url(self.database_url)
        host = url.host or "localhost"
        port = f":{url.port}" if url.port else ""
        return f"{host}{port}/{url.database or ''}"


def default_workspace_dir() -> Path:
    """The user's default workspace under the platform's data folder."""
    import platformdirs  # noqa: PLC0415 - only for the default folder (the window starts faster)

    return Path(platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False)) / "workspace"


def resolve_workspace(path: str | Path | None = None, *, create: bool = True) -> Workspace:
    """Find and read the workspace.

    Args:
        path: an explicit folder; ``None`` means the environment variable, then the default.
        create: create the *default* workspace with the example content when it is missing.
            An explicitly named folder is never created implicitly.

    Raises:
        WorkspaceError: the folder is missing or ``workspace.toml`` is invalid.
    """
    if path is None and os.environ.get(ENV_WORKSPACE):
        path = os.environ[ENV_WORKSPACE]
    if path is None:
        root = default_workspace_dir()
        if not (root / WORKSPACE_FILE).is_file():
            if not create:
                raise WorkspaceError(f"no workspace at {root}: run 'brand-composer init {root}'")
            return init_workspace(root, example=True)
        return load_workspace(root)
    if not str(path).strip():  # e.g. --workspace "$UNSET": never the current folder by accident
        raise WorkspaceError("the workspace folder's name is empty")
    root = Path(path).expanduser()
    try:
        exists, is_dir = root.exists(), root.is_dir()
    except OSError as exc:  # a parent folder that cannot be searched
        raise WorkspaceError(
            f"cannot open the workspace folder {root}: {exc.strerror or exc}"
        ) from exc
    if exists and not is_dir:
        raise WorkspaceError(f"workspace {root} is a file, not a folder")
    if not is_dir:
        raise WorkspaceError(
            f"workspace folder {root} does not exist: create it with 'brand-composer init {root}'"
        )
    if not os.access(root, os.R_OK | os.X_OK):
        raise WorkspaceError(f"cannot open the workspace folder {root}: permission denied")
    if not os.environ.get(ENV_DATABASE_URL) and _someone_elses(root):
        # A folder of other things (photos, a project) named by mistake: leave no database
        # behind in it. An empty folder becomes a workspace, as before.
        raise WorkspaceError(
            f"{root} is not a workspace (no {WORKSPACE_FILE} in it): create one with "
            f"'brand-composer init {root}'"
        )
    return load_workspace(root)


def _someone_elses(root: Path) -> bool:
    """Whether ``root`` holds files but none of a workspace's own."""
    try:
        if any((root / name).exists() for name in (WORKSPACE_FILE, _GUIDE_FILE, DATABASE_FILE)):
            return False
        return next(root.iterdir(), None) is not None
    except OSError as exc:
        raise WorkspaceError(f"cannot read {root / WORKSPACE_FILE}: {exc.strerror or exc}") from exc


def load_workspace(root: Path) -> Workspace:
    """Read ``root/workspace.toml`` (a folder without one gets the defaults).

    Raises:
        WorkspaceError: the file is unreadable or has a bad value; the message names the key.
    """
    root = root.resolve()
    config_path = root / WORKSPACE_FILE
    data: dict[str, Any] = {}
    try:
        present = config_path.is_file()  # raises when the folder cannot be searched
    except OSError as exc:
        raise WorkspaceError(f"cannot read {config_path}: {exc.strerror or exc}") from exc
    if present:
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise WorkspaceError(f"cannot read {config_path}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise WorkspaceError(f"cannot read {config_path}: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise WorkspaceError(f"{config_path}: {exc}") from exc
    return _workspace_from_data(root, config_path, data)


def _workspace_from_data(root: Path, config_path: Path, data: dict[str, Any]) -> Workspace:
    problems: list[str] = []
    known_top = {"guide", "database", "grammar", "x", "costs"}  # x, costs: services/x_settings.py
    problems += [f"unknown key '{k}'" for k in data if k not in known_top]

    guide = data.get("guide", "brand-guide.yml")
    if not isinstance(guide, str):
        problems.append("'guide' must be a path (a string)")
        guide = "brand-guide.yml"
    guide_path = Path(guide).expanduser()
    if not guide_path.is_absolute():
        guide_path = root / guide_path

    database = _table(data, "database", problems)
    from_file = database.get("url") or ""
    url = os.environ.get(ENV_DATABASE_URL) or from_file
    if not isinstance(url, str):
        problems.append("'database.url' must be a string")
        url = ""
    elif isinstance(from_file, str) and from_file and _password_of(from_file):
        problems.append(
            "'database.url' must not contain a password: keep it in the OS keyring "
            "('brand-composer db password'), ~/.pgpass or PGPASSWORD"
        )
    if url:
        problems += _url_problems(url, from_env=bool(os.environ.get(ENV_DATABASE_URL)))
    else:
        url = f"sqlite:///{root / DATABASE_FILE}"
    problems += [f"unknown key 'database.{k}'" for k in database if k != "url"]

    grammar_table = _table(data, "grammar", problems)
    grammar = _grammar_settings(grammar_table, problems)

    if problems:
        raise WorkspaceError(f"{config_path}: " + "; ".join(problems))
    return Workspace(
        root=root, guide_path=guide_path, database_url=with_keyring_password(url), grammar=grammar
    )


def _url_problems(url: str, *, from_env: bool) -> list[str]:
    """What is wrong with a database URL: only SQLite and PostgreSQL are supported."""
    name = ENV_DATABASE_URL if from_env else "'database.url'"
    usage = "use sqlite:///FILE or postgresql://LOGIN@HOST/DATABASE"
    parsed = _parse_url(url)
    if parsed is None:
        return [f"{name} is not a database URL: {usage}"]
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql", "postgres"}:
        return [f"{name} names a {backend!r} database, which is not supported: {usage}"]
    return []


def _url(url: str) -> URL:
    """``url`` parsed by SQLAlchemy (imported here: most commands never need it)."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    return make_url(url)


def _parse_url(url: str) -> URL | None:
    """``url`` parsed by SQLAlchemy, or ``None`` when it is not a database URL."""
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    try:
        return _url(url)
    except ArgumentError:
        return None


def _password_of(url: str) -> str | None:
    parsed = _parse_url(url)
    return None if parsed is None else parsed.password


def password_key(url: str) -> str | None:
    """The keyring entry name of a team database URL's login (``login@host``), if any."""
    if url.startswith("sqlite"):
        return None  # a file database has no login (and SQLAlchemy need not load)
    parsed = _parse_url(url)
    if parsed is None or not parsed.username:
        return None
    if parsed.get_backend_name() not in {"postgresql", "postgres"}:
        return None
    return f"{parsed.username}@{parsed.host or 'localhost'}"


def with_keyring_password(url: str) -> str:
    """The URL with its login's password from the OS keyring, when one is stored there.

    Only for a PostgreSQL URL without a password and without ``PGPASSWORD``; any keyring
    trouble (none installed, locked, slow) leaves the URL as it is, and libpq then looks in
    ``~/.pgpass`` itself.
    """
    key = password_key(url)
    if key is None or _password_of(url) or os.environ.get("PGPASSWORD"):
        return url
    secret = _keyring_lookup(key)
    if not secret:
        return url
    return _url(url).set(password=secret).render_as_string(hide_password=False)


def _keyring_lookup(key: str) -> str | None:
    from composer.services.secrets import SecretStore, insecurity  # noqa: PLC0415

    store = SecretStore(timeout=KEYRING_TIMEOUT)
    try:
        backend = store.backend
        if insecurity(backend, store.allowed) is not None:
            return None
        found = _timed(lambda: backend.get_password(DATABASE_PASSWORD_SERVICE, key))
    except Exception:
        return None
    return str(found) if found else None


def _timed(call: Callable[[], object]) -> object:
    """Run a keyring call with a deadline (an unlock prompt can wait forever)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except Exception as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="keyring-database-password", daemon=True)
    worker.start()
    worker.join(KEYRING_TIMEOUT)
    if worker.is_alive():
        raise WorkspaceError(
            f"the OS keyring did not answer within {KEYRING_TIMEOUT:g} s (is it locked?)"
        )
    error = outcome.get("error")
    if isinstance(error, Exception):
        raise WorkspaceError(f"the OS keyring refused ({type(error).__name__})") from None
    return outcome.get("value")


def store_database_password(url: str, password: str) -> str:
    """Keep the login's password of a team database URL in the OS keyring.

    Returns:
        The keyring entry's name (``login@host``).

    Raises:
        WorkspaceError: not a PostgreSQL URL with a login name, or the keyring refused.
        InsecureKeyringError: only an insecure keyring is available.
    """
    from composer.services.secrets import SecretStore  # noqa: PLC0415

    key = password_key(url)
    if key is None:
        raise WorkspaceError(
            "a database password is kept for a PostgreSQL URL with a login name "
            "(postgresql://LOGIN@HOST/DATABASE)"
        )
    store = SecretStore(timeout=KEYRING_TIMEOUT)
    store.ensure_secure()
    backend = store.backend
    _timed(lambda: backend.set_password(DATABASE_PASSWORD_SERVICE, key, password))
    return key


def _table(data: dict[str, Any], key: str, problems: list[str]) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"'{key}' must be a table ([{key}])")
        return {}
    return value


def _grammar_settings(table: dict[str, Any], problems: list[str]) -> GrammarSettings:
    known = {"mode", "server_url", "timeout_seconds", "public_api_consent", "languagetool_path"}
    problems += [f"unknown key 'grammar.{k}'" for k in table if k not in known]
    mode = table.get("mode", "off")
    if mode not in GRAMMAR_MODES:
        problems.append(f"'grammar.mode' must be one of {', '.join(GRAMMAR_MODES)}, not {mode!r}")
        mode = "off"
    server_url = table.get("server_url", "")
    if not isinstance(server_url, str):
        problems.append("'grammar.server_url' must be a string")
        server_url = ""
    if mode == "server" and not server_url:
        problems.append("'grammar.server_url' is required when grammar.mode is \"server\"")
    timeout = table.get("timeout_seconds", 5.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        problems.append("'grammar.timeout_seconds' must be a positive number")
        timeout = 5.0
    consent = table.get("public_api_consent", False)
    if not isinstance(consent, bool):
        problems.append("'grammar.public_api_consent' must be true or false")
        consent = False
    lt_path = table.get("languagetool_path", "")
    if not isinstance(lt_path, str):
        problems.append("'grammar.languagetool_path' must be a string")
        lt_path = ""
    return GrammarSettings(
        mode=str(mode),
        server_url=server_url,
        timeout_seconds=float(timeout),
        public_api_consent=consent,
        languagetool_path=lt_path,
    )


def init_workspace(path: str | Path, *, example: bool = True) -> Workspace:
    """Create a workspace folder with ``workspace.toml`` and (with ``example``) the example guide.

    Existing files are never overwritten, so running it twice is harmless.

    Raises:
        WorkspaceError: the folder cannot be created or written.
    """
    root = Path(path).expanduser()
    try:
        root.mkdir(parents=True, exist_ok=True)
        if example:
            _copy_example(root)
        config_path = root / WORKSPACE_FILE
        if not config_path.exists():
            config_path.write_text(_DEFAULT_TOML, encoding="utf-8")
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create the workspace at {root}: {exc.strerror or exc}"
        ) from exc
    return load_workspace(root)


def _copy_example(root: Path) -> None:
    source = resource_path("example")
    for item in source.rglob("*"):
        if item.name == WORKSPACE_FILE and item.parent == source:
            continue  # the example's own settings are written fresh below
        target = root / item.relative_to(source)
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, target)


_DEFAULT_TOML = """\
# Brand Voice Composer workspace settings. Every key is optional.
guide = "brand-guide.yml"

[database]
# Default: composer.sqlite3 in this folder. A team shares one PostgreSQL database:
# url = "postgresql+psycopg://host/brand"

[grammar]
# offline (spelling from the packaged dictionary, no set-up, no network), off, local
# (LanguageTool here, needs Java 17), server, or public (text leaves the machine)
mode = "offline"
# server_url = "http://localhost:8081"
timeout_seconds = 5.0
"""


def save_grammar_settings(root: Path, grammar: GrammarSettings) -> Workspace:
    """Write ``grammar`` into ``root/workspace.toml``'s ``[grammar]`` table, keeping the rest.

    Raises:
        WorkspaceError: the file cannot be written, or the values are invalid.
    """
    config_path = root / WORKSPACE_FILE
    try:
        text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
    except OSError as exc:
        raise WorkspaceError(f"cannot read {config_path}: {exc.strerror or exc}") from exc
    table = "\n".join(
        [
            "[grammar]",
            f"mode = {_toml_string(grammar.mode)}",
            f"server_url = {_toml_string(grammar.server_url)}",
            f"timeout_seconds = {float(grammar.timeout_seconds)!r}",
            f"public_api_consent = {'true' if grammar.public_api_consent else 'false'}",
            *(
                [f"languagetool_path = {_toml_string(grammar.languagetool_path)}"]
                if grammar.languagetool_path
                else []
            ),
        ]
    )
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            skipping = stripped == "[grammar]"
        if not skipping:
            kept.append(line)
    new_text = "\n".join(kept).rstrip("\n") + "\n\n" + table + "\n"
    # Validate before writing: a bad value must not replace a good file.
    _workspace_from_data(root, config_path, tomllib.loads(new_text))
    tmp = config_path.with_suffix(".toml.tmp")
    try:
        tmp.write_text(new_text, encoding="utf-8")
        tmp.replace(config_path)
    except OSError as exc:
        raise WorkspaceError(f"cannot write {config_path}: {exc.strerror or exc}") from exc
    return load_workspace(root)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
