"""Setting up LanguageTool for ``local`` mode: Java, the download, or an existing install.

Used by Settings ▸ Grammar and ``brand-composer grammar setup``. The download is a plain
function (:func:`install_languagetool`) taking the URL, the destination folder, a progress
callback and a cancel flag, so the window, the command line and the tests (a local file
server, never the internet) share it. Nothing is left half-installed: the archive is fetched
to a temporary file beside the destination, verified (size, SHA-256 when known, zip
integrity, a LanguageTool jar inside), unpacked into a temporary folder and only then renamed
into place. A failed or offline download makes :func:`setup_local` fall back to ``offline``
mode with a message that says why.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import platformdirs

from composer.core.errors import KnownError
from composer.services.workspace import GrammarSettings

#: The oldest Java LanguageTool 6 runs on (as composer.services.grammar.MIN_JAVA).
MIN_JAVA = 17
#: The LanguageTool release downloaded by default, and its published SHA-256 (the same
#: hash language-tool-python pins for this version).
DEFAULT_VERSION = "6.6"
DEFAULT_URL = f"https://languagetool.org/download/LanguageTool-{DEFAULT_VERSION}.zip"
KNOWN_SHA256 = {DEFAULT_URL: "53600506b399bb5ffe1e4c8dec794fd378212f14aaf38ccef9b6f89314d11631"}
#: The jars language-tool-python starts (the first found wins).
JAR_NAMES = ("languagetool-server.jar", "LanguageTool.jar")
#: Refuse anything bigger: the real archive is about 250 MB.
MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024
CHUNK_BYTES = 64 * 1024

JAVA_INSTALL_HINT = (
    "install Java {min}+: `sudo apt install default-jre` (Debian, Ubuntu), "
    "`sudo dnf install java-{min}-openjdk` (Fedora), `brew install openjdk` (macOS), "
    "or Adoptium Temurin from https://adoptium.net (Windows)"
)

#: Called with (bytes received, total bytes or ``None`` when the server does not say).
Progress = Callable[[int, int | None], None]


class SetupError(KnownError):
    """LanguageTool could not be set up; ``kind`` is java, download, archive, path or cancelled."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class SetupCancelled(SetupError):  # noqa: N818 - a person's choice, not a failure
    """The person cancelled the download; nothing was installed."""

    def __init__(self) -> None:
        super().__init__(
            "the LanguageTool download was cancelled; nothing was installed", "cancelled"
        )


def default_install_dir() -> Path:
    """Where downloaded LanguageTool releases are unpacked (one folder per release)."""
    return (
        Path(platformdirs.user_data_dir("brand-voice-composer", appauthor=False)) / "languagetool"
    )


def java_problem(java_version: Callable[[], int | None] | None = None) -> str | None:
    """``None`` when Java 17+ runs here, else what is missing and how to install it."""
    if java_version is None:
        from composer.services.grammar import java_major_version  # noqa: PLC0415

        java_version = java_major_version
    major = java_version()
    if major is not None and major >= MIN_JAVA:
        return None
    found = "no Java was found" if major is None else f"Java {major} was found"
    return f"local mode needs Java {MIN_JAVA} or newer and {found}: " + JAVA_INSTALL_HINT.format(
        min=MIN_JAVA
    )


def find_languagetool(path: str | Path) -> Path:
    """The LanguageTool folder for ``path``: an unpacked LanguageTool folder or one of its jars.

    Raises:
        SetupError: (``path``) nothing there, or no LanguageTool jar in it.
    """
    given = Path(path).expanduser()
    if not given.exists():
        raise SetupError(f"{given} does not exist: choose an unpacked LanguageTool folder", "path")
    if given.is_file():
        if given.name in JAR_NAMES:
            return given.parent.resolve()
        raise SetupError(
            f"{given} is not a LanguageTool jar: choose languagetool-server.jar or its folder",
            "path",
        )
    for folder in (given, *sorted(p for p in given.iterdir() if p.is_dir())):
        if any((folder / name).is_file() for name in JAR_NAMES):
            return folder.resolve()
    raise SetupError(
        f"{given} holds no languagetool-server.jar: choose the folder LanguageTool was "
        "unpacked into",
        "path",
    )


def download(
    url: str,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    timeout: float = 30.0,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> None:
    """Fetch ``url`` into the file ``target`` (removed again on failure or cancel).

    Raises:
        SetupCancelled: ``cancelled()`` became true.
        SetupError: (``download``) the server could not be reached or the transfer failed.
    """
    if not url.startswith(("http://", "https://", "file://")):
        raise SetupError(
            f"the download URL {url!r} is not an http:// or https:// address", "download"
        )
    try:
        with (
            urllib.request.urlopen(url, timeout=timeout) as response,  # noqa: S310 - checked above
            target.open("wb") as out,
        ):
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > max_bytes:
                raise SetupError(
                    f"{url} is {total // 1_000_000} MB, more than a LanguageTool archive can be",
                    "download",
                )
            done = 0
            if progress is not None:
                progress(0, total)
            while True:
                if cancelled():
                    raise SetupCancelled
                chunk = response.read(CHUNK_BYTES)
                if not chunk:
                    break
                done += len(chunk)
                if done > max_bytes:
                    raise SetupError(f"{url} sent more than {max_bytes} bytes", "download")
                out.write(chunk)
                if progress is not None:
                    progress(done, total)
            if total is not None and done != total:
                raise SetupError(
                    f"the download from {url} stopped after {done} of {total} bytes", "download"
                )
    except SetupError:
        target.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the connection open
        target.unlink(missing_ok=True)
        raise SetupError(
            f"LanguageTool could not be downloaded from {url}: the server answered HTTP "
            f"{exc.code} {exc.reason}",
            "download",
        ) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        target.unlink(missing_ok=True)
        reason = getattr(exc, "reason", None) or exc
        raise SetupError(
            f"LanguageTool could not be downloaded from {url} ({reason}; offline?)", "download"
        ) from exc


def verify_archive(archive: Path, *, sha256: str | None = None, size: int | None = None) -> str:
    """Check a downloaded archive; returns the path inside it of the LanguageTool jar.

    Raises:
        SetupError: (``archive``) wrong size or hash, not a sound zip, or no LanguageTool in it.
    """
    actual_size = archive.stat().st_size
    if size is not None and actual_size != size:
        raise SetupError(
            f"the downloaded archive is {actual_size} bytes, not the expected {size}", "archive"
        )
    if sha256:
        digest = hashlib.sha256()
        with archive.open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        if digest.hexdigest() != sha256.lower():
            raise SetupError(
                "the downloaded archive's SHA-256 does not match the published one "
                "(corrupt or tampered download); nothing was installed",
                "archive",
            )
    try:
        with zipfile.ZipFile(archive) as zipped:
            bad = zipped.testzip()
            names = zipped.namelist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise SetupError(
            f"the downloaded archive is not a readable zip file ({exc}); nothing was installed",
            "archive",
        ) from exc
    if bad is not None:
        raise SetupError(
            f"the downloaded archive is corrupt (bad entry {bad}); nothing was installed", "archive"
        )
    for name in names:
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts:
            raise SetupError(f"the archive has an unsafe entry {name!r}; refused", "archive")
    jars = [
        n for n in names if PurePosixPath(n).name in JAR_NAMES and len(PurePosixPath(n).parts) <= 2
    ]
    if not jars:
        raise SetupError(
            "the downloaded archive holds no languagetool-server.jar: it is not LanguageTool",
            "archive",
        )
    return jars[0]


def install_languagetool(
    url: str,
    dest: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    sha256: str | None = None,
    size: int | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download, verify and unpack LanguageTool under ``dest``; returns the folder with its jar.

    ``sha256`` defaults to the published hash for the default URL. On any failure or cancel
    nothing new is left under ``dest``.

    Raises:
        SetupCancelled, SetupError
    """
    if sha256 is None:
        sha256 = KNOWN_SHA256.get(url)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".download-", dir=dest))
    except OSError as exc:
        raise SetupError(f"cannot write to {dest}: {exc.strerror or exc}", "path") from exc
    try:
        archive = work / "languagetool.zip"
        download(url, archive, progress=progress, cancelled=cancelled, timeout=timeout)
        if cancelled():
            raise SetupCancelled
        jar = PurePosixPath(verify_archive(archive, sha256=sha256, size=size))
        unpacked = work / "unpacked"
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(unpacked)  # every entry checked in verify_archive
        top = jar.parts[0] if len(jar.parts) == 2 else None
        source = unpacked / top if top else unpacked
        final = dest / (top or Path(archive.name).stem)
        if final.exists():
            shutil.rmtree(final)
        source.rename(final)
        return final
    except OSError as exc:
        raise SetupError(
            f"cannot unpack LanguageTool into {dest}: {exc.strerror or exc}", "path"
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class SetupOutcome:
    """What a set-up ended with: the settings to save and a sentence for the person."""

    settings: GrammarSettings
    message: str
    ok: bool
    cancelled: bool = False


def setup_local(
    current: GrammarSettings,
    *,
    existing: str | Path | None = None,
    url: str = DEFAULT_URL,
    dest: Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    sha256: str | None = None,
    java_version: Callable[[], int | None] | None = None,
) -> SetupOutcome:
    """Set up ``local`` mode: Java, then ``existing`` LanguageTool or a download.

    Success: mode ``local`` with ``languagetool_path``. A cancel keeps ``current``. Missing
    Java, a failed or offline download, a corrupt archive or a wrong folder fall back to
    ``offline`` (spelling from the packaged dictionary) with the reason in the message.
    """
    fallback = " Spelling is checked with the offline dictionary (mode offline) until then."
    problem = java_problem(java_version)
    if problem is not None:
        return SetupOutcome(
            replace(current, mode="offline"),
            problem[0].upper() + problem[1:] + "." + fallback,
            ok=False,
        )
    try:
        if existing is not None and str(existing).strip():
            folder = find_languagetool(existing)
        else:
            folder = install_languagetool(
                url,
                dest or default_install_dir(),
                progress=progress,
                cancelled=cancelled,
                sha256=sha256,
            )
    except SetupCancelled as exc:
        return SetupOutcome(
            current, str(exc)[0].upper() + str(exc)[1:] + ".", ok=False, cancelled=True
        )
    except SetupError as exc:
        text = str(exc)
        text = text[0].upper() + text[1:] + "."
        if exc.kind == "path" and existing is not None:
            # A wrong folder is the person's typo: say so and change nothing.
            return SetupOutcome(current, text, ok=False)
        return SetupOutcome(replace(current, mode="offline"), text + fallback, ok=False)
    settings = replace(current, mode="local", languagetool_path=str(folder))
    return SetupOutcome(
        settings, f"LanguageTool is set up in {folder}: grammar runs on this machine.", ok=True
    )
