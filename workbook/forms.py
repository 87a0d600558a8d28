"""Forms of the workbook app: the upload and the export choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedForm

from .selectors import export_scope_choices


class ImportForm(ScopedForm):
    file = forms.FileField(
        label=_("减负工作簿（.xlsx）"),
        help_text=_("按《减负工作簿 v1》填写：工作表、表头可用英文或中文；整本校验通过才写入。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ExportForm(ScopedForm):
    scope = forms.ChoiceField(label=_("范围"))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1900, max_value=2100)
    chinese = forms.BooleanField(label=_("中文工作表名和表头"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["scope"].choices = export_scope_choices(user=user)
