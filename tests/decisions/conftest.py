import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Rendered PDFs and uploads go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(transactional_db):
    """The award catalogue seeded by the awards data migration. Transactional tests
    flush the database afterwards, so they seed it again."""
    import importlib

    from django.apps import apps

    importlib.import_module("awards.migrations.0002_seed_catalogue").seed(apps)
