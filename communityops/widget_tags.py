"""``{% select_options widget %}``: a select's ``<option>``s written in Python.

Django writes each option through a template (``select_option.html``, with its attrs); our
``templates/widgets/select.html`` wrote them in a template loop instead. Both cost ~10 µs per
option, which is ~10 ms for a district's 1,000 communities on every filtered register page.
This writes the same HTML, character for character, as Django's templates do for a select
whose options carry no attribute but ``selected`` (``communityops.forms._plain_options``);
``tests/project/test_widgets.py`` compares the two.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

register = template.Library()


def _value(value) -> str:
    """``{{ option.value|stringformat:'s' }}``: "%s", escaped unless it was safe already."""
    text = "%s" % value  # noqa: UP031 - the filter's own formatting
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _label(label) -> str:
    """``{{ option.label }}``: localised and escaped as the template engine does."""
    return conditional_escape(str(localize(template_localtime(label))))


@register.simple_tag
def select_options(widget: dict) -> str:
    html = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_label(group_name)}">')
        for option in group_choices:
            selected = " selected" if option["selected"] else ""
            html.append(
                f'\n  <option value="{_value(option["value"])}"{selected}>{_label(option["label"])}</option>\n'
            )
        if group_name:
            html.append("\n  </optgroup>")
    return mark_safe("".join(html))  # noqa: S308 - every value was escaped above
