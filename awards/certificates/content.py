"""What a certificate states: a plain, frozen value the renderer turns into a PDF.

``awards.certificates.services.certificate_content`` builds one from a decision entry, so
rendering never touches the ORM.
Line structure and sizes follow RULES.md §4.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from units.templatetags.vn import vn_long_date

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SPECIMEN_MARK = "MẪU – DỮ LIỆU MINH HỌA"


@dataclass(frozen=True)
class PaperSize:
    """A sheet in millimetres, width first (landscape sheets are wider than tall)."""

    width_mm: float
    height_mm: float

    def __post_init__(self):
        if not (50 <= self.width_mm <= 1200 and 50 <= self.height_mm <= 1200):
            raise ValueError(f"Khổ giấy không hợp lệ: {self.width_mm} × {self.height_mm} mm")

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    @property
    def scale(self) -> float:
        """Type scale relative to the A4 landscape design (1.0 on 297 × 210 mm)."""
        return min(self.width_mm / 297, self.height_mm / 210)


A4_LANDSCAPE = PaperSize(297, 210)
A3_LANDSCAPE = PaperSize(420, 297)


class FormKind(StrEnum):
    """Forms with their own design; any other award code uses the bằng khen design."""

    GIAY_KHEN = "giay_khen"
    CSTD_CS = "cstd_cs"
    BANG_KHEN_TINH = "bang_khen_tinh"


@dataclass(frozen=True)
class Design:
    """How one form kind is drawn: template, default sheet, verb line, flag rows."""

    template: str
    paper: PaperSize
    verb: str
    flag_rows: bool = False


DESIGNS: dict[str, Design] = {
    # NĐ 98 Điều 104: Giấy khen and the CSTĐCS certificate are A4 landscape, 297 × 210 mm.
    FormKind.GIAY_KHEN: Design("awards/pdf/giay_khen.html", A4_LANDSCAPE, "TẶNG"),
    FormKind.CSTD_CS: Design("awards/pdf/cstd_cs.html", A4_LANDSCAPE, "TẶNG DANH HIỆU", True),
    # The current Bằng khen size is not known (RULES.md §4), so it is only a default.
    FormKind.BANG_KHEN_TINH: Design("awards/pdf/bang_khen.html", A3_LANDSCAPE, "TẶNG"),
}


def design_for(form_kind: str) -> Design:
    return DESIGNS.get(form_kind, DESIGNS[FormKind.BANG_KHEN_TINH])


def normalize_text(value: str) -> str:
    """NFC, with runs of whitespace collapsed to one space: every field is one line."""
    return " ".join(unicodedata.normalize("NFC", value).split())


# Printed in capitals (RULES.md §4); uppercased here so the PDF text is capitals too.
_UPPERCASE_FIELDS = (
    "national_name",
    "issuer",
    "verb",
    "award_name",
    "signer_capacity",
    "signer_title",
)
_REQUIRED_FIELDS = (
    "form_kind",
    "issuer",
    "award_name",
    "recipient_name",
    "decision_number",
    "place",
    "signer_capacity",
    "signer_name",
    "verification_url",
)


@dataclass(frozen=True, kw_only=True)
class CertificateContent:
    """Everything one certificate prints. All text is NFC-normalised on construction.

    ``issuer`` is the red line under the motto: the signer's authority, e.g.
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN". ``signer_capacity`` is "CHỦ TỊCH" or
    "KT. CHỦ TỊCH", with ``signer_title`` "PHÓ CHỦ TỊCH" under a KT. capacity.
    ``verb`` and ``paper`` default from the form kind's design.
    """

    form_kind: str
    issuer: str
    award_name: str
    recipient_name: str
    position_and_unit: str = ""
    achievement: str = ""
    decision_number: str
    decision_date: dt.date
    registry_number: str = ""
    place: str
    signed_on: dt.date | None = None
    signer_capacity: str
    signer_title: str = ""
    signer_name: str
    verification_url: str
    verb: str = ""
    emblem_path: Path | None = None
    specimen: bool = False
    paper: PaperSize | None = None
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO

    def __post_init__(self):
        design = design_for(self.form_kind)
        values: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                value = normalize_text(value)
                if f.name in _UPPERCASE_FIELDS:
                    value = value.upper()
                values[f.name] = value
        values["verb"] = values["verb"] or design.verb
        values["paper"] = self.paper or design.paper
        values["signed_on"] = self.signed_on or self.decision_date
        if self.emblem_path is not None:
            values["emblem_path"] = Path(self.emblem_path)
        for name, value in values.items():
            object.__setattr__(self, name, value)

        if missing := [name for name in _REQUIRED_FIELDS if not getattr(self, name)]:
            raise ValueError(f"Thiếu nội dung bắt buộc trên bằng: {', '.join(missing)}")
        if not self.verification_url.startswith(("https://", "http://")):
            raise ValueError(f"Địa chỉ xác minh phải là URL http(s): {self.verification_url}")
        if self.emblem_path is not None and not self.emblem_path.is_file():
            raise ValueError(f"Không tìm thấy ảnh biểu trưng: {self.emblem_path}")

    @property
    def design(self) -> Design:
        return design_for(self.form_kind)

    @property
    def recipient_name_length(self) -> str:
        """ "short", "long" or "very-long": the templates step the name's type size down."""
        length = len(self.recipient_name)
        return "short" if length <= 28 else "long" if length <= 48 else "very-long"

    @property
    def achievement_length(self) -> str:
        """ "short" or "long": two full lines is the most the space above the signature holds."""
        return "short" if len(self.achievement) <= 110 else "long"

    @property
    def decision_line(self) -> str:
        return f"Quyết định số {self.decision_number}, ngày {self.decision_date:%d/%m/%Y}"

    @property
    def registry_line(self) -> str:
        return f"Số sổ vàng: {self.registry_number}" if self.registry_number else ""

    @property
    def place_date_line(self) -> str:
        return f"{self.place}, {vn_long_date(self.signed_on)}"

    def printed_text(self) -> dict[str, str]:
        """Every string that reaches the page, by field name (for the glyph check)."""
        texts = {
            name: getattr(self, name)
            for name in (
                "national_name",
                "motto",
                "issuer",
                "verb",
                "award_name",
                "recipient_name",
                "position_and_unit",
                "achievement",
                "signer_capacity",
                "signer_title",
                "signer_name",
            )
        }
        texts |= {
            "decision_line": self.decision_line,
            "registry_line": self.registry_line,
            "place_date_line": self.place_date_line,
        }
        if self.specimen:
            texts["specimen"] = SPECIMEN_MARK
        return texts
