"""Navigation by role. Each app lists its menu entries in its AppConfig (`nav_items`), so a
new register adds itself without touching a shared file."""

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.urls import get_script_prefix, reverse

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


@lru_cache(maxsize=64)
def _entries(role: str, everything: bool, script_prefix: str) -> tuple[tuple[NavItem, str], ...]:
    """The role's menu entries with their URLs, resolved once per process (labels stay lazy, so
    each request still reads them, and orders them, in its own language)."""
    entries = [
        item
        for config in apps.get_app_configs()
        for item in getattr(config, "nav_items", ())
        if everything or role in item.roles
    ]
    return tuple((item, reverse(item.url_name)) for item in entries)


def nav_for(scope: Scope, current_path: str) -> list[dict]:
    """Menu entries visible to the scope, grouped, in order."""
    groups: dict[str, dict] = {}
    menu: list[dict] = []
    entries = sorted(
        _entries(scope.role, scope.everything, get_script_prefix()),
        key=lambda e: (e[0].order, str(e[0].label)),
    )
    for item, url in entries:
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
