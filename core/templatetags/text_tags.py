import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from core.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter
def ld_json(data: dict):
    """JSON for a <script type="application/ld+json"> block, escaped like json_script."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308


@register.filter
def get_item(mapping: dict, key: str):
    """``mapping|get_item:key`` for keys that are data, like the answers of a declaration."""
    return mapping.get(key) if isinstance(mapping, dict) else None
