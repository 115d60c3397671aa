from django import template

register = template.Library()


@register.filter
def timestamp(seconds) -> str:
    """12.3 → '0:12', 3725 → '1:02:05': where a passage starts in a recording."""
    try:
        total = int(float(seconds))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
