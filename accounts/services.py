"""Sign-in throttling: repeated failures for one user name or one address are refused for a
while, with a clear message. The cache holds the counters (Redis in production)."""

from django.conf import settings
from django.core.cache import cache

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
        cache.add(key, 0, FAILURE_WINDOW_SECONDS)
        cache.incr(key)


def login_failures_clear(*, username: str, address: str) -> None:
    cache.delete_many(_keys(username=username, address=address))
