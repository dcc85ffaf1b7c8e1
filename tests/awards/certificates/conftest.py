"""Fixtures and PDF readers for certificate rendering tests.

The PDF is the product, so tests render real PDFs with WeasyPrint and read them back with
poppler-utils (pdftotext, pdffonts, pdftoppm), pypdf and zbarimg — nothing is mocked.
Every person named here is fictional.
"""

import datetime as dt
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from awards.certificates.content import CertificateContent

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "certificates"
PT_PER_MM = 72 / 25.4

AWARD_NAMES = {
    "giay_khen": "Giấy khen",
    "cstd_cs": "Chiến sĩ thi đua cơ sở",
    "bang_khen_tinh": "Bằng khen",
}


def make_content(form_kind: str = "giay_khen", **overrides) -> CertificateContent:
    values = {
        "form_kind": form_kind,
        "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên",
        "award_name": AWARD_NAMES.get(form_kind, "Bằng khen"),
        "recipient_name": "Bà Nguyễn Thị Thu Hằng",
        "position_and_unit": "Giáo viên Trường THPT Chuyên Thái Nguyên, Sở Giáo dục và Đào tạo",
        "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2022",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": dt.date(2022, 12, 28),
        "registry_number": "125",
        "place": "Thái Nguyên",
        "signer_capacity": "KT. Chủ tịch",
        "signer_title": "Phó Chủ tịch",
        "signer_name": "Trần Văn Minh",
        "verification_url": "https://vinhdanh.thainguyen.example/xac-minh/Zk3q9VbT2mPq8sLxWc4",
    }
    values.update(overrides)
    return CertificateContent(**values)


def run(*args: str | Path) -> str:
    return subprocess.run(
        [str(a) for a in args], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def write_pdf(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdf_text(path: Path, *, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-enc", "UTF-8", *pages, path, "-")


def pdf_lines(path: Path, *, page: int | None = None) -> list[str]:
    return [line.strip() for line in pdf_text(path, page=page).splitlines() if line.strip()]


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts: name, type, emb, sub, uni."""
    rows = run("pdffonts", path).splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name, type (may be two words), encoding, emb, sub, uni, object id, generation
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    reader = PdfReader(path)
    return [
        (
            round(float(page.mediabox.width) / PT_PER_MM, 1),
            round(float(page.mediabox.height) / PT_PER_MM, 1),
        )
        for page in reader.pages
    ]


def word_boxes(path: Path, *, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in pt from ``pdftotext -bbox``."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), path, "-")
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (word, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in re.findall(pattern, html)
    ]


def snapshot_png(pdf_path: Path, name: str, *, resolution: int = 80, page: int = 1) -> Path:
    """Render one page to tests/artifacts/certificates/<name>.png for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / name
    run(
        "pdftoppm",
        "-png",
        "-r",
        str(resolution),
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        pdf_path,
        prefix,
    )
    return prefix.with_suffix(".png")


def decode_qr(pdf_path: Path, tmp_path: Path, *, resolution: int = 150, page: int = 1) -> str:
    prefix = tmp_path / f"qr-{page}-{resolution}"
    run(
        "pdftoppm",
        "-png",
        "-r",
        str(resolution),
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        pdf_path,
        prefix,
    )
    return run("zbarimg", "--quiet", "--raw", prefix.with_suffix(".png")).strip()
