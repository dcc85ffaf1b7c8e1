"""Content checks for uploaded files: the bytes decide, not the name.

Accepted: PDF, DOCX, XLSX, JPEG, PNG, up to ``MAX_UPLOAD_BYTES``. A file whose
content does not match its extension ("bao-cao.pdf" that is really a ZIP or an
executable) is refused.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

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

    Raises ``ValidationError`` with a Vietnamese message naming the problem.
    """
    allowed = allowed or set(EXTENSIONS.values())
    if upload.size > max_bytes:
        size = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            f"Tệp “{upload.name}” quá lớn ({size} MB); tối đa {max_bytes // (1024 * 1024)} MB."
        )
    if upload.size == 0:
        raise ValidationError(f"Tệp “{upload.name}” rỗng.")
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    expected = EXTENSIONS.get(ext)
    if expected not in allowed:
        labels = ", ".join(sorted(k.upper() for k, v in EXTENSIONS.items() if v in allowed))
        raise ValidationError(f"Tệp “{upload.name}” không đúng định dạng cho phép ({labels}).")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = sniff(data)
    if kind == "bomb":
        raise ValidationError(f"Tệp “{upload.name}” bị từ chối: nội dung nén bất thường.")
    if kind != expected:
        raise ValidationError(
            f"Nội dung tệp “{upload.name}” không phải là tệp {expected.upper()} thật "
            "(tệp bị đổi đuôi hoặc hỏng)."
        )
    return kind
