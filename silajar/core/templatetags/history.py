"""The history of a record as people read it (see `silajar.core.events`)."""

from django import template

from silajar.core.events import describe, sees_raw_changes

register = template.Library()


@register.simple_tag(takes_context=True)
def history(context, events):
    """`{% history timeline as entries %}`: the events as sentences and labelled changes."""
    request = context.get("request")
    context["sees_raw_changes"] = sees_raw_changes(getattr(request, "user", None))
    return describe(events or ())
