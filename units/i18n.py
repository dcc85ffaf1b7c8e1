"""The language of records.

Pages follow the reader's language (Vietnamese by default, English on request), but what the
portal stores or issues — eligibility explanations, audit and notification text, decisions,
minutes, certificates, reports, spreadsheets — is an official record and is always Vietnamese,
whoever produced it. Model labels are translatable (``gettext_lazy``), so code that turns them
into such text runs inside :func:`in_record_language`.
"""

from __future__ import annotations

import functools

from django.utils import translation

RECORD_LANGUAGE = "vi"


def in_record_language(func):
    """Run ``func`` with Vietnamese active (a fresh ``translation.override`` per call, so it is
    safe in threads)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(RECORD_LANGUAGE):
            return func(*args, **kwargs)

    return wrapper
