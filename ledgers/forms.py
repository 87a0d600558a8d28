"""Forms: thin, the rules live in the services (their ValidationErrors land on the fields)."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedForm, bootstrap_widgets
from organisation.models import Community, Department

from .models import ArchiveClass, CanonicalField, FieldType, LedgerType, ReportFrequency, Retention
from .validation import FieldSpec

REQUIRED_MARK = _("必填")
DEFINITIONS_HELP = _(
    "每行一个字段：名称｜类型｜必填｜选项。类型：文本、整数、小数、日期、选项、身份证号、电话；选项用“、”分隔。"
)


def _spellings() -> tuple[dict[str, str], set[str]]:
    """Every accepted spelling, case-folded: a field type by its value or its label in any UI
    language, and the "required" mark in any UI language (plus 是/yes). Built per call, so the
    text a page rendered in one language parses back in any other."""
    types = {value.casefold(): value for value in FieldType.values}
    required = {"是", "yes", "required"}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            types.update({str(label).casefold(): value for value, label in FieldType.choices})
            required.update({gettext("必填").casefold(), gettext("是").casefold()})
    return types, {r.casefold() for r in required}


def definitions_to_text(specs: list[FieldSpec]) -> str:
    """The fields as the page's text, in the active language (parse_definitions reads any)."""
    labels = dict(FieldType.choices)
    lines = []
    for spec in specs:
        parts = [
            spec.name,
            str(labels.get(spec.field_type, spec.field_type)),
            str(REQUIRED_MARK) if spec.required else "",
        ]
        if spec.choices:
            parts.append("、".join(spec.choices))
        lines.append("｜".join(parts).rstrip("｜"))
    return "\n".join(lines)


def parse_definitions(text: str) -> list[dict]:
    """Lines of 名称｜类型｜必填｜选项 → definitions; an unknown type is passed on as typed, for
    the service to refuse on the field."""
    types, required = _spellings()
    definitions = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
        if not parts[0]:
            continue
        type_label = parts[1] if len(parts) > 1 and parts[1] else FieldType.TEXT
        definitions.append(
            {
                "name": parts[0],
                "field_type": types.get(type_label.casefold(), type_label),
                "required": len(parts) > 2 and parts[2].casefold() in required,
                "choices": parts[3] if len(parts) > 3 else [],
            }
        )
    return definitions


class CatalogForm(ScopedForm):
    code = forms.CharField(label=_("编码"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=200)
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.all())
    fields_text = forms.CharField(
        label=_("字段"), widget=forms.Textarea(attrs={"rows": 8}), required=False, help_text=DEFINITIONS_HELP
    )

    # service error keys → form fields
    error_map = {"fields": "fields_text"}

    def definitions(self) -> list[dict]:
        return parse_definitions(self.cleaned_data.get("fields_text", ""))


class LedgerTypeForm(CatalogForm):
    retention = forms.ChoiceField(
        label=_("保管期限"), choices=[("", "—"), *Retention.choices], required=False
    )
    archive_class = forms.ChoiceField(
        label=_("档案类别"), choices=ArchiveClass.choices, initial=ArchiveClass.BUSINESS
    )
    field_order = ["code", "name", "department", "retention", "archive_class", "fields_text"]


class ReportFormForm(CatalogForm):
    frequency = forms.ChoiceField(
        label=_("频次"), choices=[("", "—"), *ReportFrequency.choices], required=False
    )
    field_order = ["code", "name", "department", "frequency", "fields_text"]


class CancelForm(ScopedForm):
    reason = forms.CharField(label=_("取消理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class LedgerBookForm(ScopedForm):
    ledger_type = forms.ModelChoiceField(
        label=_("台账类型"), queryset=LedgerType.objects.filter(status="active")
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    books = forms.IntegerField(label=_("本数"), min_value=1, initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class RegisterForm(ScopedForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    document_number = forms.CharField(label=_("备案文号"), required=False)


class SendForm(ScopedForm):
    communities = forms.ModelMultipleChoiceField(
        label=_("社区"), queryset=Community.objects.all(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    period = forms.CharField(label=_("报告期"), help_text=_("如 2025-03（月）、2025-Q1（季）、2025（年）"))
    due_date = forms.DateField(label=_("截止日期"), widget=forms.DateInput)


class ReturnForm(ScopedForm):
    reason = forms.CharField(label=_("退回理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ValueRevealForm(ScopedForm):
    """查看完整信息: which ID-number/phone field, and why (both go to the audit trail)."""

    field = forms.ChoiceField(label=_("查看字段"), required=False)
    reason = forms.CharField(
        label=_("查看理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("查看将记入审计日志（查看人、时间、理由）。"),
    )

    def __init__(self, *args, fields: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(name, name) for name in fields]


class ImportForm(ScopedForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class CanonicalFieldForm(ScopedForm):
    name = forms.CharField(label=_("标准名称"), max_length=100)
    field_type = forms.ChoiceField(label=_("类型"), choices=FieldType.choices)
    synonyms = forms.CharField(label=_("同义词"), required=False, help_text=_("用“、”分隔"))
    profile_source = forms.ChoiceField(
        label=_("社区概况来源"), choices=CanonicalField.ProfileSource.choices, required=False
    )
    minutes_per_entry = forms.DecimalField(
        label=_("每次录入分钟"), min_value=0, max_digits=6, decimal_places=2, initial=1
    )


class MappingConfirmForm(ScopedForm):
    canonical = forms.ModelChoiceField(
        label=_("标准字段"),
        queryset=CanonicalField.objects.all(),
        required=False,
        empty_label=_("（不对照）"),
    )


def values_form(
    specs: list[FieldSpec], *, data=None, initial=None, with_date: bool = False, prefilled=()
) -> forms.Form:
    """A form of one row of typed values (a ledger entry or a report submission)."""
    form = forms.Form(data=data, initial=initial)
    if with_date:
        form.fields["entry_date"] = forms.DateField(
            label=_("登记日期"), required=False, widget=forms.DateInput
        )
    for index, spec in enumerate(specs):
        key = f"f{index}"
        help_text = _("已自动填入，可修改") if spec.name in prefilled else ""
        if spec.field_type == FieldType.CHOICE:
            field = forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in spec.choices]])
        elif spec.field_type == FieldType.DATE:
            field = forms.CharField(widget=forms.DateInput)
        else:
            field = forms.CharField()
        field.label, field.required, field.help_text = spec.name, spec.required, help_text
        field.spec_name = spec.name
        form.fields[key] = field
    bootstrap_widgets(form.fields)
    return form


def values_from(form: forms.Form) -> dict:
    return {f.spec_name: form.data.get(key, "") for key, f in form.fields.items() if hasattr(f, "spec_name")}


def initial_from(specs: list[FieldSpec], values: dict) -> dict:
    initial = {}
    for index, spec in enumerate(specs):
        value = values.get(spec.name)
        if value is not None:
            initial[f"f{index}"] = value.isoformat() if isinstance(value, datetime.date) else value
    return initial


def add_service_errors(form: forms.Form, error, key_map: dict | None = None) -> None:
    """Put a service ValidationError's messages on the form's fields (by name or by spec name)."""
    by_spec = {getattr(f, "spec_name", None): k for k, f in form.fields.items()}
    for key, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
        target = (key_map or {}).get(key) or by_spec.get(key) or (key if key in form.fields else None)
        for message in messages:
            form.add_error(target, message)
