import pytest

from organisation.scoping import Scope

from .builders import full_sheets, write_xlsx

EVERYTHING = Scope(role="district_admin", everything=True)


@pytest.fixture
def full_xlsx(tmp_path):
    return write_xlsx(tmp_path / "full.xlsx", full_sheets())


@pytest.fixture
def make_xlsx(tmp_path):
    """`make_xlsx(sheets, name=...)` → a path; `sheets` as in builders.full_sheets()."""

    def make(sheets, name="book.xlsx"):
        return write_xlsx(tmp_path / name, sheets)

    return make


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory, settings, monkeypatch):
    """Uploaded workbooks go to a temporary MEDIA_ROOT (a Celery worker started later inherits it)."""
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = str(media)
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return media
