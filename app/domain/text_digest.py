"""A short fingerprint of a text, computed the same way in the browser (assets/autosave.js).

The page tells the browser the fingerprint of what the database holds for each autosaved field; the
browser keeps what the student typed until the fingerprints match. FNV-1a (32 bits) over UTF-16
code units, because that is what JavaScript strings are made of.
"""

from __future__ import annotations

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def text_digest(text: str) -> str:
    """Eight hex digits; equal texts always give equal digests (different ones almost never)."""
    data = text.encode("utf-16-le", "surrogatepass")
    digest = FNV_OFFSET
    for index in range(0, len(data), 2):
        digest ^= data[index] | (data[index + 1] << 8)
        digest = (digest * FNV_PRIME) & 0xFFFFFFFF
    return f"{digest:08x}"
