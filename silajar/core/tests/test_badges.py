"""One badge style: colours come from the choices (`Flag`, each choice class's badge), never
from a template."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from silajar.core.choices import FLAG_LOOKS, Flag

COLOURS = r"text-bg-(?:primary|secondary|success|danger|warning|info|light|dark)\b"


def test_no_template_names_a_badge_colour():
    folders = [Path(folder) for options in settings.TEMPLATES for folder in options["DIRS"]]
    offenders = [
        f"{path}: {match.group(0)}"
        for folder in folders
        for path in folder.rglob("*.html")
        if path.name != "badge.html"
        for match in re.finditer(COLOURS, path.read_text())
    ]
    assert folders and offenders == []


def test_every_flag_has_its_look():
    assert set(FLAG_LOOKS) == set(Flag)


def _render(source: str, **context) -> str:
    return Template("{% load silajar %}" + source).render(Context(context))


def test_a_flag_carries_its_label_colour_and_title():
    with translation.override("en"):
        html = _render('{% flag "excluded" title=why %}', why="Force majeure")
    assert html == ('<span class="badge text-bg-secondary" title="Force majeure">excluded</span>')


def test_a_name_is_a_neutral_tag_and_stays_escaped():
    html = _render("{% tag name %}", name="<b>Jaringan</b>")
    assert 'class="badge text-bg-light border"' in html
    assert "&lt;b&gt;Jaringan&lt;/b&gt;" in html
