"""A static file server on 127.0.0.1 in a thread, for download tests (never the internet)."""

from __future__ import annotations

import functools
import os
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    #: Seconds to wait after each 64 KiB sent (a slow network, so a cancel lands mid-way).
    chunk_delay = 0.0

    def log_message(self, format: str, *args: Any) -> None:
        """No request lines on stderr."""

    def copyfile(self, source: Any, outputfile: Any) -> None:
        """Send in 64 KiB pieces, pausing ``chunk_delay`` after each."""
        while chunk := source.read(64 * 1024):
            try:
                outputfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client cancelled
            if self.chunk_delay:
                time.sleep(self.chunk_delay)


@contextmanager
def serve_directory(root: Path, *, chunk_delay: float = 0.0) -> Iterator[str]:
    """Serve ``root``; yields the base URL (``http://127.0.0.1:PORT/``)."""
    handler_class = type("_Handler", (_QuietHandler,), {"chunk_delay": chunk_delay})
    handler = functools.partial(handler_class, directory=str(root))
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
