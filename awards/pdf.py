"""The one module that calls WeasyPrint (STYLE.md): certificates and print-on-blank sheets.

Rendering cost is dominated by set-up unless it is reused (shared/notes/rendering.md: 25 ms per
certificate with one FontConfiguration and one parsed stylesheet per process, 43–48 ms and
growing memory without). So each process lazily builds one :class:`_RenderState` — font
configuration, parsed stylesheets, URL fetcher and image cache — on first use, and rebuilds it
after a fork, since Celery's prefork children must not share the parent's. Call
:func:`init_worker` from Celery's ``worker_process_init`` to pay the set-up before the first task.

Everything here is pure over :class:`~awards.certificates.content.CertificateContent`; the
pipeline (models, tasks, storage) calls these functions and stores the bytes.
"""

from __future__ import annotations

import base64
import dataclasses
import os
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.formatting_structure.boxes import BlockBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from awards.certificates.blanks import (
    FIELD_LABELS,
    NO_OFFSET,
    BlankLayout,
    BlankOffset,
    PlacedField,
    default_blank_layout,
    place_fields,
)
from awards.certificates.content import (
    SPECIMEN_MARK,
    CertificateContent,
    PaperSize,
    normalize_text,
)
from awards.certificates.fonts import (
    FONT_DIR,
    FONT_FACES,
    FONT_FAMILY,
    check_glyphs,
    font_paths,
)
from awards.certificates.merge import save_pdf, split_pdf, underlay
from awards.certificates.qr import qr_png
from awards.certificates.specimen import specimen_svg

PDF_TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "awards" / "pdf"
PLACEHOLDER_EMBLEM = PDF_TEMPLATE_DIR / "emblem-placeholder.jpg"
FLAGS_ROW = PDF_TEMPLATE_DIR / "flags-row.jpg"
STYLESHEETS = ("certificate", "blank")  # templates/awards/pdf/<name>.css
# Pages laid out together by render_certificates: memory grows with it (about 0.5 MiB a page),
# and 50 is the chunk size the pipeline uses anyway (shared/notes/rendering.md).
LAYOUT_BATCH = 50


GENERATED = "generated:"
QR_SCALE = 4
SPECIMEN_URL = f"{GENERATED}specimen"


class _Fetcher(URLFetcher):
    """Local files and data: URIs only — a certificate never fetches from the network — plus
    the images generated for the document being rendered (QR codes, the specimen mark),
    handed over as bytes under ``generated:<name>`` URLs.

    Putting them in data: URIs instead made WeasyPrint's HTML tokenizer walk 2.6 KB of base64
    per QR code and urllib decode it again, a few ms per certificate. A file that cannot be
    read (an emblem deleted from storage) stops the render instead of printing a certificate
    without it.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.generated: dict[str, bytes] = {SPECIMEN_URL: specimen_svg()}

    def fetch(self, url, headers=None):
        if url.startswith(GENERATED):
            body = self.generated[url]
            return URLFetcherResponse(url, body=body, headers={"Content-Type": _mime(body)})
        return super().fetch(url, headers)


def _mime(body: bytes) -> str:
    return "image/png" if body.startswith(b"\x89PNG") else "image/svg+xml"


def _qr(url: str) -> bytes:
    """The QR code as a 1-bit PNG, 4 pixels a module, drawn with ``image-rendering:
    pixelated``: measured about a quarter cheaper per certificate than the SVG path
    (WeasyPrint parses and draws an SVG path in Python on every page), and it still
    decodes with zbarimg from 100, 150, 200 and 300 dpi renderings (tests decode it)."""
    return qr_png(url, scale=QR_SCALE)


@dataclasses.dataclass
class _RenderState:
    pid: int
    font_config: FontConfiguration
    stylesheets: dict[str, CSS]
    url_fetcher: _Fetcher
    # Images loaded from files (emblems, flags) are decoded once per process. QR codes are
    # data: URIs unique to each certificate and are never kept, or the cache would grow
    # by one entry per certificate.
    images: dict
    # Rendered backgrounds by what they print (see _background), oldest first.
    backgrounds: dict = dataclasses.field(default_factory=dict)


_state: _RenderState | None = None


def _font_face_css() -> str:
    rules = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: {style}; '
        f'font-weight: {weight}; src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for (style, weight), name in FONT_FACES.items()
    ]
    return "\n".join(rules) + "\n"


def _build_state() -> _RenderState:
    font_paths()  # fails with a clear message when fonts-noto-core is missing
    font_config = FontConfiguration()
    url_fetcher = _Fetcher()
    faces = _font_face_css()
    sources = {name: faces + render_to_string(f"awards/pdf/{name}.css") for name in STYLESHEETS}
    # Other documents (decisions, minutes) carry their own CSS and only need the faces.
    sources["fonts"] = faces
    stylesheets = {
        name: CSS(
            string=source,
            base_url=PDF_TEMPLATE_DIR.as_uri() + "/",
            font_config=font_config,
            url_fetcher=url_fetcher,
        )
        for name, source in sources.items()
    }
    return _RenderState(os.getpid(), font_config, stylesheets, url_fetcher, {})


def _current() -> _RenderState:
    global _state
    # The pid check covers forks that bypass os.register_at_fork hooks.
    if _state is None or _state.pid != os.getpid():
        _drop_inherited_state()
        _state = _build_state()
    return _state


def _drop_inherited_state() -> None:
    """Forget a state built by another process without destroying that process's fonts.

    WeasyPrint's FontConfiguration copies @font-face files into a temporary folder and deletes
    the folder when the object is collected. After a fork that folder still belongs to the
    parent (and to every sibling forked from it), so the child detaches it before letting go.
    """
    global _state
    inherited, _state = _state, None
    foreign = inherited is not None and inherited.pid != os.getpid()
    if foreign and getattr(inherited.font_config, "_folder", None) is not None:
        inherited.font_config._folder = None


os.register_at_fork(after_in_child=_drop_inherited_state)


def init_worker(**_signal_kwargs) -> None:
    """Build this process's render state and lay out one line in every face.

    Connect it to Celery's ``worker_process_init`` so each prefork child warms up before its
    first task: ``worker_process_init.connect(awards.pdf.init_worker)``.
    """
    state = _current()
    HTML(string="<p>Ắ <b>Ắ</b> <i>Ắ</i> <b><i>Ắ</i></b></p>").render(
        font_config=state.font_config, stylesheets=[state.stylesheets["certificate"]]
    )


def _render(html: str, stylesheet: str, generated: dict[str, bytes] | None = None):
    """Lay out ``html`` with this process's reused fonts, stylesheet and image cache.

    ``generated`` maps ``generated:`` URLs used in ``html`` to their image bytes for this
    document only.
    """
    state = _current()
    fetcher = state.url_fetcher
    images = dict(state.images)
    fetcher.generated.update(generated or {})
    try:
        document = HTML(
            string=html, base_url=PDF_TEMPLATE_DIR.as_uri() + "/", url_fetcher=fetcher
        ).render(
            font_config=state.font_config,
            stylesheets=[state.stylesheets[stylesheet]],
            cache=images,
        )
    finally:
        for url in generated or {}:
            del fetcher.generated[url]
    # Keep decoded files (emblems, flags) and the specimen mark for the next document; never
    # the per-certificate QR codes, or the cache would grow with every certificate.
    state.images.update(
        {
            url: image
            for url, image in images.items()
            if url not in state.images and (url.startswith("file:") or url == SPECIMEN_URL)
        }
    )
    return document


def _mm(value: float) -> str:
    # Formatted here, not in the template: Django would localise 12.5 as "12,5".
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _common_paper(items: Sequence[CertificateContent]) -> PaperSize:
    papers = {c.paper for c in items}
    if len(papers) != 1:
        raise ValueError("Các bằng trong một tệp phải cùng khổ giấy.")
    return papers.pop()


# --- Any document ----------------------------------------------------------------------------


class _TextCollector(HTMLParser):
    """The text a browser would show: everything outside <style>, <script> and <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "title") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def render_html(html: str) -> bytes:
    """Any complete HTML document (a decision, minutes, a letter) as PDF.

    The document brings its own CSS (inline ``<style>``) and names ``font-family: "Noto Serif"``;
    this adds the Noto Serif faces, reuses the process's font configuration, and refuses a
    character the font lacks (:class:`MissingGlyphError`) rather than letting it fall back.
    """
    collector = _TextCollector()
    collector.feed(html)
    check_glyphs({"văn bản": normalize_text(" ".join(collector.parts))})
    return _render(html, "fonts").write_pdf()


# --- Full-colour certificates -------------------------------------------------------------
#
# A certificate is drawn in two layers. Everything the awardees of a batch share (frame,
# emblem, national name, issuer, form, decision line, signature; RULES.md §4) is laid out
# once as a background page; each awardee's page holds only what is theirs (name, position,
# achievement, registry number, QR code), placed where the full layout puts it, and is drawn
# over the background (awards.certificates.merge.underlay). The PDF reads and looks the same
# as one laid out whole, and each page costs about half as much (bench/certificates.py).

# Fields that differ between awardees of one decision; every other field is background.
AWARDEE_FIELDS = frozenset(
    {"recipient_name", "position_and_unit", "achievement", "registry_number", "verification_url"}
)
BACKGROUND_CACHE = 8  # backgrounds kept per process (a chunk usually needs one)


def certificate_html(contents: Sequence[CertificateContent]) -> str:
    """Self-contained HTML of one document holding ``contents`` as consecutive whole sheets
    (same paper), with images inlined as data: URIs — for inspection and the benchmark's bare
    WeasyPrint loop; the renderer itself draws two layers and hands images over as bytes.

    Checks every printed string against the font first (:class:`MissingGlyphError`).
    """
    return _self_contained(*_certificate_source(contents))


def _self_contained(html: str, generated: dict[str, bytes]) -> str:
    for url, body in {**generated, SPECIMEN_URL: specimen_svg()}.items():
        uri = f"data:{_mime(body)};base64," + base64.b64encode(body).decode()
        html = html.replace(f'"{url}"', f'"{uri}"')
    return html


def _certificate_source(
    contents: Sequence[CertificateContent],
    *,
    layer: str = "",
    anchors: Sequence[dict[str, str]] | None = None,
) -> tuple[str, dict[str, bytes]]:
    """The HTML of ``contents`` as sheets of one ``layer`` ("" whole, "background" or
    "variable" at the given ``anchors``), and the generated images it refers to."""
    if not contents:
        raise ValueError("Không có bằng nào để in.")
    paper = _common_paper(contents)
    for content in contents:
        check_glyphs(content.printed_text())
    sheets = [
        {
            "template": content.design.template,
            "content": content,
            "qr": f"{GENERATED}qr-{i}",
            "emblem": (content.emblem_path or PLACEHOLDER_EMBLEM).resolve().as_uri(),
            "anchors": anchors[i] if anchors else None,
        }
        for i, content in enumerate(contents)
    ]
    first = contents[0]
    generated = {f"{GENERATED}qr-{i}": _qr(c.verification_url) for i, c in enumerate(contents)}
    html = render_to_string(
        "awards/pdf/certificate_base.html",
        {
            "title": _title(first) if len(contents) == 1 else first.award_name.capitalize(),
            "author": first.issuer,
            "paper": {"width_mm": _mm(paper.width_mm), "height_mm": _mm(paper.height_mm)},
            "root_pt": _mm(paper.scale),
            "sheets": sheets,
            "layer": layer,
            "flags_uri": FLAGS_ROW.as_uri(),
            "specimen_mark": SPECIMEN_MARK,
            "specimen_image": SPECIMEN_URL,
        },
    )
    return html, generated


def _title(content: CertificateContent) -> str:
    return f"{content.award_name.capitalize()} – {content.recipient_name}"


@dataclasses.dataclass(frozen=True)
class _Background:
    pdf: bytes
    # Where the awardee's lines start on the whole sheet, in CSS px from the top of the page.
    anchors: dict[str, str]


def _background_key(content: CertificateContent) -> tuple:
    shared = tuple(
        getattr(content, f.name)
        for f in dataclasses.fields(content)
        if f.name not in AWARDEE_FIELDS
    )
    emblem = content.emblem_path
    # A replaced emblem file under the same name must not reuse the old drawing.
    return shared + (emblem.stat().st_mtime_ns if emblem else 0,)


def _background(content: CertificateContent) -> _Background:
    """The background page ``content`` shares with the other awardees of its decision, laid
    out once per process (a few kept, oldest dropped first)."""
    state = _current()
    key = _background_key(content)
    cached = state.backgrounds.get(key)
    if cached is None:
        html, generated = _certificate_source([content], layer="background")
        document = _render(html, "certificate", generated)
        cached = _Background(document.write_pdf(), _anchors(document))
        while len(state.backgrounds) >= BACKGROUND_CACHE:
            del state.backgrounds[next(iter(state.backgrounds))]
        state.backgrounds[key] = cached
    return cached


def _boxes(box):
    yield box
    placeholder_of = getattr(box, "_box", None)  # an absolutely positioned box's placeholder
    if placeholder_of is not None:
        yield from _boxes(placeholder_of)
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _anchors(document) -> dict[str, str]:
    """The page positions (border-box top, CSS px) of the first awardee line in the flow
    (#vd-flow) and of the registry line (#vd-registry), read from the laid-out background."""
    found: dict[str, float] = {}
    for box in _boxes(document.pages[0]._page_box):
        element = getattr(box, "element", None)
        name = element.get("id") if element is not None else None
        if name in ("vd-flow", "vd-registry") and isinstance(box, BlockBox) and name not in found:
            first_line = box.children[0] if name == "vd-flow" else box
            found[name] = first_line.border_box_y()
    if set(found) != {"vd-flow", "vd-registry"}:
        raise RuntimeError("Mẫu bằng thiếu vị trí dòng người nhận hoặc số sổ vàng.")
    return {"flow": f"{found['vd-flow']:.4f}", "registry": f"{found['vd-registry']:.4f}"}


def _layered(contents: Sequence[CertificateContent]):
    """``contents`` as one pikepdf document: the awardees' layer over their backgrounds."""
    backgrounds = [_background(content) for content in contents]
    html, generated = _certificate_source(
        contents, layer="variable", anchors=[b.anchors for b in backgrounds]
    )
    variable = _render(html, "certificate", generated).write_pdf()
    return underlay(variable, [b.pdf for b in backgrounds])


def render_certificate_whole(contents: Sequence[CertificateContent]) -> bytes:
    """``contents`` laid out as whole sheets in one pass, as plain WeasyPrint would: the
    reference the two-layer drawing is checked against (tests, bench/certificates.py)."""
    html, generated = _certificate_source(contents)
    return _render(html, "certificate", generated).write_pdf()


def render_certificate(content: CertificateContent) -> bytes:
    """One certificate as a one-page PDF."""
    with _layered([content]) as document:
        return save_pdf(document)


@dataclasses.dataclass(frozen=True)
class RenderedBatch:
    """One layout, both outputs: the batch as one document and one PDF per certificate."""

    document: bytes
    files: list[bytes]


def render_certificate_batch(contents: Sequence[CertificateContent]) -> RenderedBatch:
    """Lay out up to :data:`LAYOUT_BATCH` same-size certificates once and return both the
    multi-page document (for the merged print file) and the separate PDFs (for storage and
    the zip), so a pipeline chunk never lays out a page twice.
    """
    if len(contents) > LAYOUT_BATCH:
        raise ValueError(f"Tối đa {LAYOUT_BATCH} bằng một lần dàn trang.")
    with _layered(contents) as document:
        files = split_pdf(document, titles=[_title(c) for c in contents], author=contents[0].issuer)
        return RenderedBatch(save_pdf(document), files)


def render_certificates(contents: Sequence[CertificateContent]) -> list[bytes]:
    """Many certificates as separate one-page PDFs, in order.

    Batches of up to :data:`LAYOUT_BATCH` same-size certificates are laid out as one document
    and split into pages: cheaper per certificate than one document each, and memory stays
    flat.
    """
    files: list[bytes] = []
    for group in _batches(contents):
        files.extend(render_certificate_batch(group).files)
    return files


def render_certificate_document(contents: Sequence[CertificateContent]) -> bytes:
    """Many certificates as one multi-page PDF (all on the same paper size).

    Memory grows with the page count (1.26 GB for 2,700 pages, measured), so callers render
    batches of about 200 and join them with :func:`awards.certificates.merge.merge_pdfs`.
    """
    with _layered(contents) as document:
        return save_pdf(document)


def _batches(contents: Sequence[CertificateContent]) -> list[list[CertificateContent]]:
    """Consecutive runs of the same paper size, at most LAYOUT_BATCH long, in order."""
    batches: list[list[CertificateContent]] = []
    for content in contents:
        last = batches[-1] if batches else None
        if last and last[0].paper == content.paper and len(last) < LAYOUT_BATCH:
            last.append(content)
        else:
            batches.append([content])
    return batches


# --- Print-on-blank ---------------------------------------------------------------------------


def _field_style(placed: PlacedField) -> str:
    spot = placed.spot
    if placed.is_qr:
        size = _mm(spot.width_mm)
        return (
            f"left: {_mm(placed.left_mm)}mm; top: {_mm(placed.top_mm)}mm; "
            f"width: {size}mm; height: {size}mm"
        )
    return (
        f"left: {_mm(placed.left_mm)}mm; top: {_mm(placed.top_mm)}mm; "
        f"width: {_mm(spot.width_mm)}mm; font-size: {_mm(spot.font_size_pt)}pt; "
        f"text-align: {spot.align}; font-weight: {700 if spot.bold else 400}; "
        f"font-style: {'italic' if spot.italic else 'normal'}"
    )


def blank_html(
    contents: Sequence[CertificateContent],
    *,
    layout: BlankLayout | None = None,
    offset: BlankOffset = NO_OFFSET,
) -> str:
    """Self-contained HTML of a print-on-blank document: one sheet per certificate."""
    return _self_contained(*_blank_source(contents, layout=layout, offset=offset))


def _blank_source(
    contents: Sequence[CertificateContent], *, layout: BlankLayout | None, offset: BlankOffset
) -> tuple[str, dict[str, bytes]]:
    if not contents:
        raise ValueError("Không có bằng nào để in.")
    layout = layout or default_blank_layout(contents[0].form_kind, contents[0].paper)
    sheets = []
    for content in contents:
        placed = place_fields(layout, offset, content)
        check_glyphs({p.name: p.text for p in placed} | content.printed_text())
        sheets.append(
            {
                "fields": [
                    {"is_qr": p.is_qr, "text": p.text, "style": _field_style(p)} for p in placed
                ],
                "qr": f"{GENERATED}qr-{len(sheets)}",
                "specimen": content.specimen,
            }
        )
    generated = {f"{GENERATED}qr-{i}": _qr(c.verification_url) for i, c in enumerate(contents)}
    html = render_to_string(
        "awards/pdf/blank.html",
        {
            "title": f"In trên phôi – {contents[0].award_name.capitalize()}",
            "paper_w": _mm(layout.paper.width_mm),
            "paper_h": _mm(layout.paper.height_mm),
            "sheets": sheets,
            "specimen_mark": SPECIMEN_MARK,
            "specimen_image": SPECIMEN_URL,
        },
    )
    return html, generated


def render_on_blank(
    contents: Sequence[CertificateContent],
    *,
    layout: BlankLayout | None = None,
    offset: BlankOffset = NO_OFFSET,
) -> bytes:
    """One PDF with a page per certificate for printing onto pre-printed blanks ("phôi").

    ``layout`` defaults to :func:`default_blank_layout` for the first certificate's form kind;
    ``offset`` shifts everything printed (a later model stores both, edited by staff).
    """
    html, generated = _blank_source(contents, layout=layout, offset=offset)
    return _render(html, "blank", generated).write_pdf()


def _ruler_ticks(paper: PaperSize) -> list[dict[str, str]]:
    """Millimetre rulers along the top and left edges, numbered every centimetre."""
    ticks = []
    for mm in range(1, int(paper.width_mm)):
        length = 6 if mm % 10 == 0 else 3.5 if mm % 5 == 0 else 2
        tick = {"style": f"left: {mm}mm; top: 0; width: 0.15mm; height: {length}mm"}
        if mm % 10 == 0:
            tick |= {"label": str(mm), "label_style": f"left: {mm + 0.6}mm; top: 4mm"}
        ticks.append(tick)
    for mm in range(1, int(paper.height_mm)):
        length = 6 if mm % 10 == 0 else 3.5 if mm % 5 == 0 else 2
        tick = {"style": f"left: 0; top: {mm}mm; width: {length}mm; height: 0.15mm"}
        if mm % 10 == 0:
            tick |= {"label": str(mm), "label_style": f"left: 6.6mm; top: {mm - 1}mm"}
        ticks.append(tick)
    return ticks


def calibration_html(layout: BlankLayout, *, offset: BlankOffset = NO_OFFSET) -> str:
    fields = []
    for p in place_fields(layout, offset):
        spot = p.spot
        x, y = p.left_mm, p.baseline_mm
        field = {
            "is_qr": p.is_qr,
            "label": FIELD_LABELS[p.name],
            "x": _mm(spot.x_mm).replace(".", ","),
            "y": _mm(spot.y_mm).replace(".", ","),
            "cross_h_style": f"left: {_mm(x - 3)}mm; top: {_mm(y - 0.1)}mm; "
            "width: 6mm; height: 0.2mm",
            "cross_v_style": f"left: {_mm(x - 0.1)}mm; top: {_mm(y - 3)}mm; "
            "width: 0.2mm; height: 6mm",
            "label_style": f"left: {_mm(x + 1)}mm; top: {_mm(y - 3.4)}mm",
        }
        if p.is_qr:
            size = _mm(spot.width_mm)
            field["box_style"] = (
                f"left: {_mm(x)}mm; top: {_mm(y)}mm; width: {size}mm; height: {size}mm"
            )
            field["label_style"] = f"left: {_mm(x + 1)}mm; top: {_mm(y + spot.width_mm + 1)}mm"
        else:
            field["line_style"] = (
                f"left: {_mm(x)}mm; top: {_mm(y)}mm; width: {_mm(spot.width_mm)}mm"
            )
        fields.append(field)
    paper = layout.paper
    return render_to_string(
        "awards/pdf/calibration.html",
        {
            "title": "Trang căn chỉnh in trên phôi",
            "paper_w": _mm(paper.width_mm),
            "paper_h": _mm(paper.height_mm),
            "paper_label": f"{_mm(paper.width_mm)} × {_mm(paper.height_mm)}",
            "dx": _mm(offset.dx_mm).replace(".", ","),
            "dy": _mm(offset.dy_mm).replace(".", ","),
            "ticks": _ruler_ticks(paper),
            "fields": fields,
        },
    )


def render_calibration_page(layout: BlankLayout, *, offset: BlankOffset = NO_OFFSET) -> bytes:
    """A one-page PDF with rulers and a crosshair and line at every field of ``layout``."""
    return _render(calibration_html(layout, offset=offset), "blank").write_pdf()


__all__ = [
    "blank_html",
    "calibration_html",
    "certificate_html",
    "init_worker",
    "render_html",
    "render_calibration_page",
    "RenderedBatch",
    "render_certificate",
    "render_certificate_batch",
    "render_certificate_document",
    "render_certificate_whole",
    "render_certificates",
    "render_on_blank",
]
