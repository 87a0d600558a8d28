"""Sensitive personal information (敏感个人信息): ID numbers and phone numbers at rest.

- Stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with the keys in
  settings.FIELD_ENCRYPTION_KEYS, newest first: new values use the first key, any key decrypts,
  and `manage.py rotate_field_keys` re-encrypts everything with the first one.
- Searched only through a keyed hash (HMAC-SHA256 with settings.FIELD_HASH_KEY), never by the
  value itself: the database holds no column a leaked dump could be grepped for.
- Shown masked everywhere. Seeing a value in full is a deliberate act (`personal_data_reveal`):
  only staff and the head of the community the record belongs to, with a reason, and the
  audit trail records who saw whose number, when and why.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from organisation.scoping import scope_for

from .services import audit_record

ID_NUMBER = "id_number"
PHONE = "phone"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set: personal data cannot be stored.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY holds a malformed Fernet key: {exc}") from None


def _keys() -> tuple[str, ...]:
    return tuple(k.strip() for k in settings.FIELD_ENCRYPTION_KEYS if k.strip())


def seal(value: str) -> str:
    """Encrypt one value with the newest key ("" stays "")."""
    if not value:
        return ""
    return _fernet(_keys()).encrypt(value.encode()).decode()


def unseal(token: str) -> str:
    """Decrypt a value sealed with any of the configured keys."""
    if not token:
        return ""
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored personal value does not decrypt with any FIELD_ENCRYPTION_KEY (a retired key?)."
        ) from None


def reseal(token: str) -> str:
    """The same value encrypted with the newest key (key rotation)."""
    if not token:
        return ""
    return _fernet(_keys()).rotate(token.encode()).decode()


def is_sealed_with_newest(token: str) -> bool:
    """True when `token` decrypts with the newest key alone (nothing left to rotate)."""
    try:
        Fernet(_keys()[0].encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def blind_index(value: str, *, kind: str) -> str:
    """The keyed hash a value is searched by (hex HMAC-SHA256; "" for "")."""
    if not value:
        return ""
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is not set: personal data cannot be searched.")
    return hmac.new(key.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """1101**********1234: the only form of an ID number pages, prints and the API show."""
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678 (mobile) / 010-****5678 (landline): the last four digits stay."""
    if not value:
        return ""
    keep_head = 3 if len(value) >= 11 else min(4, max(len(value) - 4, 0) // 2)
    hidden = max(len(value) - keep_head - 4, 0)
    return value[:keep_head] + "*" * hidden + value[-4:]


MASKERS = {ID_NUMBER: mask_id_number, PHONE: mask_phone}


def mask(value: str, *, kind: str) -> str:
    return MASKERS[kind](value)


def looks_masked(value: object) -> bool:
    return isinstance(value, str) and "*" in value


def reveal_allowed(user, *, community_id: int | None) -> bool:
    """Who may see a number in full: staff and the head of the record's own community."""
    scope = scope_for(user)
    return scope.is_community and community_id is not None and scope.community_id == community_id


def personal_data_reveal(
    *, by, target: models.Model, community_id: int | None, field: str, token: str, subject: str, reason: str
) -> str:
    """查看完整个人信息: decrypt one value for `by`, after the role check, and audit it.

    `subject` says whose value it is (masked, as the trail may be exported); `reason` is
    required. Raises ValidationError (`reason` / `non_field_errors`) otherwise.
    """
    reason = (reason or "").strip()
    if not reveal_allowed(by, community_id=community_id):
        raise ValidationError({"non_field_errors": _("只有本社区工作人员可以查看完整的个人信息。")})
    if not reason:
        raise ValidationError({"reason": _("请填写查看完整信息的理由。")})
    if not token:
        raise ValidationError({"non_field_errors": _("该记录没有可查看的个人信息。")})
    value = unseal(token)
    audit_record(
        actor=by,
        action="personal_data.reveal",
        target=target,
        after={"field": field, "subject": subject},
        reason=reason,
    )
    return value


# --- 个人信息最小化 in exports --------------------------------------------------------------------
# Personal fields stay out of an Excel export unless the user asks for them (`personal=1`, the
# "导出 Excel（包含个人信息）" button) and may have them (the staff of a community, whose rows they
# are); asking is written to the audit trail. Even then ID and phone numbers stay masked: a full
# number is only ever revealed one at a time, with a reason. Register pages use it through
# communityops.views.PersonalExportMixin.
PERSONAL_PARAM = "personal"
_LONG_NUMBER = re.compile(r"\d{6,}")
_NOT_FILTERS = {"export", PERSONAL_PARAM, "page"}


def personal_export_allowed(user) -> bool:
    """Who may take personal fields out of the portal: a community's own staff and head."""
    return scope_for(user).is_community


def _filters_for_audit(params: Mapping[str, str]) -> dict[str, str]:
    """The export's filters, with any long number masked (a search may hold an ID number)."""
    return {
        key: _LONG_NUMBER.sub(lambda m: "*" * len(m.group()), str(value))[:200]
        for key, value in params.items()
        if key not in _NOT_FILTERS and value not in (None, "")
    }


def personal_export_requested(*, user, params: Mapping[str, str], register: str) -> bool:
    """True when this export may include personal fields: asked for and allowed; audited then.

    Asked but not allowed → False (the minimised export), nothing recorded."""
    if params.get(PERSONAL_PARAM) != "1" or not personal_export_allowed(user):
        return False
    audit_record(
        actor=user,
        action="personal_data.export",
        after={"register": register, "filters": _filters_for_audit(params)},
    )
    return True
