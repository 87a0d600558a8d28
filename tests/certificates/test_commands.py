import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certificates.models import CertificateKind

pytestmark = pytest.mark.django_db


def test_load_certificate_catalog_is_idempotent():
    out = StringIO()
    call_command("load_certificate_catalog", stdout=out)
    count = CertificateKind.objects.count()
    assert count >= 23 and f"{count} created" in out.getvalue()
    out = StringIO()
    call_command("load_certificate_catalog", stdout=out)
    assert f"0 created, 0 updated, {count} unchanged" in out.getvalue()
    assert CertificateKind.objects.count() == count


def test_load_certificate_catalog_rejects_a_bad_file(tmp_path):
    bad = tmp_path / "catalog.json"
    bad.write_text(
        json.dumps(
            {
                "kinds": [
                    {
                        "code": "C01",
                        "name": "x",
                        "requested_by": "y",
                        "cert_class": "C",
                        "frequency": "general",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="C01"):
        call_command("load_certificate_catalog", file=str(bad))
    assert not CertificateKind.objects.exists()
