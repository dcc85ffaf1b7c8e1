import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _award_catalogue(request):
    """The catalogue is seeded by a data migration; transactional (browser) tests
    flush the database afterwards, so seed it again when it is missing."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from awards.models import Award

    if not Award.objects.exists():
        importlib.import_module("awards.migrations.0002_seed_catalogue").seed(apps)
