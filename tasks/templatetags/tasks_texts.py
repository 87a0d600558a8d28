from django import template

from ..texts import stored_text as _stored_text

register = template.Library()


@register.filter
def stored_text(text: str) -> str:
    """A finding's or notification's stored Chinese text in the reader's language."""
    return _stored_text(text)
