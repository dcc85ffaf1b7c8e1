"""Certificate rendering core (issue 6): what a certificate states and how it is laid out.

- ``content``: :class:`CertificateContent`, the frozen value a certificate is rendered from,
  with the per-form designs and paper sizes;
- ``fonts``: the Noto Serif faces and the glyph check (:class:`MissingGlyphError`);
- ``qr``: the verification QR code; ``specimen``: the demo-data mark;
- ``blanks``: print-on-blank geometry (:class:`BlankLayout`, :class:`BlankOffset`);
- ``merge``: deterministic file names, the merged print file and the zip.

The WeasyPrint calls themselves live in ``awards.pdf``. The pipeline around them: ``models``
(certificate rows, render jobs and chunks, blanks, emblems), ``services`` (plan, run a chunk,
assemble, reconcile, retry, calibrate), ``tasks`` (Celery glue), ``selectors``, ``views``
(staff pages and the public verification page) and ``demo``.
"""
