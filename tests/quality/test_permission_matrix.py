"""The permission matrix, generated: every role × every API endpoint × a row of every register
that belongs to another district's community and another department → never visible.

Endpoints and registers are discovered (URL resolver, model registry), so a register or
endpoint added later is covered without editing this file.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisation.models import CommunityRecord
from tests.factories import CommunityFactory, DepartmentFactory, DistrictFactory, StreetFactory

from .autofill import autofill

pytestmark = pytest.mark.django_db

ROLES = ["community_staff", "community_head", "street_supervisor", "district_admin", "department_officer"]
# The contract's registers: these must be covered whatever else is.
CORE = {
    "tasks.TaskAssignment", "tasks.WorkLog", "ledgers.LedgerBook", "ledgers.ReportSubmission",
    "certificates.CertificateRecord", "inspections.Inspection", "inspections.Meeting",
    "inspections.TemporaryTask", "inspections.Signboard", "inspections.PlatformUsage",
}  # fmt: skip


def community_records():
    return [m for m in apps.get_models() if issubclass(m, CommunityRecord)]


def api_detail_routes():
    """(url name, viewset class, lookup kwarg) of every API retrieve route."""
    routes = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name and p.name.endswith("-detail"):
                cls = getattr(p.callback, "cls", None)
                actions = getattr(p.callback, "actions", {}) or {}
                if cls is not None and actions.get("get") == "retrieve":
                    routes.append(
                        (
                            prefix + p.name,
                            cls,
                            list(p.pattern.converters) or [cls.lookup_url_kwarg or cls.lookup_field],
                        )
                    )

    walk(get_resolver().url_patterns)
    return routes


def viewset_model(cls):
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(cls, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


@pytest.fixture
def foreign(world):
    """A row of every register in a community of another district, caused by another department."""
    district = DistrictFactory(name="外区")
    community = CommunityFactory(street=StreetFactory(district=district))
    department = DepartmentFactory()
    cache: dict = {}
    rows, failures = {}, {}
    for model in community_records():
        try:
            with transaction.atomic():
                rows[model] = autofill(
                    model,
                    community=community,
                    department=department,
                    user=world.users["district_admin"],
                    cache=cache,
                )
        except (IntegrityError, NotImplementedError, ValueError) as exc:
            failures[model._meta.label] = repr(exc)
    missing = CORE - {m._meta.label for m in rows}
    assert not missing, f"autofill could not build core registers: {missing} {failures}"
    return rows


def test_no_register_leaks_through_visible_to(world, foreign):
    for role in ROLES:
        user = world.users[role]
        for model, row in foreign.items():
            assert not model.objects.visible_to(user).filter(pk=row.pk).exists(), (role, model._meta.label)


def test_every_api_detail_of_another_unit_is_404(world, foreign, api_for):
    routes = api_detail_routes()
    assert routes, "no API detail routes discovered"
    checked = 0
    for role in ROLES:
        api = api_for(world.users[role])
        for name, cls, kwargs in routes:
            model = viewset_model(cls)
            row = foreign.get(model)
            if row is None:
                continue
            lookup = cls.lookup_field or "pk"
            value = getattr(row, lookup if lookup != "pk" else "pk")
            url = reverse(name, kwargs={kwargs[0]: value})
            response = api.get(url)
            assert response.status_code in (403, 404), (role, url, response.status_code)
            checked += 1
    assert checked >= len(ROLES), "the matrix checked (almost) nothing"


def test_every_api_list_hides_another_units_rows(world, foreign, api_for):
    list_routes = [(n.replace("-detail", "-list"), cls) for n, cls, _ in api_detail_routes()]
    checked = 0
    for role in ROLES:
        api = api_for(world.users[role])
        for name, cls in list_routes:
            model = viewset_model(cls)
            row = foreign.get(model)
            if row is None:
                continue
            response = api.get(reverse(name), {"page_size": 1000})
            if response.status_code in (403, 405):
                continue
            assert response.status_code == 200, (role, name, response.status_code)
            data = response.json()
            items = data["results"] if isinstance(data, dict) and "results" in data else data
            ids = {str(item.get("id")) for item in items if isinstance(item, dict)}
            row_ids = {str(item.get("row_id")) for item in items if isinstance(item, dict)}
            assert str(row.pk) not in ids and row.row_id not in row_ids, (role, name)
            checked += 1
    assert checked >= len(ROLES)
