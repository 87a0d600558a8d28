from .navigation import nav_for
from .scoping import scope_for


def membership(request) -> dict:
    """The user's scope and menu, for the base template."""
    if not hasattr(request, "user") or not request.user.is_authenticated:
        return {}
    scope = scope_for(request.user)
    return {"scope": scope, "nav": nav_for(scope, request.path)}
