"""Demo 准入 requests for `seed_demo`: one approved (its assignments reach two communities),
one waiting for review with warnings, one blocked by the negative list. Made through the
services, so the findings, notifications and audit records are the real ones."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organisation.models import Community

from . import services
from .models import AccessRequest, TaskItem


@transaction.atomic
def demo_access_requests_create() -> int:
    """Create the three demo requests of the demo department (once; later runs do nothing)."""
    users = get_user_model().objects.in_bulk(["demo_department", "demo_district"], field_name="username")
    officer, district = users.get("demo_department"), users.get("demo_district")
    if officer is None or district is None or AccessRequest.objects.filter(created_by=officer).exists():
        return 0
    today = timezone.localdate()
    chosen = list(Community.objects.filter(code__in=["C001", "C002"]))
    common = {
        "target_mode": "chosen",
        "deadline": today + timedelta(days=60),
        "hours_per_community": Decimal(6),
    }

    # An item already in the catalog, so the demo survey keeps its 215 items.
    item = (
        TaskItem.objects.filter(department=officer.membership.department, nature="service")
        .order_by("code")
        .first()
    )
    approved = services.access_request_save(
        by=officer,
        communities=chosen,
        fields={
            **common,
            "task_item": item,
            "title": "困难群众走访慰问",
            "legal_basis": "《社会救助暂行办法》第十一条",
            "list_class": "assisting",
            "nature": "service",
            "funds_transferred": Decimal(2000),
            "frequency": "quarterly",
        },
    )
    services.access_request_submit(request_id=approved.pk, by=officer)
    services.access_request_decide(
        request_id=approved.pk, by=district, action="approve", reason="有法定依据，经费随事转，准予准入。"
    )

    pending = services.access_request_save(
        by=officer,
        communities=chosen,
        fields={
            **common,
            "title": "低保家庭入户核查台账",
            "list_class": "assisting",
            "nature": "administrative",
            "one_vote_veto": True,
            "demanded_fields": "姓名、公民身份号码、联系电话、家庭住址",
            "deadline": today + timedelta(days=10),
        },
    )
    services.access_request_submit(request_id=pending.pk, by=officer)

    blocked = services.access_request_save(
        by=officer,
        communities=chosen,
        fields={
            **common,
            "title": "出具门店改造营业执照证明",
            "list_class": "negative",
            "nature": "administrative",
        },
    )
    services.access_request_submit(request_id=blocked.pk, by=officer)
    return 3
