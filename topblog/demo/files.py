"""Small valid PNG images and PDF documents for the demo portfolios, built in code.

No Django and no Pillow: the bytes are written by hand to the formats' specifications,
so the demo needs no sample files in the repository, and each file is a few hundred
bytes. They pass the portal's upload check (by content, not by name) like real ones."""

import struct
import zlib


def png_bytes(*, width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> bytes:
    """An RGB PNG of ``width`` × ``height`` with a vertical gradient from ``top`` to ``bottom``."""
    if width < 1 or height < 1:
        raise ValueError("A PNG needs at least one pixel.")
    rows = []
    for y in range(height):
        t = y / max(height - 1, 1)
        pixel = bytes(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        rows.append(b"\x00" + pixel * width)  # filter type 0 (None) before each row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", header),
        _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9)),
        _png_chunk(b"IEND", b""),
    ))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pdf_bytes(*, lines: list[str]) -> bytes:
    """A one-page A4 PDF 1.4 with ``lines`` of text in Helvetica, with a correct
    cross-reference table. The text must be ASCII: the standard fonts have no Cyrillic."""
    if not all(line.isascii() for line in lines):
        raise ValueError("The built-in PDF fonts have no Cyrillic; pass ASCII lines.")
    text = ["BT", "/F1 16 Tf", "72 770 Td", "20 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({escaped}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
