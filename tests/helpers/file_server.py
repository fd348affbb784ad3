"""A static file server on 127.0.0.1 in a thread, for download tests (never the internet)."""

from __future__ import annotations

import functools
import os
import socket
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request lines on stderr."""


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root``; yields the base URL (``http://127.0.0.1:PORT/``)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def refused_url() -> str:
    """A URL on a local port nothing listens on (the connection is refused, as offline)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/LanguageTool-6.6.zip"


def make_languagetool_zip(path: Path, *, payload_bytes: int = 400_000) -> Path:
    """A small archive shaped like LanguageTool's: ``LanguageTool-6.6/languagetool-server.jar``.

    The payload is random (incompressible), so the download spans several chunks.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zipped:
        zipped.writestr("LanguageTool-6.6/languagetool-server.jar", b"PK-not-a-real-jar")
        zipped.writestr("LanguageTool-6.6/data/payload.bin", os.urandom(payload_bytes))
        zipped.writestr("LanguageTool-6.6/README.md", "LanguageTool test archive\n")
    return path
