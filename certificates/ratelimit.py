"""Rate limit for the public verification (a cache counter per client address).

CERTIFICATE_VERIFY_RATE (settings, optional): lookups allowed per address per minute; 30 when
unset. Residents scan one code at a time; guessing codes needs thousands of lookups.
"""

from django.conf import settings

from communityops.ratelimit import counter_hit

WINDOW_SECONDS = 60


def verify_rate_exceeded(request) -> bool:
    """Count this lookup against the caller's address; True once over the limit."""
    limit = getattr(settings, "CERTIFICATE_VERIFY_RATE", 30)
    address = request.META.get("REMOTE_ADDR", "unknown")
    return counter_hit(f"certificates:verify:{address}", WINDOW_SECONDS) > limit
