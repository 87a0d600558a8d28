"""Hand-made burden records for the report tests: small enough to work every figure by hand.

The expected figures are in test_report.py next to each assertion's arithmetic.
"""

from datetime import date
from decimal import Decimal

import pytest

from certificates.models import CertificateKind, CertificateRecord
from inspections.models import Inspection, Meeting, Platform, PlatformUsage, Signboard, TemporaryTask
from ledgers.models import LedgerBook, LedgerType, ReportForm, ReportSubmission
from tasks.models import TaskAssignment, TaskItem, WorkLog

YEAR = 2025
D = date


@pytest.fixture
def burden_data(world):
    """Three communities: `community` and `sibling` in one street, `other_community` in another."""
    c, s, o = world.community, world.sibling, world.other_community
    a, b = world.department, world.other_department
    for community, households, sw, staff, funds in (
        (c, 1685, 2, 5, "18000"),
        (s, 1000, 3, 4, "10000.50"),
        (o, 501, 0, 3, "0"),
    ):
        community.households, community.social_workers, community.staff = households, sw, staff
        community.annual_funds = Decimal(funds)
        community.save()

    item = {}
    for code, dept, nature, list_class, funds in (
        ("I1", a, "administrative", "statutory", "0"),
        ("I2", a, "service", "assisting", "100"),
        ("I3", b, "administrative", "negative", "50.25"),
        ("I4", b, "administrative", "assisting", "0"),
    ):
        item[code] = TaskItem.objects.create(
            code=code,
            name=code,
            department=dept,
            nature=nature,
            list_class=list_class,
            funds_per_year=Decimal(funds),
        )
    for community, code, when, approved, count in (
        (c, "I1", D(YEAR, 1, 1), True, 2),
        (c, "I1", D(YEAR, 6, 1), False, 1),
        (c, "I2", D(YEAR, 12, 31), True, 1),
        (s, "I3", D(YEAR, 3, 3), False, 3),
        (s, "I1", D(YEAR, 3, 3), True, 1),
        (o, "I2", D(YEAR, 7, 7), True, 1),
        (c, "I4", D(YEAR - 1, 12, 31), False, 5),
    ):
        TaskAssignment.objects.create(
            community=community, task_item=item[code], assigned_on=when, approved=approved, count=count
        )

    for community, dept, topic, when, count, veto, prep in (
        (c, a, "党建", D(YEAR, 2, 1), 2, True, "1.5"),
        (c, b, "环保", D(YEAR, 2, 8), 1, False, "2.25"),
        (s, a, "党建", D(YEAR, 5, 5), 1, False, "0"),
        (o, b, "禁毒", D(YEAR - 1, 5, 5), 9, True, "9"),
    ):
        Inspection.objects.create(
            community=community, department=dept, topic=topic, kind="inspection", date=when, count=count, veto=veto,
            prep_hours=Decimal(prep),
        )  # fmt: skip

    lt = {code: LedgerType.objects.create(code=code, name=code, department=a) for code in ("L1", "L2", "L3")}
    for community, code, year, books in (
        (c, "L1", YEAR, 3),
        (c, "L2", YEAR, 0),
        (s, "L1", YEAR, 1),
        (s, "L3", YEAR, 2),
        (o, "L1", YEAR - 1, 40),
    ):
        LedgerBook.objects.create(community=community, ledger_type=lt[code], year=year, books=books)

    rf = {code: ReportForm.objects.create(code=code, name=code, department=b) for code in ("F1", "F2", "F3")}
    for community, code, when, count in (
        (c, "F1", D(YEAR, 1, 10), 2),
        (c, "F1", D(YEAR, 2, 10), 1),
        (c, "F2", D(YEAR, 4, 1), 1),
        (o, "F3", D(YEAR - 1, 4, 1), 5),
    ):
        ReportSubmission.objects.create(community=community, report_form=rf[code], date=when, count=count)

    ck = {}
    for code, cls, freq, unit in (
        ("K1", "A", "frequent", "银行"),
        ("K2", "C", "general", "银行"),
        ("K3", "C", "occasional", "公安"),
        ("K4", "B", "frequent", "学校"),
    ):
        ck[code] = CertificateKind.objects.create(
            code=code,
            name=code,
            cert_class=cls,
            frequency=freq,
            requested_by=unit,
            responsible_authority="公安机关",
        )
    for community, code, when, outcome, count in (
        (c, "K1", D(YEAR, 1, 2), "issued", 10),
        (c, "K2", D(YEAR, 1, 3), "issued", 2),
        (c, "K2", D(YEAR, 1, 4), "redirected", 3),
        (s, "K3", D(YEAR, 1, 5), "refused", 1),
        (s, "K3", D(YEAR, 1, 6), "pledged", 4),
        (o, "K1", D(YEAR, 1, 7), "issued", 5),
        (o, "K4", D(YEAR - 1, 1, 7), "issued", 50),
    ):
        CertificateRecord.objects.create(
            community=community, kind=ck[code], date=when, outcome=outcome, count=count
        )

    pf = {}
    for code, dept, fields in (
        ("P1", a, ["姓名", " 身份证号", "ＱＱ号"]),
        ("P2", a, ["姓名 ", "身份证号", "QQ号", "地址"]),
        ("P3", b, ["地址", "电话"]),
        ("P4", b, ["电话", "姓名"]),
    ):
        pf[code] = Platform.objects.create(code=code, name=code, department=dept, fields=fields)
    for community, code, year, hours in (
        (c, "P1", YEAR, "10.25"),
        (s, "P2", YEAR, "5"),
        (o, "P4", YEAR, "1"),
        (c, "P3", YEAR - 1, "7"),
    ):
        PlatformUsage.objects.create(community=community, platform=pf[code], year=year, hours=Decimal(hours))

    for community, count, hours, purpose, when in (
        (c, 2, "1.5", "seat_filling", D(YEAR, 3, 1)),
        (c, 1, "2", "briefing", D(YEAR, 3, 2)),
        (s, 1, "0.75", "other", D(YEAR, 3, 3)),
        (o, 4, "1", "seat_filling", D(YEAR + 1, 1, 1)),
    ):
        Meeting.objects.create(
            community=community, department=a, date=when, count=count, hours=Decimal(hours), purpose=purpose
        )

    for community, kind, count, when in (
        (c, "blood", 2, D(YEAR, 4, 4)),
        (c, "donation", 1, D(YEAR, 4, 5)),
        (o, "blood", 1, D(YEAR, 4, 6)),
        (o, "tax", 7, D(YEAR - 1, 4, 6)),
    ):
        TemporaryTask.objects.create(community=community, department=b, kind=kind, count=count, date=when)

    for community, kind, count, hung, removed in (
        (c, "board", 2, None, None),
        (c, "board", 1, D(YEAR + 1, 1, 5), None),  # hung after the year: not yet
        (c, "board", 1, None, D(YEAR, 12, 31)),  # removed on the last day: gone
        (c, "board", 1, None, D(YEAR + 1, 1, 1)),  # removed after the year: still there
        (c, "body", 3, D(YEAR, 6, 1), None),
        (s, "board", 4, D(2020, 1, 1), None),
        (s, "body", 1, None, None),
    ):
        Signboard.objects.create(
            community=community,
            department=a,
            name="牌",
            kind=kind,
            count=count,
            hung_on=hung,
            removed_on=removed,
        )

    for community, category, hours, approved, when in (
        (c, "task", "2.5", True, D(YEAR, 5, 1)),
        (c, "task", "1.25", False, D(YEAR, 5, 2)),
        (s, "inspection", "3", True, D(YEAR, 5, 3)),
        (o, "meeting", "8", False, D(YEAR - 1, 5, 3)),
    ):
        WorkLog.objects.create(
            community=community,
            category=category,
            hours=Decimal(hours),
            approved=approved,
            date=when,
            department=a,
        )
    return world


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached dashboard bodies must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The drill-down lists (/burden/records/<kind>/), one per register.
RECORD_KINDS = [
    "assignments",
    "worklogs",
    "inspections",
    "meetings",
    "temporary",
    "reports",
    "ledgers",
    "platforms",
    "certificates",
    "signboards",
]
