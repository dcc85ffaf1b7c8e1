"""Print-on-blank geometry: where each variable line goes on a pre-printed blank ("phôi").

A :class:`BlankLayout` is plain data (JSON-friendly through ``to_dict``/``from_dict``) so a later
model can store the positions staff adjust for each batch of blanks, and a :class:`BlankOffset`
shifts the whole sheet when a printer feeds the paper a little off.

Coordinates are millimetres from the sheet's top-left corner. A text field is a line segment:
it starts at ``x_mm``, is ``width_mm`` long, and ``y_mm`` is the **baseline** of its first line,
which is what one lines up with the dotted lines printed on a blank. The text is aligned
left, centre or right on that segment and wraps under it when longer. The ``qr`` field is a
square whose top-left corner is (``x_mm``, ``y_mm``) and whose side is ``width_mm``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from awards.certificates.content import (
    A4_LANDSCAPE,
    CertificateContent,
    PaperSize,
    design_for,
)
from awards.certificates.fonts import baseline_from_top


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


# Fields a blank can receive: attributes of CertificateContent, plus the QR code.
TEXT_FIELDS = (
    "issuer",
    "verb",
    "award_name",
    "recipient_name",
    "position_and_unit",
    "achievement",
    "decision_line",
    "registry_line",
    "place_date_line",
    "signer_capacity",
    "signer_title",
    "signer_name",
)
QR_FIELD = "qr"
# Shown on the calibration page next to each field.
FIELD_LABELS = {
    "issuer": "Cơ quan, người ký (dòng đỏ)",
    "verb": "Tặng / Tặng danh hiệu",
    "award_name": "Tên hình thức, danh hiệu",
    "recipient_name": "Họ tên, tên tập thể",
    "position_and_unit": "Chức vụ, đơn vị",
    "achievement": "Thành tích",
    "decision_line": "Số, ngày quyết định",
    "registry_line": "Số sổ vàng",
    "place_date_line": "Địa danh, ngày tháng",
    "signer_capacity": "Thẩm quyền ký",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
    QR_FIELD: "Mã QR",
}
LINE_HEIGHT = 1.25
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class BlankField:
    x_mm: float
    y_mm: float
    width_mm: float
    font_size_pt: float = 12
    align: Align = Align.CENTER
    bold: bool = False
    italic: bool = False

    def __post_init__(self):
        object.__setattr__(self, "align", Align(self.align))
        if self.width_mm <= 0 or self.font_size_pt <= 0:
            raise ValueError("Chiều rộng và cỡ chữ của trường phải lớn hơn 0.")


@dataclass(frozen=True)
class BlankOffset:
    """A shift of everything printed, for one batch of blanks or one printer (mm)."""

    dx_mm: float = 0
    dy_mm: float = 0

    def __post_init__(self):
        if abs(self.dx_mm) > 50 or abs(self.dy_mm) > 50:
            raise ValueError("Độ lệch in quá lớn (tối đa 50 mm mỗi chiều).")


NO_OFFSET = BlankOffset()


@dataclass(frozen=True, eq=True)
class BlankLayout:
    paper: PaperSize
    fields: dict[str, BlankField] = field(hash=False)

    def __post_init__(self):
        unknown = set(self.fields) - {*TEXT_FIELDS, QR_FIELD}
        if unknown:
            raise ValueError(f"Trường không in được trên phôi: {', '.join(sorted(unknown))}")
        for name, spot in self.fields.items():
            inside_x = spot.x_mm >= 0 and spot.x_mm + spot.width_mm <= self.paper.width_mm
            if not (inside_x and 0 <= spot.y_mm <= self.paper.height_mm):
                raise ValueError(f"Trường {name} nằm ngoài khổ giấy.")

    def with_field(self, name: str, **changes) -> BlankLayout:
        """A copy with one field moved or resized (staff editing one position)."""
        return dataclasses.replace(
            self, fields={**self.fields, name: dataclasses.replace(self.fields[name], **changes)}
        )

    def scaled_to(self, paper: PaperSize) -> BlankLayout:
        """The same design on another sheet: positions scale per axis, type by the smaller."""
        sx = paper.width_mm / self.paper.width_mm
        sy = paper.height_mm / self.paper.height_mm
        s = min(sx, sy)
        return BlankLayout(
            paper=paper,
            fields={
                name: dataclasses.replace(
                    spot,
                    x_mm=round(spot.x_mm * sx, 2),
                    y_mm=round(spot.y_mm * sy, 2),
                    width_mm=round(spot.width_mm * sx, 2),
                    font_size_pt=round(spot.font_size_pt * s, 1),
                )
                for name, spot in self.fields.items()
            },
        )

    def to_dict(self) -> dict:
        return {
            "paper": dataclasses.asdict(self.paper),
            "fields": {
                name: {**dataclasses.asdict(spot), "align": str(spot.align)}
                for name, spot in self.fields.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> BlankLayout:
        return cls(
            paper=PaperSize(**data["paper"]),
            fields={name: BlankField(**spot) for name, spot in data["fields"].items()},
        )


def _a4_fields() -> dict[str, BlankField]:
    """Baselines measured on the digital A4 design (pdftotext -bbox), so the two agree."""
    centre = Align.CENTER
    return {
        "recipient_name": BlankField(38.5, 104.6, 220, 20, centre, bold=True),
        "position_and_unit": BlankField(38.5, 113.1, 220, 13, centre),
        "achievement": BlankField(38.5, 120.6, 220, 13, centre, italic=True),
        "decision_line": BlankField(26.7, 153.5, 118, 11, Align.LEFT, bold=True, italic=True),
        "registry_line": BlankField(26.7, 159.3, 118, 11, Align.LEFT, bold=True, italic=True),
        "place_date_line": BlankField(160.4, 143.3, 112.9, 12, centre, bold=True, italic=True),
        "signer_capacity": BlankField(160.4, 149.4, 112.9, 12, centre, bold=True),
        "signer_title": BlankField(160.4, 155.6, 112.9, 12, centre, bold=True),
        "signer_name": BlankField(160.4, 181.5, 112.9, 13, centre, bold=True),
        QR_FIELD: BlankField(26.7, 169, 20),
    }


def default_blank_layout(form_kind: str, paper: PaperSize | None = None) -> BlankLayout:
    """The starting layout for a form kind, before staff calibrate their blanks."""
    base = BlankLayout(paper=A4_LANDSCAPE, fields=_a4_fields())
    target = paper or design_for(form_kind).paper
    return base if target == A4_LANDSCAPE else base.scaled_to(target)


@dataclass(frozen=True)
class PlacedField:
    """One field as it is printed: its box in mm (offset applied) and its text."""

    name: str
    spot: BlankField
    left_mm: float
    top_mm: float
    baseline_mm: float
    text: str = ""

    @property
    def is_qr(self) -> bool:
        return self.name == QR_FIELD


def place_fields(
    layout: BlankLayout, offset: BlankOffset, content: CertificateContent | None = None
) -> list[PlacedField]:
    """Where each field lands once the offset is applied.

    A text box's top sits above the wanted baseline by the font's ascent plus half the leading,
    so the first line's baseline falls exactly on ``y_mm + dy_mm``. Without ``content`` (the
    calibration page) every field is placed with no text. Empty texts are skipped.
    """
    placed = []
    for name, spot in layout.fields.items():
        text = "" if content is None or name == QR_FIELD else getattr(content, name)
        if content is not None and name != QR_FIELD and not text:
            continue
        left = spot.x_mm + offset.dx_mm
        baseline = spot.y_mm + offset.dy_mm
        if name == QR_FIELD:
            top = baseline
        else:
            rise = baseline_from_top(font_size_pt=spot.font_size_pt, line_height=LINE_HEIGHT)
            top = baseline - rise * MM_PER_PT
        placed.append(PlacedField(name, spot, left, top, baseline, text))
    return placed
