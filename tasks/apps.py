from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("下沉事项与准入")

    @property
    def nav_items(self):
        from organisation.navigation import COMMUNITY, DEPARTMENT, DISTRICT, EVERYONE, SUPERVISORS, NavItem

        group = _("准入与任务")
        return (
            NavItem(_("任务收件箱"), "tasks:inbox", COMMUNITY, order=10),
            NavItem(_("记工时"), "tasks:worklog_quick", COMMUNITY, order=10),  # top level: used daily
            NavItem(_("准入申请"), "tasks:request_list", DEPARTMENT + SUPERVISORS, order=10),
            NavItem(_("事项清单"), "tasks:catalog_list", EVERYONE, group=group, order=20),
            NavItem(_("清单版本"), "tasks:version_list", DISTRICT + DEPARTMENT, group=group, order=20),
            NavItem(_("下沉任务"), "tasks:assignment_list", SUPERVISORS + DEPARTMENT, group=group, order=20),
            NavItem(_("周工时录入"), "tasks:worklog_week", COMMUNITY, group=group, order=20),
            NavItem(_("工作日志"), "tasks:worklog_list", EVERYONE, group=group, order=20),
            NavItem(_("站内通知"), "tasks:notification_list", COMMUNITY + DEPARTMENT, group=group, order=20),
        )
