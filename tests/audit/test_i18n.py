"""The auditor's page in English; Chinese stays the default."""

import pytest

pytestmark = pytest.mark.django_db


def test_audit_page_in_english_and_chinese(world, client_for):
    client = client_for(world.users["district_admin"])
    chinese = client.get("/audit/?action=nothing.").content.decode()
    assert "没有符合条件的审计记录。" in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/audit/?action=nothing.").content.decode()
    assert "No matching audit records." in english
    assert "Audit records are kept for at least" in english
    assert "没有符合条件的审计记录" not in english
