"""The certificate typeface and its character coverage.

Certificates are set in Noto Serif from Debian's ``fonts-noto-core`` (installed by
``scripts/system-deps.sh``), named by file so that the faces we check are exactly the faces
WeasyPrint embeds. A character the faces lack would silently fall back to another system font
(or a box), so every printed string is checked against the font's cmap before rendering.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_FAMILY = "Noto Serif"
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
# (font-style, font-weight) → file. All four faces are used on a certificate.
FONT_FACES: dict[tuple[str, int], str] = {
    ("normal", 400): "NotoSerif-Regular.ttf",
    ("normal", 700): "NotoSerif-Bold.ttf",
    ("italic", 400): "NotoSerif-Italic.ttf",
    ("italic", 700): "NotoSerif-BoldItalic.ttf",
}


class FontNotInstalledError(RuntimeError):
    """The certificate font files are missing: the system setup was not run."""


class MissingGlyphError(ValueError):
    """A string to be printed holds a character the certificate font cannot draw."""

    def __init__(self, *, field: str, text: str, characters: list[str]):
        self.field = field
        self.text = text
        self.characters = characters
        shown = ", ".join(f'"{c}" (U+{ord(c):04X} {unicodedata.name(c, "?")})' for c in characters)
        super().__init__(
            f"Phông {FONT_FAMILY} không có ký tự {shown} trong trường {field} "
            f'("{text}"); hãy sửa nội dung trước khi in.'
        )


def font_paths() -> list[Path]:
    """Absolute paths of the four faces, failing loudly when one is missing."""
    paths = [FONT_DIR / name for name in FONT_FACES.values()]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FontNotInstalledError(
            f"Thiếu phông {FONT_FAMILY}: {', '.join(missing)}. "
            "Cài gói fonts-noto-core (scripts/system-deps.sh)."
        )
    return paths


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Code points every face maps to a glyph (the intersection of their cmaps)."""
    covered: frozenset[int] | None = None
    for path in font_paths():
        with TTFont(path, lazy=True) as font:
            cmap = frozenset(font.getBestCmap())
        covered = cmap if covered is None else covered & cmap
    return covered or frozenset()


def unsupported_characters(text: str) -> list[str]:
    """Distinct characters of ``text`` the font lacks, in order of appearance.

    Line breaks and tabs never reach the page (HTML collapses them), so they are not glyphs.
    """
    covered = covered_codepoints()
    seen: dict[str, None] = {}
    for char in text:
        if char in "\n\r\t" or ord(char) in covered:
            continue
        seen.setdefault(char, None)
    return list(seen)


def check_glyphs(fields: dict[str, str]) -> None:
    """Raise :class:`MissingGlyphError` for the first field with an unprintable character."""
    for field, text in fields.items():
        if missing := unsupported_characters(text):
            raise MissingGlyphError(field=field, text=text, characters=missing)


@functools.cache
def vertical_metrics() -> tuple[float, float]:
    """(ascent, descent) in em, as Pango lays out lines (hhea; all four faces agree)."""
    with TTFont(font_paths()[0], lazy=True) as font:
        units = font["head"].unitsPerEm
        return font["hhea"].ascent / units, -font["hhea"].descent / units


def baseline_from_top(*, font_size_pt: float, line_height: float) -> float:
    """Distance in pt from a line box's top to its baseline, for a unitless line-height."""
    ascent, descent = vertical_metrics()
    half_leading = (line_height - (ascent + descent)) / 2
    return (half_leading + ascent) * font_size_pt
