from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("检查考核与登记")

    @property
    def nav_items(self):
        from organisation.navigation import COMMUNITY, EVERYONE, SUPERVISORS, NavItem

        checks, registers = _("检查考核"), _("登记")
        return (
            NavItem(_("检查考核"), "inspections:inspection_list", group=checks, order=31),
            NavItem(_("检查日历"), "inspections:calendar", group=checks, order=32),
            NavItem(_("合并检查"), "inspections:merge_list", group=checks, order=33),
            NavItem(_("责任书"), "inspections:pledge_list", group=checks, order=34),
            NavItem(_("检查事项目录"), "inspections:topic_list", group=checks, order=35),
            NavItem(_("会议"), "inspections:meeting_list", group=registers, order=36),
            NavItem(_("临时任务、摊派"), "inspections:temporary_task_list", group=registers, order=37),
            NavItem(_("挂牌和机构"), "inspections:signboard_list", group=registers, order=38),
            NavItem(_("信息平台"), "inspections:platform_list", group=registers, order=39),
            NavItem(_("平台使用"), "inspections:platform_usage_list", group=registers, order=40),
            NavItem(_("信息报送"), "inspections:emergency_report_list", group=registers, order=41),
            NavItem(
                _("民主评议"), "inspections:rating_list", COMMUNITY + SUPERVISORS, group=registers, order=42
            ),
            NavItem(_("民主评议结果"), "inspections:rating_summary", EVERYONE, group=registers, order=43),
        )
