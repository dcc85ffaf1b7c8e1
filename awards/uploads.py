"""Content checks for uploaded files: the bytes decide, not the name.

Accepted: PDF, DOCX, XLSX, JPEG, PNG, up to ``MAX_UPLOAD_BYTES``. A file whose
content does not match its extension ("bao-cao.pdf" that is really a ZIP or an
executable) is refused.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# A zip that claims to unpack to more than this is a zip bomb, not a form.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
}
LABELS = "PDF, DOCX, XLSX, JPEG, PNG"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED_BYTES:
                return "bomb"
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    if "[Content_Types].xml" not in names:
        return ""
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return ""


def sniff(data: bytes) -> str:
    """The real type of ``data``: pdf, docx, xlsx, jpeg, png or ""."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return ""


def check_upload(
    upload, *, allowed: set[str] | None = None, max_bytes: int = MAX_UPLOAD_BYTES
) -> str:
    """Validate ``upload`` (a Django UploadedFile); return its detected type.

    Raises ``ValidationError`` with a message naming the problem (in the active language).
    """
    allowed = allowed or set(EXTENSIONS.values())
    if upload.size > max_bytes:
        size = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(max)s MB.")
            % {"name": upload.name, "size": size, "max": max_bytes // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name})
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    expected = EXTENSIONS.get(ext)
    if expected not in allowed:
        labels = ", ".join(sorted(k.upper() for k, v in EXTENSIONS.items() if v in allowed))
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (%(formats)s).")
            % {"name": upload.name, "formats": labels}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = sniff(data)
    if kind == "bomb":
        raise ValidationError(
            _("Tệp “%(name)s” bị từ chối: nội dung nén bất thường.") % {"name": upload.name}
        )
    if kind != expected:
        raise ValidationError(
            _(
                "Nội dung tệp “%(name)s” không phải là tệp %(type)s thật "
                "(tệp bị đổi đuôi hoặc hỏng)."
            )
            % {"name": upload.name, "type": expected.upper()}
        )
    return kind
