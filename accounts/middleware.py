"""Every permission denial (HTTP 403: a page, an API call, a CSRF refusal) goes to the audit
trail, with who, which path and which method; the query string is left out (it may carry
personal data)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import permission_denial_record

LAST_ACTIVITY_KEY = "_last_activity"


class PermissionDenialAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            permission_denial_record(request=request)
        return response


class SessionIdleTimeoutMiddleware:
    """等保 idle timeout: a session unused for SESSION_IDLE_SECONDS is ended (signed out).

    The last activity is kept in the session and renewed at most once every
    SESSION_TOUCH_SECONDS, so a busy page does not write the session row on every request
    (SESSION_SAVE_EVERY_REQUEST would); renewing also slides the cookie's and the session
    row's expiry (SESSION_COOKIE_AGE = the idle timeout).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.contrib.auth import logout

        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            last = session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - int(last) > settings.SESSION_COOKIE_AGE:
                logout(request)  # flushes the session; the next page asks to sign in again
            elif last is None or now - int(last) >= settings.SESSION_TOUCH_SECONDS:
                session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)
