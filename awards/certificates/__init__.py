"""Certificate rendering core (issue 6): what a certificate states and how it is laid out.

- ``content``: :class:`CertificateContent`, the frozen value a certificate is rendered from,
  with the per-form designs and paper sizes;
- ``fonts``: the Noto Serif faces and the glyph check (:class:`MissingGlyphError`);
- ``qr``: the verification QR code; ``specimen``: the demo-data mark;
- ``blanks``: print-on-blank geometry (:class:`BlankLayout`, :class:`BlankOffset`);
- ``merge``: deterministic file names, the merged print file and the zip.

The WeasyPrint calls themselves live in ``awards.pdf``. No models here: the pipeline (decision
and certificate rows, Celery tasks, views) builds ``CertificateContent`` values and stores the
bytes these functions return.
"""
