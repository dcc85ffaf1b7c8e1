"""The per-process render state: built once, reused, rebuilt after a fork without harming
the parent (Celery prefork children), and shared by other documents through render_html."""

import os

import pytest

from awards import pdf
from awards.certificates.fonts import MissingGlyphError
from tests.awards.certificates.conftest import make_content, pdf_fonts, pdf_lines, write_pdf


def test_init_worker_builds_the_state_once_and_renders_reuse_it():
    pdf.init_worker()
    state = pdf._current()
    pdf.render_certificate(make_content())
    pdf.init_worker(sender=None)  # worker_process_init passes keyword arguments
    assert pdf._current() is state
    assert state.font_config is pdf._current().font_config


def test_a_forked_child_builds_its_own_state_and_the_parent_keeps_its_fonts(tmp_path):
    pdf.init_worker()
    parent_state = pdf._current()
    font_folder = parent_state.font_config._folder
    assert font_folder is not None and font_folder.exists()

    pid = os.fork()
    if pid == 0:  # child: render, drop everything, exit without running parent cleanups
        code = 1
        try:
            data = pdf.render_certificate(make_content(recipient_name="Ông Phạm Văn Con"))
            child_state = pdf._current()
            ok = child_state is not parent_state and child_state.pid == os.getpid()
            (tmp_path / "child.pdf").write_bytes(data)
            pdf._drop_inherited_state()
            import gc

            gc.collect()
            code = 0 if ok else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "Ông Phạm Văn Con" in pdf_lines(tmp_path / "child.pdf")

    # The child's new state did not delete the parent's temporary font copies.
    assert font_folder.exists()
    assert pdf._current() is parent_state
    path = write_pdf(tmp_path, pdf.render_certificate(make_content()), "parent.pdf")
    assert "Bà Nguyễn Thị Thu Hằng" in pdf_lines(path)


def test_other_documents_render_in_noto_serif_through_render_html(tmp_path):
    html = (
        '<html lang="vi"><head><style>@page { size: A4 } '
        'body { font-family: "Noto Serif" }</style></head>'
        "<body><p>Quyết định về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh</p>"
        "<p><b>Điều 1.</b> <i>Tặng</i> <b><i>Bằng khen</i></b></p></body></html>"
    )
    path = write_pdf(tmp_path, pdf.render_html(html))
    assert "Quyết định về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in pdf_lines(path)
    assert {f["name"].split("+", 1)[1] for f in pdf_fonts(path)} == {
        "Noto-Serif",
        "Noto-Serif-Bold",
        "Noto-Serif-Italic",
        "Noto-Serif-Bold-Italic",
    }


def test_render_html_refuses_text_the_font_cannot_draw_but_ignores_stylesheets():
    # The ① inside the stylesheet's comment is not text; the one in the paragraph is.
    html = (
        "<html><head><style>/* ① */ p { color: #000 }</style></head><body><p>Số ①</p></body></html>"
    )
    with pytest.raises(MissingGlyphError, match=r"U\+2460"):
        pdf.render_html(html)
    assert pdf.render_html(html.replace("Số ①", "Số 1")).startswith(b"%PDF")
