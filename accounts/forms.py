from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with the portal's wording. Repeated failures are django-axes' to
    refuse (settings AXES_*): a locked-out attempt never reaches the password check."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确，请重新输入。"),
    }
