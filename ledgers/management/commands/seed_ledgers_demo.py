"""Demo ledgers and report forms on top of `seed_demo`: a typed 低保台账 with entries in C001,
two overlapping report forms registered for the year and sent to C001."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from ledgers import services
from ledgers.models import LedgerBook, LedgerType, ReportForm, ReportRegistration, ReportSubmission
from organisation.models import Community, Department

VALID_IDS = ["11010519491231002X", "440524188001010014"]


class Command(BaseCommand):
    help = "Demo data for the ledgers app (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        admin = get_user_model().objects.get(username="demo_district")
        staff = get_user_model().objects.get(username="demo_staff")
        community = Community.objects.get(code="C001")
        department = Department.objects.order_by("code").first()
        year = datetime.date.today().year  # noqa: DTZ011 - a demo year
        existing = LedgerType.objects.filter(code="L01").first()
        ledger_type = services.ledger_type_save(
            by=admin,
            ledger_type_id=existing.pk if existing else None,
            code="L01",
            name=existing.name if existing else "低保台账",
            department=existing.department if existing else department,
            retention="long",
            archive_class="YW",
            definitions=[
                {"name": "户主姓名", "field_type": "text", "required": True},
                {"name": "公民身份号码", "field_type": "id_number", "required": True},
                {"name": "家庭人口", "field_type": "integer"},
                {"name": "低保金额", "field_type": "decimal"},
                {"name": "保障类别", "field_type": "choice", "choices": ["A类", "B类", "C类"]},
                {"name": "联系电话", "field_type": "phone"},
            ],
        )
        book = LedgerBook.objects.filter(community=community, ledger_type=ledger_type, year=year).first()
        if book is None:
            book = services.ledger_book_open(
                by=staff, community=community, ledger_type=ledger_type, year=year
            )
        if not book.entries.exists():
            for i, (name, amount) in enumerate((("张建国", "620"), ("李秀英", "580.5"), ("王志强", "700"))):
                services.ledger_entry_create(
                    by=staff,
                    book_id=book.pk,
                    values={
                        "户主姓名": name,
                        "公民身份号码": VALID_IDS[i % 2],
                        "家庭人口": 3,
                        "低保金额": amount,
                        "保障类别": "A类",
                        "联系电话": "13800138000",
                    },
                    entry_date=datetime.date(year, 3, 2 + i),
                )
        forms = [
            (
                "R01",
                "困难家庭情况月报",
                "monthly",
                [
                    ("总户数", "integer", True),
                    ("户主姓名", "text", False),
                    ("身份证号码", "id_number", False),
                    ("低保金", "decimal", False),
                    ("新增困难户数", "integer", True),
                ],
            ),
            (
                "R02",
                "低保对象季报",
                "quarterly",
                [
                    ("姓名", "text", False),
                    ("公民身份号码", "id_number", False),
                    ("手机号码", "phone", False),
                    ("低保金额", "decimal", False),
                ],
            ),
        ]
        for code, name, frequency, fields in forms:
            existing = ReportForm.objects.filter(code=code).first()
            form = services.report_form_save(
                by=admin,
                report_form_id=existing.pk if existing else None,
                code=code,
                name=name,
                department=department,
                frequency=frequency,
                definitions=[{"name": n, "field_type": t, "required": r} for n, t, r in fields],
            )
            if not ReportRegistration.objects.filter(report_form=form, year=year).exists():
                services.report_form_register(by=admin, report_form_id=form.pk, year=year)
        r01 = ReportForm.objects.get(code="R01")
        if not ReportSubmission.objects.filter(report_form=r01, period=f"{year}-03").exists():
            services.report_form_send(
                by=admin,
                report_form_id=r01.pk,
                communities=[community],
                period=f"{year}-03",
                due_date=datetime.date(year, 12, 31),
            )
        services.field_mappings_suggest()
        self.stdout.write(self.style.SUCCESS("ledgers demo data ready"))
