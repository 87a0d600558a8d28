from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedForm, ScopedModelForm

from .models import CertificateKind
from .services import KIND_FIELDS


class CertificateKindForm(ScopedModelForm):
    """证明事项 (区减负办 edits the catalog); saving goes through the services."""

    class Meta:
        model = CertificateKind
        fields = ["code", *KIND_FIELDS]
        widgets = {"required_evidence": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def _post_clean(self):
        # The services validate (per field, in the counter's words) and save; the model's own
        # constraint check would only repeat their message without a field.
        pass


class CounterForm(ScopedForm):
    """窗口办理: the applicant, the evidence seen and, for a refusal, the reason."""

    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=100, required=False)
    applicant_id_number = forms.CharField(
        label=_("公民身份号码"),
        max_length=40,
        required=False,
        help_text=_("18位，录入后只显示脱敏号码"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    evidence_seen = forms.MultipleChoiceField(
        label=_("已查验依据材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    content = forms.CharField(
        label=_("证明内容（可选）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("留空时按清单事项生成标准表述"),
    )
    reason = forms.CharField(
        label=_("不予出具理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, kind: CertificateKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["applicant_id_number"].widget.attrs.update(
            {
                "hx-post": reverse("certificates:check_id"),
                "hx-trigger": "input changed delay:400ms, change",
                "hx-target": "#id-check",
            }
        )
        items = kind.evidence_items
        if items:
            self.fields["evidence_seen"].choices = [(item, item) for item in items]
        elif kind.cert_class != "B":
            del self.fields["evidence_seen"]
        else:
            # a kind without a listed evidence: the staff member writes down what was seen
            self.fields["evidence_seen"] = forms.CharField(
                label=_("已查验依据材料"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                help_text=_("每行一项"),
            )
        if kind.cert_class == "C":
            for name in ("evidence_seen", "content", "reason"):
                self.fields.pop(name, None)

    def clean_evidence_seen(self):
        value = self.cleaned_data.get("evidence_seen") or []
        if isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        return value


class RevokeForm(ScopedForm):
    reason = forms.CharField(label=_("作废理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RevealForm(ScopedForm):
    """查看完整号码: the reason is required and goes to the audit trail."""

    reason = forms.CharField(
        label=_("查看理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("查看将记入审计日志（查看人、时间、理由）。"),
    )


class SealUseForm(ScopedForm):
    """其他用印: the seal on a paper that is not one of the counter's documents."""

    title = forms.CharField(label=_("用印材料名称"), max_length=200, required=False)
    requested_by = forms.CharField(label=_("要求出具单位"), max_length=200, required=False)
    copies = forms.IntegerField(label=_("份数"), initial=1, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("核验码"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg", "autocomplete": "off"}),
    )
