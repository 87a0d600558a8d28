"""Texts the tasks app writes into rows in Chinese and shows in the reader's language.

Automatic findings (自动审查), a blocked request's reason, 站内通知 and the reason on an
assignment closed by a revocation are records: they keep the Chinese they were written in (the
webhook sends them as they are, exports and the audit trail quote them). Beside the Chinese
(`field`) a row stores the template it was made from and its parameters (`field_key`,
`field_params`), so a page renders it again in the active language without guessing; a row
without a key (a reviewer's own words) is shown as stored.

A parameter is stored as JSON:
- a string or a number: data (a name, a code, a date), never translated;
- `{"word": msgid}`: a word we wrote (a decision label), translated;
- `{"text": key, "params": {...}}`: a text made from another template (a finding's part);
- `{"join": separator msgid, "items": [...]}`: parameters joined by a separator we wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_noop

# 自动审查 findings
NEGATIVE_LIST_IN = gettext_noop("该事项属于《%(version)s》负面清单，不得交由社区承担，申请已被系统拦截。")
NEGATIVE_LIST = gettext_noop("该事项属于负面清单，不得交由社区承担，申请已被系统拦截。")
UNFUNDED = gettext_noop("行政管理事项未随事转移经费（费随事转）。")
ONE_VOTE_VETO = gettext_noop("申请设置了“一票否决”。")
NO_LEGAL_BASIS = gettext_noop("未填写法定依据。")
DUPLICATE = gettext_noop("与已准入的申请 %(codes)s 重复，目标社区有重叠。")
REQUEST_OF = gettext_noop("%(code)s（%(department)s）")
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

# The keys rows store. Never rename one: rows keep it (a row with an unknown key shows as stored).
TEMPLATES: dict[str, str] = {
    "negative_list_in": NEGATIVE_LIST_IN,
    "negative_list": NEGATIVE_LIST,
    "unfunded": UNFUNDED,
    "one_vote_veto": ONE_VOTE_VETO,
    "no_legal_basis": NO_LEGAL_BASIS,
    "duplicate": DUPLICATE,
    "request_of": REQUEST_OF,
    "short_notice": SHORT_NOTICE,
    "duplicate_fields": DUPLICATE_FIELDS,
    "field_collected": FIELD_COLLECTED,
    "notice_decided": NOTICE_DECIDED,
    "notice_blocked": NOTICE_BLOCKED,
    "notice_assigned": NOTICE_ASSIGNED,
    "notice_assigned_body": NOTICE_ASSIGNED_BODY,
    "notice_revoked": NOTICE_REVOKED,
    "notice_revoked_body": NOTICE_REVOKED_BODY,
    "revoked_reason": REVOKED_REASON,
}
# Joins inside a stored text (a list of overlaps, of departments); translated like any word.
LIST_SEPARATOR = gettext_noop("；")
NAME_SEPARATOR = gettext_noop("、")


def _as_written(msgid: str) -> str:
    return msgid


@dataclass(frozen=True)
class Text:
    """One text made from a template: its key and its parameters (JSON, see the module doc)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in TEMPLATES:
            raise KeyError(self.key)

    @property
    def chinese(self) -> str:
        """The text as stored: the Chinese templates and words, whatever the active language."""
        return render(self.key, self.params, translate=_as_written)

    def __str__(self) -> str:
        return render(self.key, self.params)

    def as_param(self) -> dict[str, Any]:
        return {"text": self.key, "params": self.params}

    def columns(self, name: str) -> dict[str, Any]:
        """The model columns that store this text in field `name`: the Chinese, key and params."""
        return {name: self.chinese, f"{name}_key": self.key, f"{name}_params": self.params}


def word(msgid: str) -> dict[str, str]:
    """A parameter that is a word we wrote (marked with gettext_noop): translated when shown."""
    return {"word": msgid}


def joined(separator: str, items: Iterable[Any]) -> dict[str, Any]:
    """A parameter of several values joined by `separator` (LIST_SEPARATOR or NAME_SEPARATOR)."""
    return {"join": separator, "items": list(items)}


def render(key: str, params: dict[str, Any], *, translate: Callable[[str], str] = gettext) -> str:
    """The text `key` with `params`, in the active language (or as written, with `_as_written`)."""
    return translate(TEMPLATES[key]) % {name: _value(value, translate) for name, value in params.items()}


def _value(value: Any, translate: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        if "word" in value:
            return translate(value["word"])
        if "text" in value:
            return render(value["text"], value.get("params") or {}, translate=translate)
        if "join" in value:
            return translate(value["join"]).join(str(_value(v, translate)) for v in value["items"])
    return value


def shown(stored: str, key: str, params: dict[str, Any] | None) -> str:
    """A stored text as a page shows it: rendered from its key in the active language, or as
    stored when it has none (a reviewer's own words; a row from before keys, matching no template)."""
    if key in TEMPLATES:
        return render(key, params or {})
    return stored
