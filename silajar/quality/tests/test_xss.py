"""No user input is ever rendered unescaped.

Records are built through the real services (tickets in every stage, comments, files,
sign-off, installation requests, notifications, audit trail); then EVERY text field of every
model of the app (found from the models: CharField/TextField without choices, so a new field
is covered without editing this file) is overwritten with a script payload carrying a tag
that names the field. The pages are crawled as each kind of user, following every link and
HTMX fragment from the home page; no page may contain a payload unescaped. The same values
go through the CSV/XLSX exports (no formula survives) and the HTML of the PDF documents."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.core.tests.files import png_bytes
from silajar.quality.uploads.scene import as_data_url, as_upload
from silajar.tickets import services

pytestmark = pytest.mark.django_db

# Fields whose value the code uses as a key, a stored format or a link target of its own
# making (never typed by a user); every other text field of every app model gets payloads.
NOT_USER_TEXT = {
    "password", "username", "key", "code", "action", "object_id", "secret", "code_hash",
    "number", "dedupe_key", "content_type", "letter_content_type", "url", "kind",
    "to_address", "last_error", "reservation",
}  # fmt: skip
APP_MODULES = ("silajar.accounts", "silajar.organizations", "silajar.tickets",
               "silajar.notifications", "silajar.core.models", "silajar.installations",
               "silajar.providers", "silajar.contracts", "silajar.monitoring",
               "silajar.bandwidth", "silajar.inventory")  # fmt: skip
MARKUP = "<script>alert('{t}')</script>\"><img src=x onerror=alert('{t}')>{{{{7*7}}}}{t}"
SHORT = '"><svg/onload={t}>'  # for fields of a few characters (NIP, phone)
JS_URL = "javascript:alert('{t}')"
RAW = ("<script>alert(", "<img src=x onerror", "<svg/onload")
LINK_ATTRS = re.compile(
    r"""(?:href|src|action|formaction|hx-get|hx-post)\s*=\s*["']?\s*javascript:""", re.I
)
SKIP_PATHS = re.compile(
    r"\.(pdf|docx|csv|xlsx)$|/export/|/logout/|/attachments/\d+/$|/letter/$|/photos/\d+/$"
    r"|/signature/$|/signed-form/$|^/api/|^/django-admin/|^/i18n/|^/static/"
)
MAX_PAGES = 400
# fields people type that must show on some page (not only in an export or a document)
MUST_SHOW = {
    "Ticket.description", "Ticket.reporter_name", "Ticket.reporter_unit", "Ticket.diagnosis",
    "Ticket.location_detail",
    "Ticket.action_taken", "Comment.body", "Organization.name", "Location.room",
    "User.full_name", "Category.name", "ChecklistStep.question", "Notification.title",
    "Attachment.original_name", "AuditEvent.note", "InstallationRequest.subject",
    "InstallationRequest.description", "SurveyItem.name", "Provider.name", "Link.circuit_id",
    "Outage.cause", "MaintenanceWindow.description", "Target.name", "Target.host",
    "TargetDowntime.error", "Allocation.consumer", "Allocation.target", "UsageSample.consumer",
    "BandwidthNeed.justification", "BandwidthNeed.return_note",
    "Contract.decision_number", "Contract.addresses_handed_over", "Contract.test_results",
    "Contract.signer_name",
    "Device.name", "Device.model", "Device.notes", "Port.name",
    "Cable.label",
}  # fmt: skip


def text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in NOT_USER_TEXT
    ]


def app_models():
    return [m for m in apps.get_models() if m.__module__.startswith(APP_MODULES)]


def _payload(template: str, tag: str, field: models.Field) -> str:
    value = template.format(t=tag)
    if field.max_length and len(value) > field.max_length:
        value = SHORT.format(t=tag)
    return value[: field.max_length] if field.max_length else value


def build_records(make_user, agency, location) -> dict:
    """Every kind of record the pages show, made through the services."""
    from silajar.installations.tests.factories import Cast, walk_to
    from silajar.inventory.tests.factories import building
    from silajar.notifications.services import notify

    helpdesk = make_user(Role.HELPDESK, Role.SECTION_HEAD, Role.NETWORK_ADMIN)
    technician = make_user(Role.TECHNICIAN)
    opd = make_user(Role.OPD_USER, Role.OPD_OPERATOR)

    def ticket(**extra):
        return services.ticket_create(
            actor=helpdesk, channel="phone", organization=agency, location=location,
            reporter_name="Budi", reporter=opd, description="Internet mati",
            scope="whole_location", **extra,
        )  # fmt: skip

    fresh = ticket()
    services.comment_add(ticket=fresh, actor=helpdesk, body="catatan", internal=True)
    services.comment_add(ticket=fresh, actor=opd, body="komentar")
    services.attachment_add(ticket=fresh, actor=opd, upload=as_upload("foto.png", png_bytes()))
    working = services.ticket_triage(ticket=ticket(), actor=helpdesk)
    working = services.ticket_dispatch(ticket=working, actor=helpdesk, technician=technician)
    working = services.ticket_start(ticket=working, actor=technician)
    done = services.ticket_triage(ticket=ticket(), actor=helpdesk)
    done = services.ticket_dispatch(ticket=done, actor=helpdesk, technician=technician)
    done = services.ticket_start(ticket=done, actor=technician)
    done = services.ticket_resolve(
        ticket=done, actor=technician, diagnosis="a", action_taken="b", parts_used="c"
    )
    done = services.ticket_sign_off(
        ticket=done, actor=opd, signer_name="Budi", signature=as_data_url(png_bytes())
    )
    services.ticket_rate(ticket=done, actor=opd, rating=4, comment="bagus")
    services.ticket_cancel(ticket=ticket(), actor=helpdesk, reason="dobel")
    cast = Cast(agency, opd_operator=opd, opd_user=opd, technician=technician)
    walk_to("awaiting_equipment", cast)
    walk_to("completed", cast)
    internet_side(helpdesk, agency)
    provisioning()
    building(location, prefix="XSS")  # the network inventory: an outlet traced to a switch
    notify(
        recipients=[helpdesk, technician, opd],
        kind="ticket.commented",
        title="Komentar baru",
        body="Ada komentar",
        url=f"/tickets/{fresh.pk}/",
        key=f"xss-{fresh.pk}",
    )
    return {"staff": helpdesk, "technician": technician, "opd": opd, "ticket": done}


def provisioning() -> None:
    """SOP 4: a need returned with a note, another approved and procured by a contract that is
    active (its designation, checklist and handover filled in)."""
    from silajar.accounts.roles import Role as R
    from silajar.contracts.services import needs
    from silajar.contracts.tests.factories import NEED_DATA, Cast, contract_in

    cast = Cast()
    contract_in(cast, "active")
    returned = needs.need_create(
        actor=cast[R.SECTION_HEAD], data={**NEED_DATA, "fiscal_year": 2027}
    )
    returned = needs.need_submit(need=returned, actor=cast[R.SECTION_HEAD])
    needs.need_return(need=returned, actor=cast[R.UPDE_HEAD], note="Rinci per segmen")


def internet_side(network_admin, agency) -> None:
    """A link of a provider under its contract, with an outage and a maintenance window; a
    monitoring target on it, down once during the outage; the contract's bandwidth distribution
    in two versions, with a day of measured use."""
    from silajar.bandwidth import services as bandwidth_services
    from silajar.bandwidth.models import UsageSample
    from silajar.bandwidth.tests.factories import add_tree
    from silajar.monitoring import services as monitoring_services
    from silajar.providers import services as provider_services
    from silajar.providers.tests.factories import LinkFactory

    link = LinkFactory(organization=agency)
    target = monitoring_services.target_create(
        actor=network_admin,
        data={
            "name": "CPE",
            "kind": "tcp",
            "host": "10.0.0.1",
            "port": 80,
            "role": "provider",
            "link": link,
        },
    )
    outage = provider_services.outage_record(
        actor=network_admin,
        link=link,
        started_at=timezone.now() - timedelta(hours=2),
        source="network_admin",
        cause="Kabel putus",
    )
    target.downtimes.create(
        started_at=outage.started_at, confirmed_at=outage.started_at, error="timeout", outage=outage
    )
    provider_services.maintenance_window_create(
        actor=network_admin,
        provider=link.provider,
        links=[link],
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=2),
        description="Pemeliharaan",
    )
    # one queue in two versions (the exports' test gives every text field one value)
    first = add_tree(network_admin, link.contract, [("Biro", "other", None, 10, 20, 2, "vlan9")])
    bandwidth_services.allocation_change(
        actor=network_admin, contract=link.contract, key=first.allocations.get().key,
        data={"target": "10.1.0.0/24"},
    )  # fmt: skip
    UsageSample.objects.create(
        contract=link.contract, consumer="Lain", day=timezone.localdate(), average_mbps=1,
        peak_mbps=2,
    )  # fmt: skip


def poison(template: str) -> dict[str, str]:
    """Overwrite every user text field of every row with `template`; returns tag → field."""
    tags = {}
    for model in app_models():
        fields = text_fields(model)
        if not fields:
            continue
        for pk in model.objects.values_list("pk", flat=True):
            values = {}
            for field in fields:
                tag = f"q{len(tags)}x"
                tags[tag] = f"{model.__name__}.{field.name}"
                values[field.name] = _payload(template, tag, field)
            model.objects.filter(pk=pk).update(**values)
    return tags


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Every page reachable from `starts` by links and HTMX fragments: path → HTML."""
    pages, queue = {}, list(starts)
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        pages[url] = ""
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        assert response.status_code < 500, url
        body = response.content.decode()
        pages[url] = body
        for link in re.findall(r'(?:href|hx-get)="(/[^"#]*)"', body):
            path = urlsplit(link.replace("&amp;", "&")).path
            if path not in pages and not SKIP_PATHS.search(path):
                queue.append(path)
    return pages


def reflected_urls(tag: str) -> list[str]:
    """Pages that echo what is typed into the address or a search box."""
    from urllib.parse import quote

    value = quote(MARKUP.format(t=tag))
    return [
        f"/tickets/?q={value}", f"/tickets/?sort={value}", f"/organizations/?q={value}",
        f"/audit/?q={value}", f"/tickets/new/callers/?q={value}", f"/installations/?q={value}",
        f"/accounts/users/?q={value}", f"/notifications/?q={value}", f"/tickets/portal/?q={value}",
        f"/providers/?q={value}", f"/providers/links/?q={value}", f"/contracts/?q={value}",
    ]  # fmt: skip


def unescaped(body: str, template: str) -> list[str]:
    found = [raw for raw in RAW if raw in body]
    found += re.findall(r"49q\d+x", body)  # {{7*7}} evaluated: template injection
    if template == JS_URL:
        found += LINK_ATTRS.findall(body)
    return found


STARTS = [
    "/", "/tickets/", "/tickets/portal/", "/tickets/field/", "/installations/",
    "/organizations/", "/organizations/mine/", "/accounts/users/", "/accounts/profile/",
    "/audit/", "/notifications/", "/tickets/settings/", "/calendar/", "/tickets/new/",
    "/providers/", "/providers/links/", "/contracts/", "/monitoring/", "/bandwidth/",
]  # fmt: skip


@pytest.mark.parametrize("template", [MARKUP, JS_URL], ids=["markup", "javascript_url"])
def test_no_page_shows_a_payload_unescaped(template, make_user, agency, location, capsys):
    records = build_records(make_user, agency, location)
    admin = UserFactory(is_superuser=True, is_staff=True, username="root")
    tags = poison(template)
    shown, bad, visited = set(), {}, 0
    for user in (admin, records["staff"], records["technician"], records["opd"]):
        client = Client()
        client.force_login(user)
        pages = crawl(client, STARTS)
        for url in reflected_urls("q999999x"):
            response = client.get(url)
            pages[url] = response.content.decode() if response.status_code < 300 else ""
        visited += len(pages)
        for url, body in pages.items():
            if problems := unescaped(body, template):
                bad[f"{user.username} {url}"] = problems[:3]
            shown.update(tag for tag in re.findall(r"q\d+x", body) if tag in tags)
    assert bad == {}
    fields_shown = {tags[t] for t in shown}
    if template == MARKUP:
        assert fields_shown >= MUST_SHOW, sorted(MUST_SHOW - fields_shown)
    with capsys.disabled():
        print(
            f"\nXSS {'javascript: URL' if template == JS_URL else 'markup'}: "
            f"{len(set(tags.values()))} fields ({len(tags)} values) × {visited} pages crawled "
            f"as 4 users; {len(fields_shown)} fields seen on pages; not shown on any page: "
            f"{sorted(set(tags.values()) - fields_shown)}"
        )


def test_the_check_sees_an_unescaped_payload():
    from django.utils.html import escape

    raw = MARKUP.format(t="q1x")
    assert unescaped(f"<p>{raw}</p>", MARKUP) and unescaped("<p>49q1x</p>", MARKUP)
    assert unescaped(f"<p>{escape(raw)}</p>", MARKUP) == []
    link = JS_URL.format(t="q1x")
    assert unescaped(f'<a href="{link}">x</a>', JS_URL)
    assert unescaped(f"<p>{escape(link)}</p>", JS_URL) == []


def test_exports_neutralise_formulas(make_user, agency, location, client):
    from openpyxl import load_workbook

    records = build_records(make_user, agency, location)
    formulas = ('=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")
    for index, model in enumerate(app_models()):
        # one value for all rows: not in a field kept unique (alone or with others) when
        # there are several rows
        several = model.objects.count() > 1
        alone = {
            name
            for c in model._meta.constraints
            if several and isinstance(c, models.UniqueConstraint)
            for name in c.fields
        }
        fields = [
            f
            for f in text_fields(model)
            if not f.unique and f.name not in alone and (f.max_length or 20) >= 20
        ]
        if fields:
            value = formulas[index % len(formulas)]
            model.objects.update(**{f.name: value for f in fields})
    client.force_login(records["staff"])
    checked = 0
    for base in ("/tickets/export/", "/installations/export/"):
        rows = list(csv.reader(io.StringIO(client_text(client, base + "csv/"))))
        assert len(rows) > 1, base
        workbook = load_workbook(io.BytesIO(client_bytes(client, base + "xlsx/")))
        cells = [c for row in workbook.active.iter_rows() for c in row]
        for value in [v for row in rows[1:] for v in row] + [c.value for c in cells]:
            if isinstance(value, str) and value:
                assert not value.startswith(("=", "+", "@", "\t", "\r")), (base, value)
                if value.startswith("-"):
                    assert re.fullmatch(r"-[\d.,: ]*", value), (base, value)
                checked += 1
        assert all(c.data_type != "f" for c in cells), base
    organizations = client_text(client, "/organizations/export.csv")
    assert "\n=" not in organizations and ",=" not in organizations
    assert checked > 20


def client_bytes(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def client_text(client, url) -> str:
    return client_bytes(client, url).decode("utf-8-sig")


def test_documents_escape_user_text(make_user, agency, location):
    """The HTML the PDFs are made from (WeasyPrint would run no script, but markup would
    still forge the document's content)."""
    from silajar.documents.pdf import render_html
    from silajar.installations import documents as installation_documents
    from silajar.installations.models import InstallationRequest
    from silajar.tickets.documents import TEMPLATE, disruption_form_context
    from silajar.tickets.models import Ticket

    build_records(make_user, agency, location)
    tags = poison(MARKUP)
    html_pages = [render_html(TEMPLATE, disruption_form_context(t)) for t in Ticket.objects.all()]
    for request in InstallationRequest.objects.all():
        for name in ("reply_letter", "installation_form", "survey_report"):
            context = getattr(installation_documents, f"{name}_context")(request)
            html_pages.append(render_html(f"documents/{name}.html", context))
    shown = set()
    for html in html_pages:
        assert unescaped(html, MARKUP) == []
        shown.update(tag for tag in re.findall(r"q\d+x", html) if tag in tags)
    assert {"Ticket.description", "Organization.name", "InstallationRequest.subject"} <= {
        tags[t] for t in shown
    }
