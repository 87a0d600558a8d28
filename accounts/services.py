"""Sign-in throttling: repeated failures for one user name or one address are refused for a
while, with a clear message. The cache holds the counters (PostgreSQL in production)."""

from django.conf import settings
from django.core.cache import cache

from communityops.ratelimit import counter_hit

# Per user name: 5 failures. Per address a larger allowance, since a whole street office may
# sit behind one NAT address.
USER_FAILURE_LIMIT = getattr(settings, "LOGIN_USER_FAILURE_LIMIT", 5)
ADDRESS_FAILURE_LIMIT = getattr(settings, "LOGIN_ADDRESS_FAILURE_LIMIT", 30)
FAILURE_WINDOW_SECONDS = getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)


def _keys(*, username: str, address: str) -> list[str]:
    return [f"login-fail:user:{username.lower()}", f"login-fail:addr:{address}"]


def login_is_throttled(*, username: str, address: str) -> bool:
    user_key, address_key = _keys(username=username, address=address)
    return (cache.get(user_key) or 0) >= USER_FAILURE_LIMIT or (
        cache.get(address_key) or 0
    ) >= ADDRESS_FAILURE_LIMIT


def login_failure_record(*, username: str, address: str) -> None:
    for key in _keys(username=username, address=address):
        counter_hit(key, FAILURE_WINDOW_SECONDS)


def login_failures_clear(*, username: str, address: str) -> None:
    cache.delete_many(_keys(username=username, address=address))


# --- 登录与越权审计: sign-ins, failed sign-ins and permission denials are audited ----------------
def _client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:64]


def login_success_record(*, user, request) -> None:
    """登录成功: who, from which address."""
    from audit.services import audit_record

    audit_record(actor=user, action="auth.login", target=user, after={"address": _client_address(request)})


def login_failure_audit(*, username: str, request) -> None:
    """登录失败: the user name tried (not the password) and the address."""
    from audit.services import audit_record

    audit_record(
        actor=None,
        action="auth.login_failed",
        after={"username": (username or "")[:150], "address": _client_address(request)},
    )


def logout_record(*, user, request) -> None:
    from audit.services import audit_record

    if user is not None and getattr(user, "pk", None):
        audit_record(
            actor=user, action="auth.logout", target=user, after={"address": _client_address(request)}
        )


def permission_denial_record(*, request) -> None:
    """越权访问被拒 (403): who, which path and method; never the query string."""
    from audit.services import audit_record

    user = getattr(request, "user", None)
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    audit_record(
        actor=actor,
        action="access.denied",
        after={"method": request.method, "path": request.path[:500], "address": _client_address(request)},
    )
