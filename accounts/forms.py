from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from communityops.forms import bootstrap_widgets


class LoginForm(AuthenticationForm):
    """Django's login form with the portal's wording. Repeated failures are django-axes' to
    refuse (settings AXES_*): a locked-out attempt never reaches the password check."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确，请重新输入。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_widgets(self.fields)


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's password change form with Bootstrap widgets; the policy is AUTH_PASSWORD_VALIDATORS."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_widgets(self.fields)
