"""QR codes for certificate verification, drawn as SVG so they stay sharp at any size."""

from __future__ import annotations

import segno


def qr_svg_data_uri(url: str) -> str:
    """An ``data:image/svg+xml`` URI of a QR code encoding ``url``.

    Error correction M survives a scuffed print; the quiet zone (border) of 4 modules is what
    phone scanners expect. The template sets the printed size in millimetres.
    """
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(scale=1, border=4, dark="#000", light="#fff", omitsize=False)

