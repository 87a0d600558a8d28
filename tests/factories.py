"""factory_boy factories for the organisation and people; each app's tests add their own."""

import factory
from django.contrib.auth import get_user_model

from organisation.models import Community, Department, District, Membership, Street

DEMO_PASSWORD = "demo12345"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试区{n}")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    code = factory.Sequence(lambda n: f"S{n:03d}")
    name = factory.Sequence(lambda n: f"测试街道{n}")
    district = factory.SubFactory(DistrictFactory)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"测试社区{n}")
    street = factory.SubFactory(StreetFactory)
    households = 1685
    residents = 5216
    staff = 5
    social_workers = 2
    annual_funds = 18000


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"测试部门{n}")
    level = Department.Level.DISTRICT
    kind = Department.Kind.GOVERNMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(role: str, unit, **user_kwargs):
    """A user with one membership: `member("community_staff", community)`."""
    user = UserFactory(**user_kwargs)
    field = {
        "community_staff": "community",
        "community_head": "community",
        "street_supervisor": "street",
        "district_admin": "district",
        "department_officer": "department",
    }[role]
    Membership.objects.create(user=user, role=role, **{field: unit})
    return user
