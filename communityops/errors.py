"""Errors services raise. Field problems are Django's ValidationError (400 in the API, field
messages in forms); a transition that the current state forbids is a TransitionError (409)."""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException


class TransitionError(APIException):
    """The object is not in a state that allows the action (e.g. approving a rejected request)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"

    def __init__(self, current: str, action: str, message: str | None = None):
        self.current = current
        self.action = action
        default = _("当前状态（%(current)s）不能执行“%(action)s”操作。") % {
            "current": current,
            "action": action,
        }
        super().__init__(message or default)
