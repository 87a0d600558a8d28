"""The sign-in backend: Django's ModelBackend, reading each request's user together with the
membership that scopes it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# The membership and its unit, joined to the user: `scope_for` (organisation/scoping.py) then
# resolves the scope without a query of its own on every page and API call.
MEMBERSHIP_JOINS = (
    "membership__district",
    "membership__street",
    "membership__community",
    "membership__department",
)


class MembershipModelBackend(ModelBackend):
    """Username and password as ModelBackend; `get_user` also loads the membership."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related(*MEMBERSHIP_JOINS)
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
