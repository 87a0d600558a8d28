from django import forms
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedForm
from organisation.models import Community

from .models import DisposalMethod


class DueChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        from .selectors import due_item

        item = due_item(obj)
        return " · ".join(p for p in (item.reference, item.title, item.retention) if p)


class ProposeForm(ScopedForm):
    """拟定销毁清册: the due records of one community, all ticked to start with."""

    community = forms.ModelChoiceField(label=_("社区"), queryset=Community.objects.all())
    ledger_books = DueChoiceField(label=_("到期台账"), queryset=None, required=False)
    certificate_records = DueChoiceField(label=_("到期证明存根"), queryset=None, required=False)
    method = forms.ChoiceField(label=_("销毁方式"), choices=DisposalMethod.choices)
    reason = forms.CharField(
        label=_("销毁理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("保管期满，经鉴定无继续保存价值"),
    )

    def __init__(self, *args, ledger_books, certificate_records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ledger_books"].queryset = ledger_books
        self.fields["certificate_records"].queryset = certificate_records


class DecisionForm(ScopedForm):
    note = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
