"""The first administrator of a deployment: `createsuperuser --noinput` takes every required
field from DJANGO_SUPERUSER_* variables, the full name included (issue 10, point 20)."""

import pytest
from django.core.management import CommandError, call_command

from silajar.accounts.models import User

pytestmark = pytest.mark.django_db

ADMINISTRATOR = {
    "DJANGO_SUPERUSER_USERNAME": "admin.diskominfo",
    "DJANGO_SUPERUSER_EMAIL": "admin@diskominfo.kalbarprov.go.id",
    "DJANGO_SUPERUSER_PASSWORD": "Kalbar-Admin-2026!",
    "DJANGO_SUPERUSER_FULL_NAME": "Ir. Andi Pratama, M.T.",
}


def test_createsuperuser_without_prompts_takes_the_full_name_from_the_environment(monkeypatch):
    for name, value in ADMINISTRATOR.items():
        monkeypatch.setenv(name, value)
    call_command("createsuperuser", interactive=False, verbosity=0)
    admin = User.objects.get(username="admin.diskominfo")
    assert admin.is_superuser and admin.is_staff
    assert admin.full_name == "Ir. Andi Pratama, M.T."
    assert admin.email == "admin@diskominfo.kalbarprov.go.id"
    assert admin.check_password("Kalbar-Admin-2026!")


def test_createsuperuser_without_a_full_name_names_the_variable_missing(monkeypatch):
    for name, value in ADMINISTRATOR.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DJANGO_SUPERUSER_FULL_NAME")
    with pytest.raises(CommandError, match="full_name"):
        call_command("createsuperuser", interactive=False, verbosity=0)
    assert not User.objects.filter(username="admin.diskominfo").exists()
