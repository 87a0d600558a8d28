from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Where they belong and what they may see is their Membership."""

    password_change_required = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("初始密码或演示密码：下次登录后须先修改密码才能使用平台。"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
