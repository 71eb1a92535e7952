from itertools import groupby

from django import template
from django.utils.html import format_html_join

from silajar.core.choices import TAG_COLOUR, Flag

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


@register.inclusion_tag("includes/badge.html")
def badge(label, colour, *, css: str = "", icon: str = "", title: str = "", **data):
    """The one badge style: a choice's label on the colour its choices class gives it, e.g.
    `{% badge ticket.get_state_display ticket.state_badge %}`. `css` adds classes, `icon` a
    Bootstrap icon before the label, `title` a tooltip and `data_x=…` a `data-x` attribute."""
    if any(not name.startswith("data_") for name in data):
        raise template.TemplateSyntaxError("badge: only css, icon, title and data_… options")
    return {
        "label": label,
        "colour": colour or "secondary",
        "css": css,
        "icon": icon,
        "title": title,
        "data": [(name[5:].replace("_", "-"), value) for name, value in data.items()],
    }


@register.inclusion_tag("includes/badge.html")
def flag(name: str, *, css: str = "", title: str = "", **data):
    """A flag beside a record (`core.choices.Flag`) in the one badge style: its label, colour
    and icon, e.g. `{% flag "overdue" data_testid="overdue" %}`."""
    return badge(
        Flag(name).label, Flag.colour(name), css=css, icon=Flag.icon(name), title=title, **data
    )


@register.simple_tag
def flag_colour(name: str) -> str:
    """A flag's colour where it is not a badge of its own (the unread count's pill)."""
    return Flag.colour(name)


@register.inclusion_tag("includes/badge.html")
def tag(label, *, css: str = "", **data):
    """A name shown as a badge (a category, a role, a port): the one neutral look."""
    return badge(label, TAG_COLOUR, css=f"border {css}".strip(), **data)


@register.simple_tag
def navigation_links(items):
    """The main navigation's entries (`core.navigation.navigation_for`), the current one marked,
    those of a group in its drop-down menu (so the menu fits one line on a desktop): the layout
    draws them on every page, so they are written here rather than by a loop of the template
    engine (a third of the cost)."""
    parts = []
    for group, grouped in groupby(items, key=lambda item: item["group"]):
        entries = list(grouped)
        if not group:
            parts.append(_nav_entries(entries, '<li class="nav-item"><a class="nav-link'))
            continue
        parts.append(
            format_html_join(
                "",
                '<li class="nav-item dropdown"><button type="button" class="nav-link '
                'dropdown-toggle{}" data-bs-toggle="dropdown" aria-expanded="false">{}</button>'
                '<ul class="dropdown-menu">{}</ul></li>',
                [
                    (
                        " active" if any(e["active"] for e in entries) else "",
                        group,
                        _nav_entries(entries, '<li><a class="dropdown-item'),
                    )
                ],
            )
        )
    return format_html_join("\n", "{}", ((part,) for part in parts))


def _nav_entries(entries, opening: str):
    """Menu entries as links (`opening`: the markup up to the link's classes), the current one
    marked."""
    return format_html_join(
        "\n",
        opening + '{}" href="{}" aria-current="{}">'
        '<i class="bi bi-{}" aria-hidden="true"></i> {}</a></li>',
        (
            (
                " active" if item["active"] else "",
                item["url"],
                "page" if item["active"] else "false",
                item["icon"],
                item["label"],
            )  # fmt: skip
            for item in entries
        ),
    )
