"""口令复杂度: the password policy's character-class rule (等保 level 3)."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (
    str.isupper,
    str.islower,
    str.isdigit,
    lambda c: c in string.punctuation or c.isspace(),
)


class CharacterClassesValidator:
    """A password mixes at least `min_classes` of: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        used = sum(1 for is_class in CLASSES if any(is_class(c) for c in password))
        if used < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字和符号中的至少 %(n)d 类。") % {"n": self.min_classes}
