"""Quick-entry forms of the registers. They only shape input; the services hold the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedForm, ScopedModelForm
from organisation.scoping import scope_for

from .models import (
    DepartmentRating,
    EmergencyReport,
    Inspection,
    InspectionTopic,
    Meeting,
    Platform,
    PlatformUsage,
    ResponsibilityPledge,
    Signboard,
    TemporaryTask,
)


class RecordForm(ScopedModelForm):
    """A register form: community preset for community staff, today's date preset."""

    date_fields: tuple[str, ...] = ("date",)
    year_fields: tuple[str, ...] = ("year",)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk is None:
            today = timezone.localdate()
            for name in self.date_fields:
                if name in self.fields:
                    self.fields[name].initial = today
            for name in self.year_fields:
                if name in self.fields:
                    self.fields[name].initial = today.year
            scope = scope_for(user)
            if "community" in self.fields and scope.community_id:
                self.fields["community"].initial = scope.community_id
            if "department" in self.fields and scope.department_id:
                self.fields["department"].initial = scope.department_id
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.widget.attrs.setdefault("inputmode", "decimal")
                field.widget.attrs.setdefault("step", "0.5")

    def _post_clean(self):
        """Model validation is the service's job (one place for every rule, page and API alike)."""

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}

    def disable(self) -> None:
        for field in self.fields.values():
            field.disabled = True


class InspectionForm(RecordForm):
    topic = forms.CharField(
        label=_("检查事项"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "topic-catalog", "autocomplete": "off"}),
        help_text=_("可从检查事项目录中选择，也可直接填写"),
    )

    class Meta:
        model = Inspection
        fields = [
            "community",
            "department",
            "topic",
            "kind",
            "status",
            "date",
            "prep_hours",
            "veto",
            "demands_ledgers",
            "demands_photos",
            "demands_trail",
            "result",
            "result_note",
            "count",
        ]


class InspectionTopicForm(RecordForm):
    class Meta:
        model = InspectionTopic
        fields = ["code", "name", "family", "department"]


class MeetingForm(RecordForm):
    class Meta:
        model = Meeting
        fields = ["community", "department", "date", "hours", "attendees", "purpose", "count"]


class TemporaryTaskForm(RecordForm):
    class Meta:
        model = TemporaryTask
        fields = ["community", "department", "date", "kind", "hours", "count"]


class SignboardForm(RecordForm):
    date_fields = ("hung_on",)

    class Meta:
        model = Signboard
        fields = ["community", "department", "name", "kind", "count", "hung_on", "removed_on"]


class PlatformForm(RecordForm):
    fields_text = forms.CharField(
        label=_("要求录入的字段"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("字段名称之间用“、”或逗号分隔"),
    )

    class Meta:
        model = Platform
        fields = ["code", "name", "department", "level", "kind", "fields_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["fields_text"].initial = "、".join(self.instance.fields or [])

    def service_data(self) -> dict:
        data = super().service_data()
        text = data.pop("fields_text", "") or ""
        for separator in (",", "，", "\n"):
            text = text.replace(separator, "、")
        data["fields"] = [name.strip() for name in text.split("、") if name.strip()]
        return data


class PlatformUsageForm(RecordForm):
    class Meta:
        model = PlatformUsage
        fields = ["community", "platform", "year", "hours_per_month", "hours"]
        help_texts = {"hours": _("全年工时；只填每月工时时按 12 个月计算")}


class PledgeForm(RecordForm):
    date_fields = ("signed_on",)

    class Meta:
        model = ResponsibilityPledge
        fields = ["community", "department", "matter", "family", "year", "signed_on", "veto", "veto_clauses"]
        widgets = {"veto_clauses": forms.Textarea(attrs={"rows": 3})}


class RecordDateTimeField(forms.DateTimeField):
    """A record's date and time, 2000–2100, as the API's RecordDateTimeField: year 1 would be
    stored before Christ (UTC) and then break every list that reads it."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and not 2000 <= result.year <= 2100:
            raise forms.ValidationError(_("时间应在2000年至2100年之间。"), code="out_of_range")
        return result


class EmergencyReportForm(RecordForm):
    class Meta:
        model = EmergencyReport
        fields = ["community", "department", "title", "incident_at", "reported_at", "status", "note"]
        widgets = {
            "incident_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "reported_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {"reported_at": _("事发后 1 小时内报送；超过 1 小时记为迟报")}
        field_classes = {"incident_at": RecordDateTimeField, "reported_at": RecordDateTimeField}


class DepartmentRatingForm(RecordForm):
    class Meta:
        model = DepartmentRating
        fields = ["community", "department", "year", "scale", "score", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class MergeForm(ScopedForm):
    """合并检查: the inspections of one proposal, and the joint visit's date."""

    inspections = forms.ModelMultipleChoiceField(
        label=_("检查"), queryset=Inspection.objects.all(), widget=forms.MultipleHiddenInput
    )
    date = forms.DateField(label=_("联合检查日期"))
    note = forms.CharField(label=_("说明"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Not a repeat of the field's queryset: ScopedForm has just narrowed it to the user's
        # visible rows; undo that, so any id may be posted and the service says which are out of
        # scope (one clear message instead of the form's "not one of the available choices").
        self.fields["inspections"].queryset = Inspection.objects.all()
