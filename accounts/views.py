from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from organisation.scoping import scope_for

from .forms import ThrottledAuthenticationForm

# Where each role lands after signing in; the apps that own those pages provide the URLs.
ROLE_HOME = {
    "community_staff": "tasks:inbox",
    "community_head": "tasks:inbox",
    "street_supervisor": "burden:dashboard",
    "district_admin": "burden:dashboard",
    "department_officer": "tasks:request_list",
}


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own start page; a user without a membership gets a clear page."""
    scope = scope_for(request.user)
    if scope.nothing:
        return render(request, "accounts/no_membership.html", status=403)
    return redirect(reverse(ROLE_HOME.get(scope.role, "burden:dashboard")))
