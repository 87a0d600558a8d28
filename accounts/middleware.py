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


class PasswordChangeRequiredMiddleware:
    """An account flagged `password_change_required` (a seeded demo login, an initial password
    set by an administrator) reaches nothing but the password change, sign-out and language
    switch until it has chosen its own password. Off in the demo
    (settings PASSWORD_CHANGE_REQUIRED_ENFORCED)."""

    ALLOWED_URL_NAMES = ("accounts:password_change", "accounts:logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.http import JsonResponse
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.translation import gettext as _

        user = getattr(request, "user", None)
        if (
            settings.PASSWORD_CHANGE_REQUIRED_ENFORCED
            and user is not None
            and user.is_authenticated
            and user.password_change_required
            and request.path not in self._allowed_paths()
            and not request.path.startswith(settings.STATIC_URL)
        ):
            if request.path.startswith("/api/"):
                message = _("请先修改初始密码再使用平台。")
                return JsonResponse({"detail": message, "code": "password_change_required"}, status=403)
            return redirect(f"{reverse('accounts:password_change')}?required=1")
        return self.get_response(request)

    def _allowed_paths(self) -> set[str]:
        from django.urls import reverse

        return {reverse(name) for name in self.ALLOWED_URL_NAMES}
