"""Navigation by role. Each app lists its menu entries in its AppConfig (`nav_items`), so a
new register adds itself without touching a shared file."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from .scoping import Scope

COMMUNITY = ("community_staff", "community_head")
STREET = ("street_supervisor",)
DISTRICT = ("district_admin",)
DEPARTMENT = ("department_officer",)
SUPERVISORS = STREET + DISTRICT
EVERYONE = COMMUNITY + STREET + DISTRICT + DEPARTMENT


@dataclass(frozen=True)
class NavItem:
    """One menu entry: a label, a URL name and the roles that see it; `group` makes a dropdown."""

    label: str
    url_name: str
    roles: tuple[str, ...] = EVERYONE
    group: str = ""
    order: int = 100


def nav_for(scope: Scope, current_path: str) -> list[dict]:
    """Menu entries visible to the scope, grouped, in order."""
    entries = [
        item
        for config in apps.get_app_configs()
        for item in getattr(config, "nav_items", ())
        if scope.everything or scope.role in item.roles
    ]
    entries.sort(key=lambda i: (i.order, str(i.label)))
    groups: dict[str, dict] = {}
    menu: list[dict] = []
    for item in entries:
        url = reverse(item.url_name)
        link = {"label": item.label, "url": url, "active": current_path.startswith(url)}
        if not item.group:
            menu.append(link)
            continue
        if item.group not in groups:
            groups[item.group] = {"label": item.group, "children": [], "active": False}
            menu.append(groups[item.group])
        groups[item.group]["children"].append(link)
        groups[item.group]["active"] |= link["active"]
    return menu
