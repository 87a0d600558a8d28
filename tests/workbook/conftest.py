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
