"""The internet side's pages: lists with filters and export, the pages with their history,
the forms (providers with lines of contacts and levels, links, outages recorded, ended and
corrected, maintenance windows), who reaches what (another provider's rows: 404)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.providers.models import Link, MaintenanceWindow, Outage, Provider, ProviderAccount
from silajar.providers.tests.factories import (
    LinkFactory,
    MaintenanceWindowFactory,
    OutageFactory,
    provider_user,
)

pytestmark = pytest.mark.django_db
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def ours():
    return LinkFactory(circuit_id="KITA-001")


@pytest.fixture
def theirs():
    return LinkFactory(circuit_id="MEREKA-001")


def local(moment) -> str:
    return timezone.localtime(moment).strftime(LOCAL)


# --- lists -----------------------------------------------------------------------------------


def test_staff_list_links_with_filters(client_as, make_user, ours, theirs):
    client = client_as(make_user(Role.HELPDESK))
    page = client.get("/providers/links/").content.decode()
    assert "KITA-001" in page and "MEREKA-001" in page
    page = client.get("/providers/links/", {"provider": ours.provider_id}).content.decode()
    assert "KITA-001" in page and "MEREKA-001" not in page
    page = client.get("/providers/links/", {"q": "mereka"}).content.decode()
    assert "KITA-001" not in page and "MEREKA-001" in page


def test_a_provider_account_lists_its_own_only(client_as, ours, theirs):
    client = client_as(provider_user(ours.provider))
    for path in ("/providers/", "/providers/links/", "/contracts/"):
        page = client.get(path).content.decode()
        assert theirs.provider.name not in page and "MEREKA" not in page, path
    assert ours.provider.name in client.get("/providers/").content.decode()


@pytest.mark.parametrize("role", [Role.OPD_USER, Role.SYSTEM_ADMIN, Role.PROVIDER])
def test_agency_users_and_unattached_accounts_are_refused(client_as, make_user, role):
    client = client_as(make_user(role))
    for path in ("/providers/", "/providers/links/", "/contracts/"):
        assert client.get(path).status_code == 403


def test_the_exports_hold_the_filtered_rows(client_as, make_user, ours, theirs):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    csv = b"".join(client.get("/providers/links/export.csv", {"q": "kita"}).streaming_content)
    text = csv.decode("utf-8-sig")
    assert text.startswith("ID sirkuit,Penyedia")
    assert "KITA-001" in text and "MEREKA-001" not in text
    xlsx = client.get("/providers/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {ours.provider.name, theirs.provider.name}
    assert client.get("/providers/links/export.pdf").status_code == 404


# --- the pages ------------------------------------------------------------------------------


def test_another_providers_pages_are_not_found(client_as, ours, theirs):
    client = client_as(provider_user(ours.provider))
    outage = OutageFactory(link=theirs)
    window = MaintenanceWindowFactory(provider=theirs.provider)
    for path in (
        f"/providers/{theirs.provider_id}/",
        f"/providers/links/{theirs.pk}/",
        f"/providers/links/{theirs.pk}/outages/new/",
        f"/providers/links/{theirs.pk}/outages/{outage.pk}/correct/",
        f"/providers/{theirs.provider_id}/maintenance/{window.pk}/",
        f"/contracts/{theirs.contract_id}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/providers/links/{ours.pk}/").status_code == 200


def test_the_provider_page_shows_contacts_escalation_windows_and_history(
    client_as, make_user, ours
):
    admin = make_user(Role.NETWORK_ADMIN, full_name="Nadia Admin")
    client = client_as(admin)
    MaintenanceWindowFactory(provider=ours.provider, weekly=True)
    client.post(
        f"/providers/{ours.provider_id}/edit/",
        {
            "name": ours.provider.name,
            "short_name": "BARU",
            "contacts": "NOC | 0561-700100 | noc@example.org",
            "escalation": "NOC 24 jam | 30\nManajer layanan | 120",
            "is_active": "on",
            "version": ours.provider.version,
        },
    )
    page = client.get(f"/providers/{ours.provider_id}/").content.decode()
    assert "0561-700100" in page and "Manajer layanan" in page
    assert 'data-testid="windows"' in page and "KITA-001" in page
    assert 'data-action="provider.updated"' in page


def test_a_provider_is_added_from_lines(client_as, make_user):
    client = client_as(make_user(Role.PPTK))
    answer = client.post(
        "/providers/new/",
        {
            "name": "PT Lintas Khatulistiwa",
            "short_name": "LK",
            "contacts": "NOC | 0561-1 | | 0812\nHelpdesk | | help@example.org",
            "escalation": "NOC | 15\nSupervisor | 60",
            "is_active": "on",
        },
    )
    provider = Provider.objects.get(short_name="LK")
    assert answer.status_code == 302 and answer["Location"] == provider.get_absolute_url()
    assert provider.contacts[0]["whatsapp"] == "0812"
    assert provider.escalation == [
        {"level": 1, "contact": "NOC", "after_minutes": 15},
        {"level": 2, "contact": "Supervisor", "after_minutes": 60},
    ]


def test_a_bad_level_is_shown_on_its_line(client_as, make_user):
    client = client_as(make_user(Role.PPTK))
    answer = client.post(
        "/providers/new/",
        {"name": "PT X", "short_name": "X", "contacts": "", "escalation": "NOC | 15\n | 0"},
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors["escalation"]
    assert any(error.startswith("Baris 2") or error.startswith("Line 2") for error in errors)
    assert not Provider.objects.exists()


@pytest.mark.parametrize("role", [Role.HELPDESK, Role.KPA])
def test_other_staff_see_but_do_not_edit(client_as, make_user, role, ours):
    client = client_as(make_user(role))
    assert client.get(f"/providers/{ours.provider_id}/").status_code == 200
    for path in (
        "/providers/new/",
        f"/providers/{ours.provider_id}/edit/",
        "/providers/links/new/",
    ):
        assert client.get(path).status_code == 403, path


def test_accounts_are_attached_and_removed(client_as, make_user, ours):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    user = make_user(Role.PROVIDER, username="noc_kita")
    page = client.get(f"/providers/{ours.provider_id}/").content.decode()
    assert "noc_kita" in page  # offered
    client.post(f"/providers/{ours.provider_id}/accounts/", {"user": user.pk})
    account = ProviderAccount.objects.get(user=user)
    assert account.provider == ours.provider
    client.post(f"/providers/{ours.provider_id}/accounts/{account.pk}/remove/")
    assert not ProviderAccount.objects.exists()


def test_a_link_is_added_and_edited_through_its_form(client_as, make_user, ours, agency):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    answer = client.post(
        "/providers/links/new/",
        {
            "provider": ours.provider_id,
            "contract": ours.contract_id,
            "circuit_id": "KITA-002",
            "kind": "metro",
            "bandwidth_down_mbps": 20,
            "bandwidth_up_mbps": 20,
            "organization": agency.pk,
            "monthly_fee": 3_000_000,
            "status": "planned",
        },
    )
    link = Link.objects.get(circuit_id="KITA-002")
    assert answer["Location"] == link.get_absolute_url()
    other = LinkFactory()
    answer = client.post(
        f"/providers/links/{link.pk}/edit/",
        {
            "contract": other.contract_id,  # another provider's contract
            "circuit_id": "KITA-002",
            "kind": "metro",
            "bandwidth_down_mbps": 20,
            "bandwidth_up_mbps": 20,
            "organization": agency.pk,
            "monthly_fee": 3_000_000,
            "status": "planned",
            "version": link.version,
        },
    )
    assert answer.status_code == 200 and "contract" in answer.context["form"].errors


# --- outages on the link's page ---------------------------------------------------------------


def test_the_network_admin_records_ends_and_corrects_an_outage(client_as, make_user, ours):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    started = timezone.now() - timedelta(hours=2)
    answer = client.post(
        f"/providers/links/{ours.pk}/outages/new/",
        {"started_at": local(started), "source": "network_admin", "cause": "Kabel putus"},
    )
    assert answer.status_code == 302
    outage = Outage.objects.get(link=ours)
    page = client.get(f"/providers/links/{ours.pk}/").content.decode()
    assert 'data-testid="end-outage"' in page and "Kabel putus" in page
    client.post(f"/providers/links/{ours.pk}/outages/{outage.pk}/end/", {"version": outage.version})
    outage.refresh_from_db()
    assert outage.ended_at is not None
    answer = client.post(
        f"/providers/links/{ours.pk}/outages/{outage.pk}/correct/",
        {
            "version": outage.version,
            "started_at": local(started - timedelta(minutes=30)),
            "ended_at": local(outage.ended_at),
            "cause": "Kabel putus",
            "exclusion": "force_majeure",
            "reason": "Banjir, diakui sebagai keadaan kahar",
        },
    )
    assert answer.status_code == 302
    event = audit_timeline(outage).first()
    assert event.action == "outage.corrected" and event.note.startswith("Banjir")
    page = client.get(f"/providers/links/{ours.pk}/outages/{outage.pk}/correct/")
    assert "Banjir" in page.content.decode()


def test_a_correction_without_a_reason_is_shown_again(client_as, make_user, ours):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    outage = OutageFactory(link=ours)
    answer = client.post(
        f"/providers/links/{ours.pk}/outages/{outage.pk}/correct/",
        {"version": outage.version, "started_at": local(outage.started_at), "reason": ""},
    )
    assert answer.status_code == 200 and "reason" in answer.context["form"].errors
    stale = client.post(
        f"/providers/links/{ours.pk}/outages/{outage.pk}/end/", {"version": outage.version + 5}
    )
    assert stale.status_code == 400
    outage.refresh_from_db()
    assert outage.ended_at is None


def test_a_provider_records_its_report_without_exclusion(client_as, ours):
    client = client_as(provider_user(ours.provider))
    page = client.get(f"/providers/links/{ours.pk}/")
    form = page.context["outage_form"]
    assert "exclusion" not in form.fields
    assert [code for code, _label in form.fields["source"].choices] == ["provider"]
    client.post(
        f"/providers/links/{ours.pk}/outages/new/",
        {"started_at": local(timezone.now() - timedelta(hours=1)), "source": "provider"},
    )
    assert Outage.objects.get().source == "provider"


@pytest.mark.parametrize("role", [Role.HELPDESK, Role.PPTK])
def test_other_staff_do_not_record_outages(client_as, make_user, role, ours):
    client = client_as(make_user(role))
    assert client.get(f"/providers/links/{ours.pk}/").context["outage_form"] is None
    assert client.get(f"/providers/links/{ours.pk}/outages/new/").status_code == 403


# --- maintenance windows on the provider's page -------------------------------------------


def test_a_provider_announces_maintenance_on_its_page(client_as, ours):
    client = client_as(provider_user(ours.provider))
    start = timezone.now() + timedelta(days=2)
    answer = client.post(
        f"/providers/{ours.provider_id}/maintenance/new/",
        {
            "starts_at": local(start),
            "ends_at": local(start + timedelta(hours=2)),
            "weekly": "on",
            "links": [ours.pk],
            "description": "Pemeliharaan rutin",
        },
    )
    assert answer.status_code == 302
    window = MaintenanceWindow.objects.get()
    assert window.weekly and list(window.links.all()) == [ours]
    answer = client.post(
        f"/providers/{ours.provider_id}/maintenance/{window.pk}/",
        {
            "starts_at": local(start),
            "ends_at": local(start - timedelta(hours=1)),
            "version": window.version,
        },
    )
    assert answer.status_code == 200 and "ends_at" in answer.context["form"].errors


def test_other_staff_do_not_announce_maintenance(client_as, make_user, ours):
    client = client_as(make_user(Role.PPTK))
    assert client.get(f"/providers/{ours.provider_id}/maintenance/new/").status_code == 403
    start = timezone.now() + timedelta(days=2)
    answer = client.post(
        f"/providers/{ours.provider_id}/maintenance/new/",
        {"starts_at": local(start), "ends_at": local(start + timedelta(hours=1))},
    )
    assert answer.status_code == 403 and not MaintenanceWindow.objects.exists()


def test_a_provider_corrects_its_own_reports_only(client_as, ours):
    client = client_as(provider_user(ours.provider))
    own = OutageFactory(link=ours, source="provider")
    admins = OutageFactory(link=ours, source="network_admin")
    rows = {
        row["obj"].pk: row for row in client.get(f"/providers/links/{ours.pk}/").context["outages"]
    }
    assert rows[own.pk]["can_correct"] and not rows[admins.pk]["can_correct"]
    assert client.get(f"/providers/links/{ours.pk}/outages/{own.pk}/correct/").status_code == 200
    assert client.get(f"/providers/links/{ours.pk}/outages/{admins.pk}/correct/").status_code == 403
