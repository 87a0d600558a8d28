"""Windowed counters in the cache, for throttling (sign-in failures, public verification)."""

from django.core.cache import cache


def counter_hit(key: str, window_seconds: int) -> int:
    """Count one more event under `key` in a window that starts with the first; the new count."""
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: this event opens a new one
        cache.add(key, 1, window_seconds)
        return 1
