"""One message per empty required field: a form posted with its required fields empty (what a
browser sends when the person filled in nothing: radio buttons and selects keep their preset)
comes back with exactly one message under each of them, and no list repeating them elsewhere.
The browser's own check never holds the post back (silajar.js makes every form `novalidate`;
tickets/tests/test_browser.py counts the messages in Chromium at 360 px)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from silajar.accounts.roles import Role
from silajar.tickets.choices import Scope

pytestmark = pytest.mark.django_db

REQUIRED = "This field is required."
MESSAGE = re.compile(r'class="invalid-feedback[^"]*">([^<]*)<')

FORMS = {
    "intake": (Role.HELPDESK, "tickets:intake", {"channel": "phone", "scope": Scope.UNKNOWN}),
    "portal_report": (Role.OPD_USER, "tickets:portal_report", {"scope": Scope.SINGLE_DEVICE}),
    "installation_request": (Role.OPD_OPERATOR, "installations:create", {"subject": ""}),
    "profile": (Role.TECHNICIAN, "accounts:profile", {"full_name": ""}),
}


@pytest.mark.parametrize("name", FORMS)
def test_each_empty_required_field_is_told_once(name, client, make_user):
    role, url, data = FORMS[name]
    client.force_login(make_user(role))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse(url), data)

    assert response.status_code in (200, 400)  # the form again, refused
    form = response.context["form"]
    empty = sorted(n for n, errors in form.errors.items() if REQUIRED in errors)
    assert empty, form.errors
    assert all(len(errors) == 1 for errors in form.errors.values()), form.errors
    body = response.content.decode()
    shown = MESSAGE.findall(body)
    assert len(shown) == len(form.errors) and shown.count(REQUIRED) == len(empty), shown
    assert body.count(REQUIRED) == len(empty)  # no summary repeating them
