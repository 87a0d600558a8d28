"""Serials stay unique and gap-free when several counters issue at once (PostgreSQL rows
locked with select_for_update; each thread has its own database connection)."""

import threading

import pytest
from django.db import connection, connections

from certificates import services
from certificates.models import CertificateRecord, SealUse, SerialCounter

from .factories import CertificateKindFactory, id_number

THREADS = 6
PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_issuers_get_unique_gap_free_serials(world):
    assert connection.vendor == "postgresql", "the concurrency promise is made on PostgreSQL"
    kind = CertificateKindFactory(cert_class="A")
    issuers = [world.users["community_staff"], world.users["community_head"]]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(PER_THREAD):
                services.certificate_issue(
                    by=issuers[n % 2],
                    kind_id=kind.pk,
                    applicant_name=f"居民{n}",
                    applicant_id_number=id_number(),
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    total = THREADS * PER_THREAD
    serials = sorted(CertificateRecord.objects.values_list("serial", flat=True))
    numbers = sorted(int(s.rsplit("-", 1)[1]) for s in serials)
    assert numbers == list(range(1, total + 1))
    assert len(set(serials)) == total
    assert SerialCounter.objects.get(community=world.community).last_number == total
    assert SealUse.objects.count() == total
