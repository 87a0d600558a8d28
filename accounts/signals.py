"""Sign-in events and django-axes lockouts → the audit trail (connected in AccountsConfig.ready)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import lockout_record, login_failure_audit, login_success_record, logout_record


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender, request, user, **kwargs):
    import time

    from .middleware import LAST_ACTIVITY_KEY

    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())  # the idle clock starts now
    login_success_record(user=user, request=request)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    login_failure_audit(username=str(credentials.get("username", "")), request=request)


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    logout_record(user=user, request=request)


@receiver(user_locked_out, dispatch_uid="accounts.audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    lockout_record(username=username, request=request)
