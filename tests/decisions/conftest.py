import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Rendered PDFs and uploads go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
