from django.utils.translation import gettext_lazy as _

from communityops.views import Column, RegisterListView

from . import selectors
from .filtersets import CommunityFilterSet, DepartmentFilterSet


class CommunityListView(RegisterListView):
    title = _("社区")
    filterset_class = CommunityFilterSet
    selector = staticmethod(selectors.community_list)
    export_name = "communities"
    columns = (
        Column(_("编码"), "code"),
        Column(_("名称"), "name"),
        Column(_("街道"), "street.name"),
        Column(_("户数"), "households"),
        Column(_("人口"), "residents"),
        Column(_("工作人员"), "staff"),
        Column(_("社工"), "social_workers"),
        Column(_("年度工作经费(元)"), "annual_funds"),
    )


class DepartmentListView(RegisterListView):
    title = _("部门")
    filterset_class = DepartmentFilterSet
    selector = staticmethod(lambda *, user: selectors.department_list())
    export_name = "departments"
    columns = (
        Column(_("编码"), "code"),
        Column(_("名称"), "name"),
        Column(_("层级"), "level"),
        Column(_("类别"), "kind"),
    )
