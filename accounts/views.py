from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from organisation.scoping import scope_for

from .forms import LoginForm, PortalPasswordChangeForm
from .services import user_password_changed

# Where each role lands after signing in; the apps that own those pages provide the URLs.
ROLE_HOME = {
    "community_staff": "tasks:inbox",
    "community_head": "tasks:inbox",
    "street_supervisor": "burden:dashboard",
    "district_admin": "burden:dashboard",
    "department_officer": "tasks:request_list",
}


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码; also where an account with an initial or demo password is sent first."""

    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(user=form.user, request=self.request)
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own start page; a user without a membership gets a clear page."""
    scope = scope_for(request.user)
    if scope.nothing:
        return render(request, "accounts/no_membership.html", status=403)
    return redirect(reverse(ROLE_HOME.get(scope.role, "burden:dashboard")))


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in (settings AXES_LOCKOUT_CALLABLE): HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
