"""QR codes for certificate verification."""

from __future__ import annotations

import io

import segno
from PIL import Image

QUIET_ZONE = 4  # modules of white round the code, as scanners expect


def qr_svg(url: str) -> bytes:
    """An SVG image of a QR code encoding ``url`` (kept for comparison; certificates use
    :func:`qr_png`, see ``awards.pdf._qr``).

    A one-pixel-per-module PNG scaled up in the PDF did not decode with zbarimg from
    100–200 dpi renderings (viewers smooth it) unless drawn with ``image-rendering:
    pixelated``; at 4 pixels a module and pixelated it decodes at 100–300 dpi.
    Error correction M survives a scuffed print; the quiet zone (border) of 4 modules is what
    scanners expect. The template sets the printed size in millimetres.

    The mask is fixed: letting segno score all eight masks took 7.2 ms per code against
    1.7 ms, a sixth of a certificate's whole render. Every mask is valid QR; the scoring only
    avoids patterns that might trouble a poor scanner, and the tests decode printed codes.
    """
    buffer = io.BytesIO()
    code = segno.make(url, error="m", micro=False, mask=0)
    code.save(
        buffer, kind="svg", scale=1, border=QUIET_ZONE, dark="#000", light="#fff", xmldecl=False
    )
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 1) -> bytes:
    """A greyscale PNG of the same code, ``scale`` pixels a module, quiet zone included.

    Printed with CSS ``image-rendering: pixelated`` (WeasyPrint writes ``/Interpolate
    false``), so viewers and printers scale the modules up as hard-edged squares.

    Drawn with Pillow from segno's module matrix in 8-bit greyscale ("L"): WeasyPrint keeps
    such a PNG as it is, while a 1-bit PNG (segno's own writer) is converted to RGB and
    encoded twice more — together 5.7 ms a certificate against 2.8 ms this way, most of it
    now segno's encoding.
    """
    code = segno.make(url, error="m", micro=False, mask=0)
    size = len(code.matrix) + 2 * QUIET_ZONE
    pixels = bytearray(b"\xff") * (size * size)
    for y, row in enumerate(code.matrix, start=QUIET_ZONE):
        start = y * size + QUIET_ZONE
        for x, module in enumerate(row):
            if module & 1:
                pixels[start + x] = 0
    image = Image.frombytes("L", (size, size), bytes(pixels))
    if scale != 1:
        image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
