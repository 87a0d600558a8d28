"""The permission matrix, generated: every role × every API endpoint × a row of every scoped
model (every register, and every other model whose queryset has a visibility rule: 准入 requests,
notifications, disposal batches …) that belongs to another district's community and another
department → never visible.

Endpoints and registers are discovered (URL resolver, model registry), so a register or
endpoint added later is covered without editing this file.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisation.models import Community, CommunityRecord, Department, District, Street
from organisation.scoping import ScopedQuerySet
from tests.factories import CommunityFactory, DepartmentFactory, DistrictFactory, StreetFactory

from .autofill import autofill

pytestmark = pytest.mark.django_db

ROLES = ["community_staff", "community_head", "street_supervisor", "district_admin", "department_officer"]
# The contract's registers: these must be covered whatever else is.
CORE = {
    "tasks.TaskAssignment", "tasks.WorkLog", "ledgers.LedgerBook", "ledgers.ReportSubmission",
    "certificates.CertificateRecord", "inspections.Inspection", "inspections.Meeting",
    "inspections.TemporaryTask", "inspections.Signboard", "inspections.PlatformUsage",
    "tasks.AccessRequest", "tasks.Notification", "organisation.Community", "organisation.Street",
}  # fmt: skip
# The organisation directory is open to department officers by design: they address 准入
# requests to any community. Every other role sees only its own part of it.
DIRECTORY_FOR_DEPARTMENTS = {"organisation.Community", "organisation.Street"}
# The state in which a row is seen most widely (a submitted request is read by the reviewers).
MOST_VISIBLE = {"tasks.AccessRequest": {"status": "submitted"}}


def scoped_models():
    """Every model whose rows are scoped: its queryset is a ScopedQuerySet with a rule (a path to
    the community or department, or a visibility_q of its own); published catalogs have none."""
    found = []
    for model in apps.get_models():
        queryset = type(model._default_manager.get_queryset())
        if not issubclass(queryset, ScopedQuerySet):
            continue
        if (
            issubclass(model, CommunityRecord)
            or getattr(model, "scope_community", None)
            or getattr(model, "scope_department", None)
            or queryset.visibility_q is not ScopedQuerySet.visibility_q
        ):
            found.append(model)
    return found


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
    street = StreetFactory(district=district)
    community = CommunityFactory(street=street)
    department = DepartmentFactory()
    units = {Community: community, Street: street, District: district, Department: department}
    cache: dict = {}
    rows, failures = {}, {}
    for model in scoped_models():
        if model in units:
            rows[model] = units[model]
            continue
        # Every link to an organisation unit points at the foreign one, optional links too.
        links = {
            f.name: units[f.related_model]
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model in units
        }
        try:
            with transaction.atomic():
                row = autofill(
                    model,
                    community=community,
                    department=department,
                    user=world.users["district_admin"],
                    cache=cache,
                    **{k: v for k, v in links.items() if k not in ("community", "department")},
                    **MOST_VISIBLE.get(model._meta.label, {}),
                )
                unset = [
                    k for k in ("community", "department") if k in links and getattr(row, f"{k}_id") is None
                ]
                for name in unset:
                    setattr(row, name, links[name])
                if unset:
                    row.save(update_fields=unset)
                for field in model._meta.many_to_many:
                    if field.related_model in units:
                        getattr(row, field.name).add(units[field.related_model])
                rows[model] = row
        except (IntegrityError, NotImplementedError, ValueError) as exc:
            failures[model._meta.label] = repr(exc)
    missing = CORE - {m._meta.label for m in rows}
    assert not missing, f"autofill could not build core registers: {missing} {failures}"
    return rows


def test_no_register_leaks_through_visible_to(world, foreign):
    for role in ROLES:
        user = world.users[role]
        for model, row in foreign.items():
            if role == "department_officer" and model._meta.label in DIRECTORY_FOR_DEPARTMENTS:
                continue
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
            if row is None or (
                role == "department_officer" and model._meta.label in DIRECTORY_FOR_DEPARTMENTS
            ):
                continue
            lookup = cls.lookup_field or "pk"
            value = getattr(row, lookup if lookup != "pk" else "pk")
            url = reverse(name, kwargs={kwargs[0]: value})
            response = api.get(url)
            assert response.status_code in (403, 404), (role, url, response.status_code)
            checked += 1
    assert checked >= len(ROLES), "the matrix checked (almost) nothing"


def list_all(api, url) -> list | None:
    """Every item of a list endpoint, following its pages (None when the role may not list it)."""
    items = []
    while url:
        response = api.get(url)
        if response.status_code in (403, 405):
            return None
        assert response.status_code == 200, (url, response.status_code)
        data = response.json()
        if not (isinstance(data, dict) and "results" in data):
            return items + list(data)
        items += data["results"]
        url = data.get("next")
    return items


def test_every_api_list_hides_another_units_rows(world, foreign, api_for):
    list_routes = [(n.replace("-detail", "-list"), cls) for n, cls, _ in api_detail_routes()]
    checked = 0
    for role in ROLES:
        api = api_for(world.users[role])
        for name, cls in list_routes:
            model = viewset_model(cls)
            row = foreign.get(model)
            if row is None or (
                role == "department_officer" and model._meta.label in DIRECTORY_FOR_DEPARTMENTS
            ):
                continue
            items = list_all(api, reverse(name))
            if items is None:
                continue
            ids = {str(item.get("id")) for item in items if isinstance(item, dict)}
            row_ids = {str(item.get("row_id")) for item in items if isinstance(item, dict)}
            assert str(row.pk) not in ids and getattr(row, "row_id", None) not in row_ids, (role, name)
            checked += 1
    assert checked >= len(ROLES)
