"""The form renderer: Django's `TemplatesSetting` (widgets render through TEMPLATES, so
silajar/templates/django/forms/ can override them), with the plain `<input>` written in Python.

Every text, number, e-mail, date, password and hidden field is Django's `input.html`, reached
through two includes and a loop over its attributes: about 0.15 ms of template work per field, on
every form of every page. `plain_input` writes the same markup, byte for byte
(core/tests/test_form_renderer.py compares it with the templates for every such widget)."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape

# the widget templates that are nothing but `{% include "django/forms/widgets/input.html" %}`
PLAIN_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


def plain_input(widget: dict[str, Any]) -> str:
    """Django's input.html (and attrs.html) for the widget context `widget`, stripped as the
    renderer strips a template's output."""
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{conditional_escape(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(value)}"')
    parts.append(">")
    return "".join(parts)


class FormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name in PLAIN_INPUTS:
            return plain_input(context["widget"])
        return super().render(template_name, context, request)
