"""The form renderer writes the plain <input> in Python: the same markup as Django's templates."""

from datetime import date, datetime, time

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from silajar.core.form_renderer import PLAIN_INPUTS, FormRenderer

WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.ColorInput,
    forms.SearchInput,
    forms.TelInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
]
VALUES = [
    None,
    "",
    'a "quoted" <b>tag</b> & more',
    mark_safe("<already safe>"),  # noqa: S308 — what a template would leave unescaped
    0,
    12.5,
    date(2026, 1, 5),
    datetime(2026, 1, 5, 8, 30),
    time(7, 30),
]
ATTRS = {
    "id": "id_x",
    "class": "form-control is-invalid",
    "required": True,
    "disabled": False,
    "maxlength": 0,
    "placeholder": "<kosong> & \"'",
    "data-x": mark_safe("<b>"),  # noqa: S308
}


def test_every_plain_input_template_is_covered():
    assert {widget.template_name for widget in WIDGETS} == PLAIN_INPUTS


@pytest.mark.parametrize("widget_class", WIDGETS)
@pytest.mark.parametrize("value", VALUES)
def test_the_markup_is_the_templates_own(widget_class, value):
    if widget_class is forms.PasswordInput:
        widget = widget_class(attrs=ATTRS, render_value=True)
    else:
        widget = widget_class(attrs=ATTRS)
    ours = widget.render("field-name", value, renderer=FormRenderer())
    templates = widget.render("field-name", value, renderer=TemplatesSetting())
    assert ours == templates
    assert ours.startswith("<input ")


def test_other_widgets_still_render_through_templates():
    widget = forms.Select(choices=[("a", "<A>")])
    html = widget.render("pick", "a", renderer=FormRenderer())
    assert html == widget.render("pick", "a", renderer=TemplatesSetting())
    assert '<option value="a" selected>&lt;A&gt;</option>' in html
