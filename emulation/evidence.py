"""Checks on uploaded evidence files: type by content, not by name, and size.

Accepted: PDF, DOCX, XLSX, JPEG, PNG. DOCX and XLSX are zip containers, so
``filetype`` only says "zip"; we open the zip and look for the parts an
Office Open XML document must have.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Kind → (accepted extensions, label shown to users).
KINDS = {
    "pdf": ({".pdf"}, "PDF"),
    "docx": ({".docx"}, "DOCX"),
    "xlsx": ({".xlsx"}, "XLSX"),
    "jpeg": ({".jpg", ".jpeg"}, "JPEG"),
    "png": ({".png"}, "PNG"),
}
ACCEPT_ATTR = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"

OOXML_MAIN_PART = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
}


def max_bytes() -> int:
    return int(getattr(settings, "VINHDANH_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _ooxml_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    for kind, (part, content_type) in OOXML_MAIN_PART.items():
        if part in names and content_type in content_types:
            return kind
    return None


def sniff_kind(upload) -> str | None:
    """The file's real kind from its bytes, or None if it is not accepted."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime == "application/pdf":
        return "pdf"
    if guess.mime == "image/jpeg":
        return "jpeg"
    if guess.mime == "image/png":
        return "png"
    if guess.mime in (
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ):
        return _ooxml_kind(upload)
    return None


def check_evidence(upload) -> str:
    """Return the evidence kind or raise a (translated) ValidationError."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(mb)s MB.")
            % {"name": upload.name, "mb": limit // (1024 * 1024)},
            code="too_big",
        )
    kind = sniff_kind(upload)
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải PDF, DOCX, XLSX, JPEG hoặc PNG "
                "(hệ thống kiểm tra nội dung tệp, không chỉ phần đuôi)."
            )
            % {"name": upload.name},
            code="bad_type",
        )
    extensions, label = KINDS[kind]
    if PurePath(upload.name).suffix.lower() not in extensions:
        raise ValidationError(
            _(
                "Tệp “%(name)s” có nội dung %(kind)s nhưng phần đuôi không khớp; "
                "hãy đổi tên tệp cho đúng loại."
            )
            % {"name": upload.name, "kind": label},
            code="bad_extension",
        )
    return kind
