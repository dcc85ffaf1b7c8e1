import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
