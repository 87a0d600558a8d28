"""Deterministic demo data: the organisation of the seed-000 survey and one login per role.

The burden records that reproduce the survey's figures are added by `seed_demo` on top.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from organisation.models import Community, Department, District, Membership, Street

DEMO_PASSWORD = "demo12345"  # noqa: S105 - demo logins only; documented in the README

STREETS = [("S01", "东城街道"), ("S02", "西城街道"), ("S03", "南湖街道")]
# 11 communities, as in the seed-000 survey: (code, name, street, households, residents, staff, social workers)
COMMUNITIES = [
    ("C001", "和平社区", "S01", 1685, 5216, 5, 2),
    ("C002", "幸福社区", "S01", 2300, 6900, 7, 3),
    ("C003", "光明社区", "S01", 1200, 3800, 5, 2),
    ("C004", "建设社区", "S01", 3100, 9200, 9, 4),
    ("C005", "新华社区", "S02", 1900, 5700, 6, 3),
    ("C006", "民主社区", "S02", 2600, 7800, 8, 3),
    ("C007", "团结社区", "S02", 1500, 4600, 5, 2),
    ("C008", "友谊社区", "S02", 2800, 8300, 8, 4),
    ("C009", "胜利社区", "S03", 1750, 5200, 6, 2),
    ("C010", "朝阳社区", "S03", 2200, 6600, 7, 3),
    ("C011", "春晖社区", "S03", 1400, 4200, 5, 2),
]
# 30 departments and units that push work down; the heaviest four (综治, 组织, 卫计, 人社) first.
DEPARTMENTS = [
    ("D01", "区委政法委（综治办）", "district", "government"),
    ("D02", "区委组织部", "district", "government"),
    ("D03", "区卫生健康委（卫计）", "district", "government"),
    ("D04", "区人力资源和社会保障局", "district", "government"),
    ("D05", "区民政局", "district", "government"),
    ("D06", "区住房和城乡建设局", "district", "government"),
    ("D07", "公安分局", "district", "government"),
    ("D08", "区城市管理局", "district", "government"),
    ("D09", "区市场监督管理局", "district", "government"),
    ("D10", "区应急管理局", "district", "government"),
    ("D11", "区生态环境局", "district", "government"),
    ("D12", "区教育局", "district", "government"),
    ("D13", "区文化和旅游局", "district", "government"),
    ("D14", "区统计局", "district", "government"),
    ("D15", "区信访局", "district", "government"),
    ("D16", "区残联", "district", "institution"),
    ("D17", "区妇联", "district", "institution"),
    ("D18", "团区委", "district", "institution"),
    ("D19", "区总工会", "district", "institution"),
    ("D20", "区科协", "district", "institution"),
    ("D21", "区司法局", "district", "government"),
    ("D22", "区退役军人事务局", "district", "government"),
    ("D23", "区医疗保障局", "district", "government"),
    ("D24", "区税务局", "district", "government"),
    ("D25", "区消防救援大队", "district", "government"),
    ("D26", "区红十字会", "district", "institution"),
    ("D27", "街道办事处", "street", "government"),
    ("D28", "中国工商银行支行", "district", "bank"),
    ("D29", "人寿保险公司", "district", "insurer"),
    ("D30", "区融媒体中心", "district", "institution"),
]
DEMO_LOGINS = [
    ("demo_staff", "community_staff", "community", "C001", "社区工作者 · 和平社区"),
    ("demo_head", "community_head", "community", "C001", "社区书记 · 和平社区"),
    ("demo_street", "street_supervisor", "street", "S01", "街道主管 · 东城街道"),
    ("demo_district", "district_admin", "district", None, "区减负办"),
    ("demo_department", "department_officer", "department", "D05", "职能部门 · 区民政局"),
]


@transaction.atomic
def demo_organisation_create() -> District:
    """Create (or update) the demo district, streets, communities and departments."""
    district, _ = District.objects.get_or_create(name="示范区")
    streets = {}
    for code, name in STREETS:
        streets[code], _ = Street.objects.update_or_create(
            code=code, defaults={"name": name, "district": district}
        )
    for code, name, street, households, residents, staff, social_workers in COMMUNITIES:
        Community.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "street": streets[street],
                "households": households,
                "residents": residents,
                "staff": staff,
                "social_workers": social_workers,
                "annual_funds": 10000 + max(0, households - 1000) * 11,
            },
        )
    for code, name, level, kind in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name, "level": level, "kind": kind})
    return district


@transaction.atomic
def demo_logins_create(*, district: District) -> None:
    """One login per role, all with DEMO_PASSWORD."""
    user_model = get_user_model()
    units = {
        "community": Community.objects.in_bulk(field_name="code"),
        "street": Street.objects.in_bulk(field_name="code"),
        "department": Department.objects.in_bulk(field_name="code"),
    }
    for username, role, field, code, label in DEMO_LOGINS:
        user, created = user_model.objects.get_or_create(username=username, defaults={"first_name": label})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        unit = district if field == "district" else units[field][code]
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "district": None,
                "street": None,
                "community": None,
                "department": None,
                field: unit,
            },
        )
    admin, created = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
