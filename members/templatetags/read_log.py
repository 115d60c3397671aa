"""The *Mijn gegevens* page's list of who read the person's data, as a tag, so the list is
one include (members/_read_log.html) that needs nothing from the page's view."""

from django import template

from members.selectors import data_reads_of

register = template.Library()


@register.simple_tag
def data_reads(user):
    return data_reads_of(user=user) if user.is_authenticated else []
