"""The Indonesian catalogue is complete and compiled; English is available."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "silajar" / "locale"


@pytest.fixture(scope="module")
def indonesian():
    return polib.pofile(str(LOCALE / "id" / "LC_MESSAGES" / "django.po"))


def test_every_entry_is_translated_into_indonesian(indonesian):
    missing = [e.msgid for e in indonesian.untranslated_entries()]
    fuzzy = [e.msgid for e in indonesian.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source(indonesian):
    compiled = polib.mofile(str(LOCALE / "id" / "LC_MESSAGES" / "django.mo"))
    compiled_map = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in compiled}
    stale = [
        e.msgid
        for e in indonesian.translated_entries()
        if compiled_map.get((e.msgctxt, e.msgid)) != (e.msgstr or e.msgstr_plural.get(0))
    ]
    assert stale == [], "run `make messages` to compile the catalogue"


def test_placeholders_survive_translation(indonesian):
    pattern = re.compile(r"%\(\w+\)[sd]")
    broken = [
        e.msgid
        for e in indonesian.translated_entries()
        if sorted(pattern.findall(e.msgid))
        != sorted(pattern.findall(e.msgstr or e.msgstr_plural.get(0, "")))
    ]
    assert broken == []


def test_interface_speaks_indonesian_by_default_and_english_on_request():
    with translation.override("id"):
        assert translation.gettext("Sign in") == "Masuk"
        assert translation.gettext("Password") == "Kata sandi"
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"
    assert settings.LANGUAGE_CODE == "id"


@pytest.mark.django_db
def test_login_page_is_indonesian_and_switches_to_english(client):
    page = client.get("/accounts/login/")
    assert 'lang="id"' in page.content.decode()
    assert "Lupa kata sandi?" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/")
    assert 'lang="en"' in page.content.decode()
    assert "Forgot your password?" in page.content.decode()


# English words a civil servant would not write in Indonesian text (issue 15, "one vocabulary")
ENGLISH_WORDS = re.compile(r"\b(Form|form|client|Client|link up|Link|link|online form)\b")


def test_the_indonesian_text_has_one_vocabulary(indonesian):
    english = [
        e.msgstr
        for e in indonesian.translated_entries()
        # the words a reader sees, not the placeholders (%(link)s)
        if ENGLISH_WORDS.search(re.sub(r"%\(\w+\)[sd]", "", e.msgstr or e.msgstr_plural.get(0, "")))
    ]
    assert english == [], "Formulir, not Form; sambungan, not link; no client"
    times = [
        e.msgstr
        for e in indonesian.translated_entries()
        if re.search(r"(?<![T+:\d])\d{1,2}:\d{2}(?!:)", e.msgstr)
    ]
    assert times == [], "times as 12.40 WIB"


def test_the_printed_documents_have_one_vocabulary():
    folder = Path(settings.BASE_DIR) / "silajar" / "templates" / "documents"
    for template in folder.glob("*.html"):
        text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", template.read_text(encoding="utf-8"))
        text = re.sub(r"{% comment %}.*?{% endcomment %}", " ", text, flags=re.S)
        assert not re.search(r"\b(Form|client|link up|Link)\b", text), template.name
        assert not re.search(r'date:"[^"]*H:i', template.read_text()), template.name  # 12.40 WIB
