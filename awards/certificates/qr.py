"""QR codes for certificate verification."""

from __future__ import annotations

import io

import segno


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
    code.save(buffer, kind="svg", scale=1, border=4, dark="#000", light="#fff", xmldecl=False)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 1) -> bytes:
    """A 1-bit PNG of the same code, ``scale`` pixels a module, quiet zone included.

    Printed with CSS ``image-rendering: pixelated`` (WeasyPrint writes ``/Interpolate
    false``), so viewers and printers scale the modules up as hard-edged squares.
    """
    buffer = io.BytesIO()
    code = segno.make(url, error="m", micro=False, mask=0)
    code.save(buffer, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return buffer.getvalue()
