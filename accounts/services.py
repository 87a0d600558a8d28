"""Accounts' writes: the audit of sign-ins, lockouts and permission denials, and the end of a
forced password change. Lockout itself is django-axes' (settings AXES_*)."""


# --- 登录与越权审计: sign-ins, failed sign-ins and permission denials are audited ----------------
def _client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:64]


def login_success_record(*, user, request) -> None:
    """登录成功: who, from which address."""
    from audit.services import audit_record

    audit_record(actor=user, action="auth.login", target=user, after={"address": _client_address(request)})


def login_failure_audit(*, username: str, request) -> None:
    """登录失败: the user name tried (not the password) and the address."""
    from audit.services import audit_district_for_username, audit_record

    username = (username or "")[:150]
    audit_record(
        actor=None,
        action="auth.login_failed",
        after={"username": username, "address": _client_address(request)},
        district=audit_district_for_username(username),  # the named user's district's trail
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


def lockout_record(*, username: str, request) -> None:
    """登录锁定: django-axes locked a user name or address out after repeated failures."""
    from audit.services import audit_district_for_username, audit_record

    username = (username or "")[:150]
    audit_record(
        actor=None,
        action="auth.locked_out",
        after={"username": username, "address": _client_address(request)},
        district=audit_district_for_username(username),  # the named user's district's trail
    )


def user_password_changed(*, user, request) -> None:
    """修改密码: the user chose a new password; a forced change (初始/演示密码) is over."""
    from audit.services import audit_record

    if user.password_change_required:
        user.password_change_required = False
        user.save(update_fields=["password_change_required"])
    audit_record(
        actor=user, action="auth.password_changed", target=user, after={"address": _client_address(request)}
    )
