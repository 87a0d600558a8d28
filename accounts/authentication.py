"""The API's token sign-in: DRF's TokenAuthentication, reading the user's membership in the
same query (as accounts.backends.MembershipModelBackend does for sessions), so `scope_for`
needs no query of its own."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .backends import MEMBERSHIP_JOINS


class MembershipTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related(*(f"user__{join}" for join in MEMBERSHIP_JOINS)).get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
