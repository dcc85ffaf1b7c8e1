"""The demo loader: certificates of the demo's issued 2022 decisions, rendered, each with
the specimen mark; idempotent."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from awards import demo as awards_demo
from awards.certificates import demo
from awards.certificates.content import SPECIMEN_MARK
from awards.certificates.models import Certificate, JobStatus, RenderJob
from awards.decisions import demo as decisions_demo
from tests.awards.certificates.conftest import pdf_lines
from units import demo as units_demo

pytestmark = pytest.mark.django_db


def test_demo_renders_the_2022_decisions_certificates_with_the_specimen_mark_once(
    settings, django_capture_on_commit_callbacks
):
    settings.VINHDANH_DEMO_MODE = False  # the mark must not depend on the demo-mode banner
    units_demo.load()
    awards_demo.load()
    with django_capture_on_commit_callbacks(execute=False):
        decisions_demo.load()  # issuing plans jobs after commit; left to this loader
    demo.load()
    demo.load()  # idempotent

    certificates = list(Certificate.objects.select_related("decision"))
    assert len(certificates) == 5
    assert {c.decision.number for c in certificates} == {"125/QĐ-UBND", "126/QĐ-UBND"}
    assert all(c.specimen and c.status == "done" for c in certificates)
    assert RenderJob.objects.count() == 2
    assert set(RenderJob.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    for certificate in certificates:
        lines = pdf_lines(Path(default_storage.path(certificate.file.name)))
        assert SPECIMEN_MARK in lines
        assert certificate.entry.name in " ".join(lines)
