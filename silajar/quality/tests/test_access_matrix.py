"""The access matrix (silajar/quality/access_matrix.csv) walked against the live app.

1. Every URL pattern of the project has a row, and every row names a pattern that exists. The
   rows of the workflow actions are derived from each workflow table (matrix_actions.py), none
   written in the table; every workflow has its rows, the toy procedure of core/tests/workflowapp
   too (the walk runs on the project's URL conf with the toy's routes added).
2. Every row × every subject is requested with Django's test client, signed in as the subject,
   in a fixture world where the objects belong to agency A: the answer must match the table's
   verdict (allow/deny/hide/login), never be a 5xx, and a refused unsafe request must change
   nothing in the database or the stored files. Each request runs in a savepoint rolled back
   afterwards, so every check starts from the same world.
3. Allowed answers must not leak: agency A's records never reach outsiders (anonymous, the other
   agency's user, providers); internal notes and files never reach agency users; no complaint's
   content reaches the system administrator.

One test walks the whole table and reports every mismatch at once, as a table.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import time
from datetime import date, timedelta
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.test import Client
from django.urls import Resolver404, reverse
from django.utils import timezone
from weasyprint import HTML as WeasyHTML

from silajar.accounts.models import ApiToken
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import issue_token
from silajar.bandwidth.models import Allocation
from silajar.bandwidth.tests.factories import add_tree
from silajar.contracts import services as contract_services
from silajar.core.models import Holiday
from silajar.core.tests.files import (
    media_files,
    pdf_bytes,
    png_bytes,
    signature_data_url,
    upload_file,
)
from silajar.core.workflow import workflows
from silajar.installations import services as installation_services
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest
from silajar.installations.tests.factories import Cast, act, walk_to
from silajar.inventory.models import ImportRun
from silajar.inventory.tests.factories import building
from silajar.monitoring.tests.factories import TargetFactory
from silajar.notifications.models import EmailDelivery, Notification
from silajar.providers import services as provider_services
from silajar.providers.models import ProviderAccount, ProviderIncident
from silajar.providers.tests.factories import (
    IncidentFactory,
    LinkFactory,
    MaintenanceWindowFactory,
    OutageFactory,
)
from silajar.quality.matrix import (
    SUBJECTS,
    action_rows,
    coverage_problems,
    load_rows,
    project_routes,
    route_of,
    workflow_routes,
)
from silajar.quality.tests.matrix_actions import add_generic_records, derive, inputs
from silajar.tickets import services
from silajar.tickets.models import Category, ChecklistStep, SlaTarget, Ticket
from silajar.tickets.tests.test_api_actions import Desk

SECRET = "MATRIX-AGENCY-A-ONLY"  # in agency A's tickets and comments
INTERNAL = "MATRIX-STAFF-ONLY"  # in internal notes and internal files
OUTSIDERS = {"anonymous", "opd_user_other", "provider", "provider_other"}
AGENCY_SIDE = {"opd_user", "opd_operator", "opd_user_other"}
ADMINISTRATION = {"system_admin"}  # users and settings, never the procedures' records
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
TEXT_TYPES = ("text/html", "application/json", "text/csv", "text/plain")
PLACEHOLDER = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
BACKEND = "silajar.accounts.backends.UsernameOrEmailBackend"


def test_every_url_pattern_has_a_row_and_every_row_a_pattern():
    table, derived = load_rows(), action_rows(inputs)
    rows = table + derived
    problems = coverage_problems(rows, project_routes())
    routes = {row.route for row in derived}
    for row in table:
        if row.route in routes:
            problems.append(f"line {row.line}: {row.route} is a workflow action's: derived")
    for row in rows:
        try:
            route = route_of(urlsplit(PLACEHOLDER.sub("1", row.url)).path)
        except Resolver404:
            route = None
        if route != row.route:
            problems.append(f"line {row.line}: {row.url} resolves to {route}, not {row.route}")
        if row.method not in UNSAFE and row.data:
            problems.append(f"line {row.line}: a {row.method} row has a body")
    assert not problems, "The access matrix and the URL conf disagree:\n" + "\n".join(problems)


# --- the fixture world -----------------------------------------------------------------------


class World:
    """The subjects (one user each) and the objects the table's `{key}` placeholders name."""

    def __init__(self, users: dict, objects: dict, own: dict):
        self.users = users
        self.objects = objects
        self.own = own  # {key: {subject: object}}: each subject's own object of that kind
        self.outsider_secrets = [SECRET, INTERNAL, objects["org_a"].name]

    def fill(self, text: str, subject: str, *, encoded: bool = False) -> str:
        """`text` with its placeholders filled; `encoded`: URL-encoded, as a row's `data` is (a
        time's "+00:00" stays a plus)."""

        def value(match) -> str:
            key, field = match.groups()
            if key in self.own:
                obj = self.own[key].get(subject)
                return str(obj.pk) if obj is not None else "0"
            obj = self.objects[key]
            found = str(getattr(obj, field) if field else obj.pk)
            return quote(found, safe="") if encoded else found

        return PLACEHOLDER.sub(value, text)


def build_world(make_user, agency, other_agency, location, admin_user) -> World:
    desk = Desk(make_user, agency, location)
    users = {
        Role.OPD_USER.value: make_user(Role.OPD_USER),
        Role.OPD_OPERATOR.value: make_user(Role.OPD_OPERATOR),
        Role.HELPDESK.value: desk.helpdesk,
        Role.TECHNICIAN.value: desk.tech,  # the technician the tickets are assigned to
        Role.NETWORK_ADMIN.value: desk.admin,
        **{
            role.value: make_user(role)
            for role in (
                Role.SECTION_HEAD,
                Role.UPDE_HEAD,
                Role.PPTK,
                Role.KPA,
                Role.PROVIDER,
                Role.AGENCY_HEAD,
                Role.SYSTEM_ADMIN,
            )
        },
        "admin": admin_user,
        "opd_user_other": make_user(Role.OPD_USER, organization=other_agency),
        "provider_other": make_user(Role.PROVIDER),
    }
    assert set(users) == set(SUBJECTS) - {"anonymous"}
    states = {
        "t_new": "new",
        "t_triage": "triage",
        "t_dispatched": "dispatched",
        "t_in_progress": "in_progress",
        "t_paused": "paused",
        "t_resolved": "resolved",
        "t_closed": "closed",
        "t_waiting": "waiting_provider",
    }
    tickets = {key: desk.ticket(state).pk for key, state in states.items()}
    Ticket.objects.filter(pk__in=tickets.values()).update(description=f"Internet mati {SECRET}")
    tickets = {key: Ticket.objects.get(pk=pk) for key, pk in tickets.items()}
    ticket = tickets["t_in_progress"]
    opd_user = users[Role.OPD_USER.value]
    services.comment_add(ticket=ticket, actor=opd_user, body=f"Masih mati {SECRET}")
    services.comment_add(ticket=ticket, actor=desk.helpdesk, body=INTERNAL, internal=True)
    attachment = services.attachment_add(
        ticket=ticket,
        actor=opd_user,
        upload=SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png"),
    )
    attachment_internal = services.attachment_add(
        ticket=ticket,
        actor=desk.helpdesk,
        upload=SimpleUploadedFile(f"{INTERNAL}.png", png_bytes(), content_type="image/png"),
        internal=True,
    )
    objects = {
        **installation_requests(users, agency),
        **(side := internet_side(users, other_agency, make_user)),
        **provider_incidents(users, side),
        **provisioning(users, side),
        **monitoring_side(side),
        **bandwidth_side(users, side),
        **inventory_side(users, location),
        "org_a": agency,
        "location_a": location,
        **tickets,
        "ticket": Ticket.objects.get(pk=ticket.pk),
        "attachment": attachment,
        "attachment_internal": attachment_internal,
        "category": Category.objects.filter(is_active=True).first(),
        "step": ChecklistStep.objects.filter(scope="whole_location", is_active=True).first(),
        "target": SlaTarget.objects.first(),
        "holiday": Holiday.objects.create(date=date(2030, 1, 2), name="Libur uji"),
        "delivery": EmailDelivery.objects.create(
            to_address="uji@example.org",
            subject="Uji",
            body="Uji",
            dedupe_key="matrix",
            status=EmailDelivery.Status.FAILED,
        ),
        "notification": Notification.objects.create(
            recipient=opd_user, kind="test", title="Uji", url="/tickets/portal/", dedupe_key="m"
        ),
        "user": opd_user,
        "api_token": api_token_of(opd_user),
        "technician": desk.tech,
        "spare_technician": desk.spare_tech,
    }
    assert all(obj is not None for obj in objects.values()), objects
    own = {
        "own_notification": {
            subject: Notification.objects.create(
                recipient=user, kind="test", title="Uji", dedupe_key="own"
            )
            for subject, user in users.items()
        },
        "own_api_token": {subject: api_token_of(user) for subject, user in users.items()},
    }
    return World(users, objects, own)


def api_token_of(user) -> ApiToken:
    key = issue_token(user, "Matriks")
    return ApiToken.objects.get(prefix=key[:8], user=user)


def internet_side(users: dict, other_agency, make_user) -> dict:
    """Provider A (the `provider` subject's) with a link, its contract and scan, an open outage
    it reported and a maintenance window; provider B (`provider_other`'s) with a link. The links
    serve agency B, whose name the providers may read."""
    ours, theirs = (
        LinkFactory(organization=other_agency),
        LinkFactory(organization=other_agency),
    )
    account = ProviderAccount.objects.create(provider=ours.provider, user=users["provider"])
    ProviderAccount.objects.create(provider=theirs.provider, user=users["provider_other"])
    contract = contract_services.contract_document_attach(
        actor=users[Role.NETWORK_ADMIN.value],
        contract=ours.contract,
        upload=upload_file(pdf_bytes(), "kontrak.pdf"),
    )
    return {
        "provider_a": ours.provider,
        "provider_b": theirs.provider,
        "link_a": ours,
        "link_b": theirs,
        "contract_a": contract,
        "outage_a": OutageFactory(link=ours, source="provider"),
        "window_a": MaintenanceWindowFactory(provider=ours.provider),
        "account_a": account,
        "spare_provider_user": make_user(Role.PROVIDER),
    }


def bandwidth_side(users: dict, side: dict) -> dict:
    """Contract A's distribution in two versions (Setda, then Biro Umum under it):
    `allocation_a` is Biro Umum in the version in force; version 1 can be restored."""
    version = add_tree(
        users[Role.NETWORK_ADMIN.value],
        side["contract_a"],
        [
            ("Setda", "group", None, 10, 20, 2, ""),
            ("Biro Umum", "setda_bureau", "Setda", 5, 10, 3, "10.10.1.0/24"),
        ],
    )
    return {"allocation_a": Allocation.objects.get(version=version, consumer="Biro Umum")}


def provisioning(users: dict, side: dict) -> dict:
    """SOP 4: a bandwidth need in draft, one submitted and one approved; contracts of provider A
    (the `provider` subject's) in every procurement state an action starts from (the one
    installing with its checklist filled, the designated one with its decision letter) and one
    activated through the procurement (its BAST)."""
    from silajar.contracts.services import needs
    from silajar.contracts.tests.factories import NEED_DATA, TERMS, path_inputs
    from silajar.contracts.workflows import CONTRACT_FLOW

    head, upde = users[Role.SECTION_HEAD.value], users[Role.UPDE_HEAD.value]
    n_draft = needs.need_create(actor=head, data={**NEED_DATA, "fiscal_year": 2027})
    n_submitted = needs.need_submit(
        need=needs.need_create(actor=head, data={**NEED_DATA, "fiscal_year": 2028}), actor=head
    )
    n_approved = needs.need_approve(
        need=needs.need_submit(need=needs.need_create(actor=head, data=NEED_DATA), actor=head),
        actor=upde,
    )
    provider = side["provider_a"]
    steps = ["submit", "designate", "start_installation", "record_checklist", "activate"]
    keys = ["c_draft", "c_awaiting", "c_designated", "c_installing", "c_active"]
    found = {}
    for index, key in enumerate(keys):
        contract = contract_services.CONTRACTS.create(
            actor=users[Role.PPTK.value],
            data={
                **TERMS,
                "number": f"027/MTX-{index}/2026",
                "need": n_approved,
                "provider": provider,
                "state": "draft",
            },
        )
        for step in steps[: index + (1 if index >= 3 else 0)]:
            inputs = path_inputs(provider, step)
            if step == "designate":
                inputs["decision_letter"] = upload_file(pdf_bytes(), "sk.pdf")
            actor = next(
                u for u in users.values() if CONTRACT_FLOW.action(step).permits(u, contract)
            )
            contract = CONTRACT_FLOW.act(obj=contract, action=step, actor=actor, **inputs)
        found[key] = contract
    return {"n_draft": n_draft, "n_submitted": n_submitted, "n_approved": n_approved, **found}


def inventory_side(users: dict, location) -> dict:
    """Agency A's network at `location_a` (an outlet cabled through a patch panel to a switch,
    free ports), the place of the request being surveyed, and the technician's import."""
    net = building(location, prefix="MTX")
    InstallationRequest.objects.filter(state=S.SURVEY_ASSIGNED).update(location=location)
    run = ImportRun.objects.create(
        what="devices",
        file_name="perangkat.csv",
        created_by=users[Role.TECHNICIAN.value],
        rows=[["Nama"], ["MTX-BARU"]],
        total=1,
        stage=ImportRun.Stage.CHECKED,
    )
    return {
        "device_a": net["switch"],
        "port_a": net["outlet_port"],
        "port_free_a": net["free_switch_ports"][0],
        "port_free_b": net["free_position"][0],
        "cable_a": net["patch"],
        "import_run": run,
    }


def monitoring_side(side: dict) -> dict:
    """A target on each provider's link (`internet_side`'s), and an outage of link A for which
    the monitor proposes the `customer_side` exclusion."""
    now = timezone.now()
    return {
        "target_a": TargetFactory(link=side["link_a"]),
        "target_b": TargetFactory(link=side["link_b"]),
        "outage_proposed": OutageFactory(
            link=side["link_a"],
            source="monitoring",
            started_at=now - timedelta(hours=3),
            ended_at=now - timedelta(hours=2),
            proposed_exclusion="customer_side",
        ),
    }


def installation_requests(users: dict, agency) -> dict:
    """Agency A's installation requests, one per state an action starts from, and a photo."""
    cast = Cast(agency, **{role: users[role] for role in Role.values if role in users})
    signer = users[Role.SECTION_HEAD.value]  # a reply letter prints only with his NIP and rank
    type(signer).objects.filter(pk=signer.pk).update(nip="197503152000031002", rank="III/d")
    states = {
        "i_submitted": (S.SUBMITTED, None),
        "i_forwarded": (S.FORWARDED, None),
        "i_survey_assigned": (S.SURVEY_ASSIGNED, None),
        "i_surveyed": (S.SURVEYED, True),
        "i_surveyed_no": (S.SURVEYED, False),
        "i_awaiting": (S.AWAITING_EQUIPMENT, None),
        "i_installing": (S.INSTALLING, None),
        "i_installed": (S.INSTALLED, None),
        "i_completed": (S.COMPLETED, None),
        "i_completed_scan": (S.INSTALLED, None),
    }
    installations = {
        key: walk_to(state, cast, adequate=adequate) for key, (state, adequate) in states.items()
    }
    scan = {"signer_name": "Budi Santoso", "signed_form": upload_file(pdf_bytes(), "form.pdf")}
    act(installations["i_completed_scan"], cast, "sign_off", Role.OPD_USER, scan)
    photo = installation_services.survey_photo_add(
        installation=installations["i_survey_assigned"],
        actor=users[Role.TECHNICIAN.value],
        upload=upload_file(png_bytes(), "foto.png"),
    )
    pks = [installation.pk for installation in installations.values()]
    InstallationRequest.objects.filter(pk__in=pks).update(description=f"8 titik {SECRET}")
    fresh = {
        key: InstallationRequest.objects.get(pk=installation.pk)
        for key, installation in installations.items()
    }
    return {**fresh, "installation": fresh["i_completed"], "photo": photo}


def provider_incidents(users: dict, side: dict) -> dict:
    """The incidents of the `provider` subject's provider (`internet_side`'s provider A, one
    per state an action starts from, on its link) and one of the other provider's."""
    ours, theirs, link = side["provider_a"], side["provider_b"], side["link_a"]
    admin = users[Role.NETWORK_ADMIN.value]
    incidents = {
        key: IncidentFactory(provider=ours, links=[link])
        for key in ("gi_open", "gi_reported", "gi_resolved")
    }
    report = {"channel": "Telepon", "contact": "NOC"}
    for key in ("gi_reported", "gi_resolved"):
        provider_services.incident_report(incident=incidents[key], actor=admin, **report)
    provider_services.incident_provider_resolve(
        incident=incidents["gi_resolved"],
        actor=users["provider"],
        cause="Kabel putus",
        action_taken="Disambung",
        restored_at=timezone.now(),
    )
    fresh = {key: ProviderIncident.objects.get(pk=i.pk) for key, i in incidents.items()}
    return {**fresh, "gi_other": IncidentFactory(provider=theirs, links=[side["link_b"]])}


# --- requests and verdicts -------------------------------------------------------------------


def _value(text: str):
    if text == "@png":
        return SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    if text == "@pdf":
        return SimpleUploadedFile("formulir.pdf", pdf_bytes(), content_type="application/pdf")
    if text == "@signature":
        return signature_data_url()
    if text.startswith(("[", "{")):
        return json.loads(text)
    return text


def send(client: Client, method: str, url: str, body: str):
    if method not in UNSAFE:
        return client.generic(method, url)
    data = {key: _value(value) for key, value in parse_qsl(body, keep_blank_values=True)}
    has_file = any(isinstance(value, SimpleUploadedFile) for value in data.values())
    if url.startswith("/api/") and not has_file:
        return client.generic(method, url, json.dumps(data), content_type="application/json")
    if method == "POST":
        return client.post(url, data)
    return client.generic(
        method, url, urlencode(data), content_type="application/x-www-form-urlencoded"
    )


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303, 307):
        return False
    target = urlsplit(response["Location"])
    return target.path == reverse("accounts:login") and "next=" in target.query


def verdict(response, method: str, url: str, anonymous: bool) -> str:
    status = response.status_code
    if status >= 500:
        return f"{status}"
    if _is_login_redirect(response):
        return "login"
    if url.startswith("/api/") and status in (401, 403) and anonymous:
        return "login"  # nobody signed in: refused for that, whatever the body says
    if status == 403:
        return "deny"
    if status == 404:
        return "hide"
    if status < 400 or (method in UNSAFE and status in (400, 409)):
        return "allow"
    return f"{status}"


def leaks(response, subject: str, world: World) -> list[str]:
    """Secrets in an answer that `subject` must not see."""
    if response.streaming or not response.get("Content-Type", "").startswith(TEXT_TYPES):
        return []
    if subject in OUTSIDERS:
        secrets = world.outsider_secrets
    elif subject in AGENCY_SIDE:
        secrets = [INTERNAL]
    elif subject in ADMINISTRATION:
        secrets = [SECRET, INTERNAL]
    else:
        return []
    body = response.content.decode("utf-8", "replace")
    return [secret for secret in secrets if secret in body]


class Unchanged:
    """Whether anything was written since the baseline: the stored files, and one SELECT that,
    per table of the project, reads the rows, the last id, the sum of versions and, per
    date-time column, the latest value and how many are set."""

    def __init__(self):
        quote = connection.ops.quote_name
        self.labels, columns = [], []
        for model in apps.get_models():
            if not model.__module__.startswith("silajar.") or not model._meta.managed:
                continue
            table = quote(model._meta.db_table)
            measures = {"rows": "COUNT(*)", "last id": f"MAX({quote(model._meta.pk.column)})"}
            for field in model._meta.concrete_fields:
                column = quote(field.column)
                if isinstance(field, models.DateTimeField):
                    measures[f"{field.name} latest"] = f"MAX({column})"
                    measures[f"{field.name} set"] = f"COUNT({column})"
                elif field.name == "version":
                    measures["versions"] = f"SUM({column})"
            for name, expression in measures.items():
                self.labels.append(f"{model._meta.label} {name}")
                columns.append(f"(SELECT {expression} FROM {table})")  # noqa: S608
        self.query = "SELECT " + ", ".join(columns)  # names from the models, no input
        self.baseline = self._measure()
        self.files = media_files()

    def _measure(self) -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(self.query)
            return cursor.fetchone()

    def changed(self) -> list[str]:
        now = self._measure()
        return [
            label for label, a, b in zip(self.labels, self.baseline, now, strict=True) if a != b
        ]

    def new_files(self) -> list[str]:
        """Files stored since the baseline, removed (their rows are rolled back)."""
        new = sorted(media_files() - self.files)
        for path in new:
            path.unlink()
        return [str(path) for path in new]


class TypesetOnce:
    """WeasyPrint's HTML, typesetting each distinct document once: the walk asks for the same
    ticket's form dozens of times (≈1 s each); the views, their access checks and the templates
    still run on every request, only byte-identical HTML reuses its PDF."""

    pdfs: dict[str, bytes] = {}

    def __init__(self, *, string: str, **options):
        self.string, self.options = string, options

    def write_pdf(self) -> bytes:
        if self.string not in self.pdfs:
            self.pdfs[self.string] = WeasyHTML(string=self.string, **self.options).write_pdf()
        return self.pdfs[self.string]


def _table(failures: list[tuple]) -> str:
    head = ("line", "method", "url", "subject", "expected", "got", "detail")
    rows = [head, *[tuple(str(cell) for cell in failure) for failure in failures]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + row[-1]
        for row in rows
    )


@pytest.mark.django_db
@pytest.mark.urls("silajar.core.tests.workflowapp.urls")
def test_access_matrix_against_the_live_app(
    make_user, agency, other_agency, location, admin_user, caplog, monkeypatch
):
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of 403/404 warnings
    monkeypatch.setattr("silajar.documents.pdf.HTML", TypesetOnce)
    started, cpu = time.monotonic(), time.process_time()
    table = load_rows()
    world = build_world(make_user, agency, other_agency, location, admin_user)
    routes = workflow_routes()
    add_generic_records(world, routes)
    derived = [derive(row, world, routes, table) for row in action_rows(inputs)]
    assert {row.flow for row in derived} == set(workflows()), "a workflow without its rows"
    rows = table + derived
    clients = {}
    for subject in SUBJECTS:
        client = Client()
        if subject != "anonymous":
            client.force_login(world.users[subject], backend=BACKEND)
        clients[subject] = (client, copy.deepcopy(client.cookies))
    unchanged = Unchanged()

    failures: list[tuple] = []
    tally = {"checks": 0, "allow": 0, "refused": 0}
    for row in rows:
        for subject in SUBJECTS:
            expected = row.expect[subject]
            client, cookies = clients[subject]
            url = world.fill(row.url, subject)
            if route_of(urlsplit(url).path) != row.route:
                failures.append(
                    (where(row), row.method, url, subject, row.route, "other route", "")
                )
                continue
            client.cookies = copy.deepcopy(cookies)  # a logout must not end later checks
            got, detail, status = _check(client, row, subject, url, world, unchanged)
            tally["checks"] += 1
            tally["allow" if expected == "allow" else "refused"] += 1
            if got == expected == "allow" and row.flow and not _done(row, status):
                detail = f"allowed but not done ({status})"
            if got != expected or detail:
                failures.append((where(row), row.method, url, subject, expected, got, detail))

    summary = (
        f"access matrix: {len(rows)} rows ({len(derived)} derived from the workflow tables) x "
        f"{len(SUBJECTS)} subjects = {tally['checks']} checks "
        f"({tally['allow']} allowed, {tally['refused']} refused) "
        f"in {time.monotonic() - started:.1f} s ({time.process_time() - cpu:.1f} s of CPU)"
    )
    print(summary)
    assert not failures, f"{summary}\n{len(failures)} mismatches:\n{_table(failures)}"


def where(row) -> str:
    """A row's place: its line in the table, or the workflow action it was derived from."""
    return str(row.line) if row.line else row.note


def _done(row, status: int) -> bool:
    """Whether a workflow action went through: back to the record's page, or the API's 200."""
    return status == (302 if row.channel == "page" else 200)


def _check(client, row, subject, url, world, unchanged: Unchanged) -> tuple[str, str, int]:
    """One request in a savepoint rolled back afterwards: (verdict, what else went wrong, the
    status code)."""
    detail = ""
    cache.clear()  # as a fresh request: no throttle counts (kept in the cache) carry over
    with transaction.atomic():
        unsafe = row.method in UNSAFE
        try:
            response = send(client, row.method, url, world.fill(row.data, subject, encoded=True))
        except Exception as error:  # noqa: BLE001 - a crash is a finding, reported in the table
            transaction.set_rollback(True)
            unchanged.new_files()
            return "500", f"{type(error).__name__}: {error}"[:160], 500
        got = verdict(response, row.method, url, subject == "anonymous")
        leaked = leaks(response, subject, world)
        if leaked:
            detail = f"leaks {', '.join(leaked)}"
        new_files = unchanged.new_files() if unsafe else []
        if unsafe and got != "allow":
            changed = unchanged.changed() + new_files
            if changed:
                detail += f" refused but changed {changed}"
        transaction.set_rollback(True)
    return got, detail.strip(), response.status_code
