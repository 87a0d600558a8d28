"""The organisation: district → street office → community → grid, departments, and who
belongs where (memberships). Every burden record hangs off a community and a department."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scoping import Scope, ScopedQuerySet


class District(models.Model):
    """区: the top of the hierarchy; its burden-reduction office (减负办) runs the catalogs."""

    name = models.CharField(_("名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = _("区")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StreetQuerySet(ScopedQuerySet):
    def visibility_q(self, scope: Scope) -> Q:
        if scope.community_id:
            return Q(communities=scope.community_id)
        if scope.street_id:
            return Q(pk=scope.street_id)
        if scope.district_id:
            return Q(district=scope.district_id)
        return Q()  # department officers see the street names they may target


class Street(models.Model):
    """街道办事处: a street office and the communities it supervises."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("所属区")
    )

    objects = StreetQuerySet.as_manager()

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = _("街道")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CommunityQuerySet(ScopedQuerySet):
    def visibility_q(self, scope: Scope) -> Q:
        if scope.community_id:
            return Q(pk=scope.community_id)
        if scope.street_id:
            return Q(street=scope.street_id)
        if scope.district_id:
            return Q(street__district=scope.district_id)
        return Q()  # department officers choose target communities by name


class Community(models.Model):
    """社区 (社区居委会): the self-governing residents' committee that receives the burden."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("所属街道")
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    residents = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    staff = models.PositiveIntegerField(_("工作人员数"), default=0)
    social_workers = models.PositiveIntegerField(_("社工数"), default=0)
    annual_funds = models.DecimalField(
        _("年度工作经费(元)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    """网格: 10–20 buildings inside a community, usually served by two grid workers."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="grids", verbose_name=_("社区")
    )
    name = models.CharField(_("名称"), max_length=100)
    buildings = models.PositiveIntegerField(_("楼栋数"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_community = "community"

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="grid_unique_name")]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """职能部门 (or any unit that pushes work down: banks, insurers, institutions)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        DISTRICT = "district", _("区")
        STREET = "street", _("街道")

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府部门")
        INSTITUTION = "institution", _("事业单位")
        ENTERPRISE = "enterprise", _("企业")
        BANK = "bank", _("银行")
        INSURER = "insurer", _("保险")
        OTHER = "other", _("其他")

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, blank=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Ties a user to one organisation unit in one role; all scoping starts here."""

    class Role(models.TextChoices):
        COMMUNITY_STAFF = "community_staff", _("社区工作者")
        COMMUNITY_HEAD = "community_head", _("社区书记/主任")
        STREET_SUPERVISOR = "street_supervisor", _("街道主管")
        DISTRICT_ADMIN = "district_admin", _("区减负办")
        DEPARTMENT_OFFICER = "department_officer", _("职能部门经办人")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("区")
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("街道")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("社区")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("部门")
    )

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        constraints = [
            models.CheckConstraint(
                name="membership_unit_matches_role",
                condition=(
                    Q(role__in=["community_staff", "community_head"], community__isnull=False)
                    | Q(role="street_supervisor", street__isnull=False)
                    | Q(role="district_admin", district__isnull=False)
                    | Q(role="department_officer", department__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    @property
    def unit(self) -> models.Model | None:
        return {
            self.Role.COMMUNITY_STAFF: self.community,
            self.Role.COMMUNITY_HEAD: self.community,
            self.Role.STREET_SUPERVISOR: self.street,
            self.Role.DISTRICT_ADMIN: self.district,
            self.Role.DEPARTMENT_OFFICER: self.department,
        }[self.role]


def new_row_id() -> str:
    """The row key the workbook export writes in `row_id`; re-imports match on it."""
    return uuid.uuid4().hex


class CommunityRecord(models.Model):
    """Base of every raw burden record: it belongs to exactly one community.

    `count` lets one row stand for several identical records (workbook contract); figures
    always sum it. `row_id` makes workbook re-imports idempotent.
    """

    row_id = models.CharField(_("行键"), max_length=64, unique=True, default=new_row_id, editable=False)
    community = models.ForeignKey(Community, on_delete=models.PROTECT, verbose_name=_("社区"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_community = "community"

    class Meta:
        abstract = True
