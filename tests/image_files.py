"""Image bytes for tests, made with Pillow."""

import io
import struct
import zlib

from PIL import Image


def image_bytes(size=(2000, 1125), image_format="JPEG", color="steelblue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_pixel_data(width: int, height: int, pixel_data: bytes) -> bytes:
    """An RGB PNG with well-formed chunks around whatever `pixel_data` is given."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", pixel_data) + png_chunk(b"IEND", b"")


def png_with_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size in a few bytes: the shape of a decompression bomb."""
    return png_with_pixel_data(width, height, zlib.compress(b""))


def png_with_damaged_pixels() -> bytes:
    """Every chunk's checksum is right, so only decoding finds that the pixels are not compressed data."""
    return png_with_pixel_data(100, 100, b"not deflate data " * 20)
