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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Make sure the seeded catalogue is there once per test run: a transactional
    test of an earlier run (``--reuse-db``) flushed what the data migration wrote."""
    import importlib

    from django.apps import apps

    with django_db_blocker.unblock():
        importlib.import_module("awards.migrations.0002_seed_catalogue").seed(apps)
