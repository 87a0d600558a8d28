"""Forms of the tasks app. They only collect input; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedForm, ScopedModelForm
from organisation.models import Department

from .models import AccessRequest, TaskItem, WorkCategory
from .services import MAX_PEOPLE_PER_LINE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class TaskItemForm(ScopedModelForm):
    class Meta:
        model = TaskItem
        fields = [
            "code",
            "name",
            "department",
            "list_class",
            "nature",
            "legal_basis",
            "funds_per_year",
            "hours_per_occurrence",
            "active",
            "note",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class CatalogVersionForm(ScopedForm):
    name = forms.CharField(
        label=_("版本名称"),
        max_length=100,
        initial=lambda: _("%(year)s年版") % {"year": timezone.localdate().year},
    )
    valid_from = forms.DateField(label=_("生效日期"), initial=timezone.localdate, widget=forms.DateInput)
    valid_until = forms.DateField(label=_("失效日期"), required=False, widget=forms.DateInput)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AccessRequestForm(ScopedModelForm):
    """准入申请表: one page in sections (基本信息, 实施范围, 费随事转, 带来的负担, 附件)."""

    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("PDF、Word、Excel、OFD、图片或文本，每个不超过 10 MB；可多选。"),
    )

    SECTIONS = (
        (_("一、事项基本信息"), ("task_item", "title", "list_class", "nature", "legal_basis")),
        (
            _("二、实施范围与频次"),
            (
                "target_mode",
                "target_streets",
                "target_communities",
                "frequency",
                "deadline",
                "hours_per_community",
            ),
        ),
        (_("三、费随事转、权随责走"), ("funds_transferred", "authority_delegated")),
        (
            _("四、随之下沉的台账、报表、证明、检查与挂牌"),
            (
                "ledgers",
                "report_forms",
                "demanded_fields",
                "certificates",
                "inspections",
                "signboards",
                "one_vote_veto",
            ),
        ),
        (_("五、附件与说明"), ("attachments", "note")),
    )

    class Meta:
        model = AccessRequest
        fields = [
            "task_item",
            "title",
            "list_class",
            "nature",
            "legal_basis",
            "target_mode",
            "target_streets",
            "target_communities",
            "frequency",
            "deadline",
            "hours_per_community",
            "funds_transferred",
            "authority_delegated",
            "ledgers",
            "report_forms",
            "demanded_fields",
            "certificates",
            "inspections",
            "signboards",
            "one_vote_veto",
            "note",
        ]
        widgets = {
            "target_mode": forms.RadioSelect,
            "target_streets": forms.CheckboxSelectMultiple,
            "target_communities": forms.CheckboxSelectMultiple,
            "deadline": forms.DateInput,
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "authority_delegated": forms.Textarea(attrs={"rows": 2}),
            "ledgers": forms.Textarea(attrs={"rows": 2}),
            "report_forms": forms.Textarea(attrs={"rows": 2}),
            "demanded_fields": forms.Textarea(attrs={"rows": 2}),
            "certificates": forms.Textarea(attrs={"rows": 2}),
            "inspections": forms.Textarea(attrs={"rows": 2}),
            "signboards": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "task_item": _("从事项清单中选择；清单中没有的新事项可留空，直接填写事项名称。"),
            "demanded_fields": _(
                "台账、报表要求填报的字段名，用顿号或逗号分隔，如：姓名、身份证号、联系电话。"
            ),
            "deadline": _("应提前 30 个工作日申请；区减负办在 15 个工作日内作出决定。"),
            "funds_transferred": _("行政管理事项须随事转移经费（元）。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Chained onto the querysets ScopedModelForm already limited to the user.
        fields = self.fields
        fields["task_item"].queryset = (
            fields["task_item"].queryset.filter(active=True).select_related("department")
        )
        fields["task_item"].required = False
        fields["target_streets"].queryset = fields["target_streets"].queryset.order_by("code")
        fields["target_communities"].queryset = (
            fields["target_communities"].queryset.select_related("street").order_by("code")
        )
        self.fields["target_communities"].label_from_instance = lambda c: f"{c.name}（{c.street.name}）"
        self.fields["title"].required = False
        for name in ("target_mode", "target_streets", "target_communities"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        # 按街道 / 指定社区 list their streets / communities only for that choice (static/js/app.js).
        fields["target_streets"].show_if = "target_mode=street"
        fields["target_communities"].show_if = "target_mode=chosen"

    def clean(self):
        """Everything wrong in one pass: no item and no name next to the fields' own required
        errors, and, on 提交审核 when the form fails anyway, no community in the chosen scope.
        (A form that is otherwise valid is saved as a draft and the submit check of the service
        reports the scope with its other submit-time problems, the draft kept.)"""
        cleaned = super().clean()
        no_item = not cleaned.get("task_item") and "task_item" not in self.errors
        if no_item and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("请填写事项名称或选择清单事项。"))
        if self.errors and self.data.get("intent") == "submit":
            mode = cleaned.get("target_mode")
            if mode == "chosen" and not cleaned.get("target_communities"):
                self.add_error("target_communities", _("请选择实施范围内的社区。"))
            elif mode == "street" and not cleaned.get("target_streets"):
                self.add_error("target_streets", _("请选择实施范围内的社区。"))
        return cleaned

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


class DecisionForm(ScopedForm):
    action = forms.ChoiceField(
        label=_("审核决定"),
        choices=(
            ("", _("请选择")),
            ("approve", _("准予准入")),
            ("reject", _("不予准入")),
            ("return", _("退回修改")),
            ("revoke", _("撤销准入")),
        ),
    )
    reason = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(ScopedForm):
    reason = forms.CharField(
        label=_("拒绝理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：未经准入、属于负面清单、未随事转费。"),
    )


class UnapprovedAssignmentForm(ScopedForm):
    task_item = forms.ModelChoiceField(
        label=_("事项"), queryset=TaskItem.objects.filter(active=True).select_related("department")
    )
    assigned_on = forms.DateField(label=_("下达日期"), initial=timezone.localdate, widget=forms.DateInput)
    due_on = forms.DateField(label=_("完成期限"), required=False, widget=forms.DateInput)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task_item"].label_from_instance = lambda i: f"{i.department.name} · {i.name}"


UNAPPROVED = "u"


class WorkLogForm(ScopedForm):
    """快速记工时: date, assignment or 未经准入 with the sending department, hours, people, note."""

    date = forms.DateField(label=_("日期"), initial=timezone.localdate, widget=forms.DateInput)
    line = forms.ChoiceField(label=_("事项"))
    department = forms.ModelChoiceField(
        label=_("派出部门"), queryset=Department.objects.all(), required=False
    )
    category = forms.ChoiceField(
        label=_("类别"), choices=WorkCategory.choices, initial=WorkCategory.TASK, required=False
    )
    hours = forms.DecimalField(label=_("工时（小时）"), max_digits=10, decimal_places=2, initial=1)
    people = forms.IntegerField(label=_("人数"), initial=1, min_value=1, max_value=MAX_PEOPLE_PER_LINE)
    note = forms.CharField(label=_("备注"), required=False, max_length=500)

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(a.pk),
                f"{a.task_item.name}（{a.task_item.department.name} · {a.when_label}"
                f"{'' if a.approved else ' · ' + _('未经准入')}）",
            )
            for a in assignments
        ]
        self.fields["line"].choices = [
            ("", _("请选择事项")),
            *choices,
            (UNAPPROVED, _("未经准入的工作（选择派出部门）")),
        ]
        self.fields["hours"].widget.attrs.update(inputmode="decimal", step="0.5")
        self.fields["people"].widget.attrs.update(inputmode="numeric")
