"""Navigation by role. Each app lists its menu entries in its AppConfig (`nav_items`), so a
new register adds itself without touching a shared file."""

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

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


@dataclass(frozen=True)
class _Link:
    label: str
    url: str


@dataclass(frozen=True)
class _Group:
    label: str
    children: tuple[_Link, ...]


@lru_cache(maxsize=256)
def _menu(role: str, everything: bool, script_prefix: str, language: str) -> tuple[_Link | _Group, ...]:
    """The role's menu in one language: entries ordered, grouped, labels translated and URLs
    reversed, once per process (a request only marks the active entry)."""
    items = sorted(
        (
            (item.order, str(item.label), str(item.group), reverse(item.url_name))
            for config in apps.get_app_configs()
            for item in getattr(config, "nav_items", ())
            if everything or role in item.roles
        ),
        key=lambda entry: entry[0],  # stable: equal orders keep the apps' and nav_items' order
    )
    menu: list[_Link | list] = []
    groups: dict[str, list] = {}
    for _order, label, group, url in items:
        link = _Link(label, url)
        if not group:
            menu.append(link)
        elif group in groups:
            groups[group][1].append(link)
        else:
            groups[group] = [group, [link]]
            menu.append(groups[group])
    return tuple(entry if isinstance(entry, _Link) else _Group(entry[0], tuple(entry[1])) for entry in menu)


def nav_for(scope: Scope, current_path: str) -> list[dict]:
    """Menu entries visible to the scope, grouped, in order; the entry whose URL is the longest
    prefix of the current path is marked active, with its group."""
    menu = _menu(scope.role, scope.everything, get_script_prefix(), get_language())
    links = [c for e in menu for c in (e.children if isinstance(e, _Group) else (e,))]
    current = max((c.url for c in links if current_path.startswith(c.url)), key=len, default=None)
    nav = []
    for entry in menu:
        if isinstance(entry, _Link):
            nav.append({"label": entry.label, "url": entry.url, "active": entry.url == current})
            continue
        children = [{"label": c.label, "url": c.url, "active": c.url == current} for c in entry.children]
        nav.append({"label": entry.label, "children": children, "active": any(c["active"] for c in children)})
    return nav
