"""Draws Rapport's app icons (assets/icons/*.png) with the standard library alone: no image package.

A white speech bubble with three dots on the app's teal: `python scripts/make_icons.py` rewrites them.
The maskable icons fill the square and keep the bubble inside the central 80% circle that every
launcher's mask leaves visible; the plain ones are rounded squares on transparency.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"
TEAL = (18, 165, 148)  # Radix teal 9, the accent (app/ui/theme.py)
WHITE = (255, 255, 255)
SAMPLES = 3  # per side, per pixel: smooth edges without an image library


def _rounded_box(x: float, y: float, cx: float, cy: float, hw: float, hh: float, r: float) -> bool:
    dx, dy = abs(x - cx) - (hw - r), abs(y - cy) - (hh - r)
    return math.hypot(max(dx, 0.0), max(dy, 0.0)) + min(max(dx, dy), 0.0) <= r


Point = tuple[float, float]


def _in_triangle(x: float, y: float, a: Point, b: Point, c: Point) -> bool:
    def side(p: Point, q: Point) -> float:
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])

    s1, s2, s3 = side(a, b), side(b, c), side(c, a)
    return not ((s1 < 0 or s2 < 0 or s3 < 0) and (s1 > 0 or s2 > 0 or s3 > 0))


def _colour(x: float, y: float, *, maskable: bool) -> tuple[tuple[int, int, int], float]:
    """The colour and coverage at a point of the unit square."""
    background = maskable or _rounded_box(x, y, 0.5, 0.5, 0.5, 0.5, 0.22)
    if not background:
        return TEAL, 0.0
    scale = 0.62 if maskable else 0.78  # the maskable bubble stays inside the safe circle
    u, v = 0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale
    bubble = _rounded_box(u, v, 0.5, 0.44, 0.36, 0.26, 0.12) or _in_triangle(
        u, v, (0.28, 0.62), (0.46, 0.62), (0.24, 0.84)
    )
    if bubble:
        dot = any(math.hypot(u - cx, v - 0.44) <= 0.055 for cx in (0.34, 0.5, 0.66))
        return (TEAL if dot else WHITE), 1.0
    return TEAL, 1.0


def render(size: int, *, maskable: bool) -> bytes:
    rows = bytearray()
    step = 1.0 / (size * SAMPLES)
    for py in range(size):
        rows.append(0)  # PNG filter: none
        for px in range(size):
            r = g = b = a = 0.0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px * SAMPLES + sx + 0.5) * step
                    y = (py * SAMPLES + sy + 0.5) * step
                    (cr, cg, cb), cover = _colour(x, y, maskable=maskable)
                    r, g, b, a = r + cr * cover, g + cg * cover, b + cb * cover, a + cover
            n = SAMPLES * SAMPLES
            rows.extend((round(r / a), round(g / a), round(b / a), round(255 * a / n)) if a else (0, 0, 0, 0))
    return _png(size, bytes(rows))


def _png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-192.png", 192, True),
        ("icon-maskable-512.png", 512, True),
        # iOS rounds the corners itself and shows transparency as black: a full square.
        ("apple-touch-icon.png", 180, True),
    ):
        (ICONS / name).write_bytes(render(size, maskable=maskable))
        print(f"wrote {ICONS / name}")


if __name__ == "__main__":
    main()
