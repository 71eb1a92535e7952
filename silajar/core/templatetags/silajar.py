from django import template

register = template.Library()

SELECTS = {"select", "selectmultiple", "nullbooleanselect"}


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap's classes and its error state."""
    css = "form-select" if bound_field.widget_type in SELECTS else "form-control"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)
