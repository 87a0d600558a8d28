"""Texts the tasks app writes into rows in Chinese and shows in the reader's language.

Automatic findings (自动审查), a blocked request's reason and 站内通知 are records: they keep the
Chinese they were written in (the webhook sends them as they are, exports and the audit trail
quote them). Each is written from one of the templates below — marked with gettext_noop, so
makemessages collects them — and shown through `stored_text`, which recognises the template a
text was made from and renders it again in the active language. Text made from no template (a
reviewer's own words, older rows) is shown as stored.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop

# 自动审查 findings
NEGATIVE_LIST_IN = gettext_noop("该事项属于《%(version)s》负面清单，不得交由社区承担，申请已被系统拦截。")
NEGATIVE_LIST = gettext_noop("该事项属于负面清单，不得交由社区承担，申请已被系统拦截。")
UNFUNDED = gettext_noop("行政管理事项未随事转移经费（费随事转）。")
ONE_VOTE_VETO = gettext_noop("申请设置了“一票否决”。")
NO_LEGAL_BASIS = gettext_noop("未填写法定依据。")
DUPLICATE = gettext_noop("与已准入的申请 %(codes)s 重复，目标社区有重叠。")
SHORT_NOTICE = gettext_noop("距完成期限仅 %(days)s 个工作日，少于应提前申请的 %(required)s 个工作日。")
DUPLICATE_FIELDS = gettext_noop("台账、报表要求的字段与现有台账、报表、平台重复：%(overlaps)s。")
FIELD_COLLECTED = gettext_noop("“%(field)s”（%(canonical)s）已由%(sources)s采集")
# 站内通知
NOTICE_DECIDED = gettext_noop("准入申请 %(code)s：%(decision)s")
NOTICE_BLOCKED = gettext_noop("准入申请 %(code)s 被系统拦截")
NOTICE_ASSIGNED = gettext_noop("新的下沉任务：%(title)s")
NOTICE_ASSIGNED_BODY = gettext_noop("%(department)s经准入（%(code)s）下达，完成期限 %(due)s。")
NOTICE_REVOKED = gettext_noop("准入已撤销：%(title)s")
NOTICE_REVOKED_BODY = gettext_noop(
    "%(department)s的准入申请 %(code)s 已被撤销，本社区未完成的该项任务已关闭：%(reason)s"
)
# The reason stored on a community's open assignment closed when its 准入 was revoked.
REVOKED_REASON = gettext_noop("准入已撤销")

TEMPLATES = (
    NEGATIVE_LIST_IN,
    NEGATIVE_LIST,
    UNFUNDED,
    ONE_VOTE_VETO,
    NO_LEGAL_BASIS,
    DUPLICATE,
    SHORT_NOTICE,
    DUPLICATE_FIELDS,
    FIELD_COLLECTED,
    NOTICE_DECIDED,
    NOTICE_BLOCKED,
    NOTICE_ASSIGNED,
    NOTICE_ASSIGNED_BODY,
    NOTICE_REVOKED,
    NOTICE_REVOKED_BODY,
    REVOKED_REASON,
)
# Joins inside a stored text (a list of overlaps, of departments); translated like any word.
LIST_SEPARATOR = gettext_noop("；")
NAME_SEPARATOR = gettext_noop("、")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@cache
def _patterns() -> list[tuple[str, re.Pattern]]:
    out = []
    for template in TEMPLATES:
        pieces = _PLACEHOLDER.split(template)  # literal, name, literal, name, ..., literal
        regex = "".join(
            re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>.+?)" for i, piece in enumerate(pieces)
        )
        out.append((template, re.compile(f"^{regex}$", re.S)))
    return out


def stored_text(text: str) -> str:
    """The stored Chinese `text` in the active language (as stored when made from no known
    template)."""
    if not text:
        return text
    for template, pattern in _patterns():
        match = pattern.match(text)
        if match:
            return gettext(template) % {
                name: _value(name, value) for name, value in match.groupdict().items()
            }
    return text


def _value(name: str, value: str) -> str:
    """A placeholder's value: words we wrote are translated, names and codes (data) are not."""
    if name == "decision":
        return gettext(value)
    if name == "overlaps":
        return gettext(LIST_SEPARATOR).join(stored_text(part) for part in value.split(LIST_SEPARATOR))
    if name == "sources":
        return gettext(NAME_SEPARATOR).join(value.split(NAME_SEPARATOR))
    return value
