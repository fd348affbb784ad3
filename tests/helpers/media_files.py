"""Small real media files for tests: valid PNGs (Qt can draw them), and headers of the others."""

from __future__ import annotations

import struct
import zlib

from composer.core.media import MediaItem, content_address, sniff_type


def png(width: int = 8, height: int = 8, colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A valid RGB PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(colour) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def gif_header(size: int = 64) -> bytes:
    """Bytes that start as a GIF (enough for type sniffing and size checks)."""
    return b"GIF89a" + b"\x00" * (size - 6)


def mp4_header(size: int = 64, brand: bytes = b"isom") -> bytes:
    """Bytes that start as an MP4 (``brand`` ``qt  `` for a QuickTime movie)."""
    return b"\x00\x00\x00\x18ftyp" + brand + b"\x00" * (size - 12)


def item_of(data: bytes, alt: str = "") -> MediaItem:
    """The :class:`MediaItem` describing ``data``."""
    mime = sniff_type(data[:32])
    assert mime is not None
    return MediaItem(content_address(data), mime, len(data), alt)
