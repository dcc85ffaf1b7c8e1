"""The diagonal specimen mark drawn as glyph outlines, not as text.

Rotated text interleaves with the certificate's own lines when a PDF is read back (pdftotext
splits "Nguyễn Thị Thu Hằng" around the watermark's letters), which would also spoil copy-paste
and screen readers. Outlines look the same and stay out of the text layer; the mark is also
printed once as ordinary text in the top margin so it can be found by search.
"""

from __future__ import annotations

import functools

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from awards.certificates.content import SPECIMEN_MARK
from awards.certificates.fonts import FONT_DIR, FONT_FACES


@functools.cache
def specimen_svg(colour: str = "#b3261e", opacity: float = 0.22) -> bytes:
    """An SVG image of the specimen mark in Noto Serif Bold outlines."""
    with TTFont(FONT_DIR / FONT_FACES[("normal", 700)]) as font:
        cmap = font.getBestCmap()
        glyphs = font.getGlyphSet()
        advances = font["hmtx"].metrics
        ascent, descent = font["hhea"].ascent, -font["hhea"].descent
        x = 0
        paths = []
        for char in SPECIMEN_MARK:
            name = cmap[ord(char)]
            pen = SVGPathPen(glyphs)
            # Font units are y-up; SVG is y-down: flip around the baseline.
            glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, ascent)))
            if commands := pen.getCommands():
                paths.append(commands)
            x += advances[name][0]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} {ascent + descent}" '
        f'width="{x}" height="{ascent + descent}">'
        f'<path fill="{colour}" fill-opacity="{opacity}" d="{" ".join(paths)}"/></svg>'
    )
    return svg.encode()
