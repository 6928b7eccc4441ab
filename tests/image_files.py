"""Image bytes for tests, made with Pillow."""

import io
import struct
import zlib

from PIL import Image


def image_bytes(size=(2000, 1125), image_format="JPEG", color="steelblue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def png_with_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size in a few bytes: the shape of a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
