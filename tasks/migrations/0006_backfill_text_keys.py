"""Fill the template key and parameters of texts stored before rows kept them (0005).

Until then a page recognised which template a stored Chinese text came from by matching it
against regular expressions built from the templates. That recognizer lives on here only, run
once over the old rows: a text it recognises gets its key and parameters; one it does not (a
reviewer's own words) keeps an empty key and is shown as stored. A column is only read where the
system wrote it (a reviewer's reason on a decided request is never mistaken for a template), and
a match is kept only when its key and parameters give back the stored text byte for byte.
"""

import re

from django.db import migrations

# The templates as they stood when these rows were written (frozen: tasks/texts.py may change).
LEGACY_TEMPLATES = {
    "negative_list_in": "该事项属于《%(version)s》负面清单，不得交由社区承担，申请已被系统拦截。",
    "negative_list": "该事项属于负面清单，不得交由社区承担，申请已被系统拦截。",
    "unfunded": "行政管理事项未随事转移经费（费随事转）。",
    "one_vote_veto": "申请设置了“一票否决”。",
    "no_legal_basis": "未填写法定依据。",
    "duplicate": "与已准入的申请 %(codes)s 重复，目标社区有重叠。",
    "short_notice": "距完成期限仅 %(days)s 个工作日，少于应提前申请的 %(required)s 个工作日。",
    "duplicate_fields": "台账、报表要求的字段与现有台账、报表、平台重复：%(overlaps)s。",
    "field_collected": "“%(field)s”（%(canonical)s）已由%(sources)s采集",
    "notice_decided": "准入申请 %(code)s：%(decision)s",
    "notice_blocked": "准入申请 %(code)s 被系统拦截",
    "notice_assigned": "新的下沉任务：%(title)s",
    "notice_assigned_body": "%(department)s经准入（%(code)s）下达，完成期限 %(due)s。",
    "notice_revoked": "准入已撤销：%(title)s",
    "notice_revoked_body": "%(department)s的准入申请 %(code)s 已被撤销，本社区未完成的该项任务已关闭：%(reason)s",
    "revoked_reason": "准入已撤销",
    "request_of": "%(code)s（%(department)s）",  # one of DUPLICATE's codes
}
LIST_SEPARATOR = "；"
NAME_SEPARATOR = "、"
FINDINGS = (
    "negative_list_in",
    "negative_list",
    "unfunded",
    "one_vote_veto",
    "no_legal_basis",
    "duplicate",
    "short_notice",
    "duplicate_fields",
)
TITLES = ("notice_decided", "notice_blocked", "notice_assigned", "notice_revoked")
BODIES = (*FINDINGS, "notice_assigned_body", "notice_revoked_body")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(key: str) -> re.Pattern:
    pieces = _PLACEHOLDER.split(LEGACY_TEMPLATES[key])  # literal, name, literal, ..., literal
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces))
    return re.compile(f"^{regex}$", re.S)


PATTERNS = {key: _pattern(key) for key in LEGACY_TEMPLATES}


def legacy_text_of(stored: str, keys: tuple[str, ...]) -> tuple[str, dict] | None:
    """The legacy recognizer: (key, params) of the first of `keys` whose template made `stored`,
    with its words, lists and nested parts as structures (tasks/texts.py); None when none did."""
    for key in keys:
        match = PATTERNS[key].match(stored or "")
        if match:
            return key, {name: _param(name, value) for name, value in match.groupdict().items()}
    return None


def _param(name: str, value: str):
    if name == "decision":
        return {"word": value}
    if name == "overlaps":
        parts = [legacy_text_of(part, ("field_collected",)) for part in value.split(LIST_SEPARATOR)]
        items = [
            {"text": p[0], "params": p[1]} if p else part
            for p, part in zip(parts, value.split(LIST_SEPARATOR), strict=True)
        ]
        return {"join": LIST_SEPARATOR, "items": items}
    if name == "sources":
        return {"join": NAME_SEPARATOR, "items": value.split(NAME_SEPARATOR)}
    if name == "codes":
        parts = [legacy_text_of(part, ("request_of",)) for part in value.split(NAME_SEPARATOR)]
        if all(parts):  # else a department's name held a separator: the codes stay one piece of data
            return {"join": NAME_SEPARATOR, "items": [{"text": k, "params": p} for k, p in parts]}
    return value


def _exact(stored: str, keys: tuple[str, ...]) -> tuple[str, dict] | None:
    """legacy_text_of, kept only when the key and parameters write `stored` again unchanged."""
    from tasks import texts

    found = legacy_text_of(stored, keys)
    if found and found[0] in texts.TEMPLATES and texts.Text(*found).chinese == stored:
        return found
    return None


def _fill(queryset, field: str, keys, batch: int = 500) -> int:
    """Fill `field`_key/_params of the rows of `queryset` whose `field` a template of `keys` made."""
    changed, filled = [], 0
    for row in queryset.filter(**{f"{field}_key": ""}).exclude(**{field: ""}).iterator(chunk_size=batch):
        found = _exact(getattr(row, field), keys(row) if callable(keys) else keys)
        if found:
            setattr(row, f"{field}_key", found[0])
            setattr(row, f"{field}_params", found[1])
            changed.append(row)
        if len(changed) >= batch:
            filled += len(changed)
            queryset.model.objects.bulk_update(changed, [f"{field}_key", f"{field}_params"])
            changed = []
    if changed:
        filled += len(changed)
        queryset.model.objects.bulk_update(changed, [f"{field}_key", f"{field}_params"])
    return filled


def backfill_text_keys(apps, schema_editor=None) -> dict[str, int]:
    """Fill the keys of the old rows; returns how many texts of each kind were recognised."""
    model = apps.get_model
    Notification = model("tasks", "Notification")
    counts = {
        "finding": _fill(model("tasks", "Finding").objects.all(), "message", FINDINGS),
        "request": _fill(model("tasks", "AccessRequest").objects.filter(status="blocked"), "decision_reason", FINDINGS),
        "event": _fill(model("tasks", "RequestEvent").objects.filter(action="submit"), "reason", FINDINGS),
        # Only the system closes an approved assignment (a community refuses unapproved work only).
        "assignment": _fill(
            model("tasks", "TaskAssignment").objects.filter(refused=True, approved=True),
            "refused_reason",
            ("revoked_reason",),
        ),
        "notification_title": _fill(Notification.objects.all(), "title", TITLES),
    }
    # A decision's notice carries the reviewer's reason as its body: that stays as written.
    counts["notification_body"] = _fill(
        Notification.objects.exclude(title_key="notice_decided"), "body", BODIES
    )
    return counts


def _forwards(apps, schema_editor) -> None:
    backfill_text_keys(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0005_text_keys"),
    ]

    operations = [
        migrations.RunPython(_forwards, migrations.RunPython.noop, elidable=True),
    ]
