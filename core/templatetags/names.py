from django import template

from core.text import clean_name as clean

register = template.Library()


@register.filter
def clean_name(value) -> str:
    """``{{ name|clean_name }}``: a stored name or label as ``core.text.clean_name`` leaves it,
    for documents that print names saved before they were cleaned on input."""
    return clean(value)
