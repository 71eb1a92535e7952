"""Quality gate: schemathesis over every operation of `/api/schema/`, as several roles.

No 5xx, no response outside the schema, no 2xx a role is denied. The denial rules below are
written from DESIGN.md (who sees what), not read from `silajar.core.access`. Examples per
operation: a few by default, `SILAJAR_CHECK_SIZE=full` for the long run.

Then extreme values (`fuzz.EXTREME_VALUES`) in every query parameter of every list: the API's
lists as the schema declares them, the pages of the access matrix as their forms and links
declare them. A list answers 200 or 400, never anything else (issue 10, point 7)."""

from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import TEST_PASSWORD
from silajar.contracts.tests.factories import Cast as ProvisioningCast
from silajar.contracts.tests.factories import contract_in
from silajar.core.tests.files import png_bytes
from silajar.installations.tests.factories import Cast, walk_to
from silajar.monitoring.tests.factories import TargetFactory
from silajar.organizations.tests.factories import LocationFactory
from silajar.providers.models import MaintenanceWindow, Outage
from silajar.providers.tests.factories import (
    LinkFactory,
    MaintenanceWindowFactory,
    OutageFactory,
)
from silajar.quality.fuzz import (
    Persona,
    extreme_query_failures,
    fuzz,
    in_process_app,
    is_public,
    list_operations,
    load_schema,
    operations,
    organization_of,
    query_names_of_page,
    records,
    resource,
    token_headers,
)
from silajar.quality.matrix import EXCLUDED_PREFIXES, load_rows
from silajar.tickets import services
from silajar.tickets.models import Attachment

pytestmark = pytest.mark.django_db

STAFF_ONLY = {"users", "bandwidth-needs"}  # resources only Diskominfo staff may read
AGENCY_RECORDS = {"tickets", "installation-requests"}  # a provider sees none of these


class World:
    """Two agencies with places, people of each role, and tickets in several states."""

    def __init__(self, make_user, agency, other_agency, location):
        self.agency, self.other_agency = agency, other_agency
        other_location = LocationFactory(organization=other_agency)
        self.users = {
            "helpdesk": make_user(Role.HELPDESK),
            "technician": make_user(Role.TECHNICIAN),
            "opd_user": make_user(Role.OPD_USER),
            "opd_operator": make_user(Role.OPD_OPERATOR),
            "provider": make_user(Role.PROVIDER),
        }
        # the token endpoint is fuzzed with its own account: its lockout touches no one else
        self.token_user = make_user(Role.OPD_USER, username="fuzz_token")
        self.tickets = {
            agency.pk: [self.ticket(agency, location, state) for state in self.STATES],
            other_agency.pk: [self.ticket(other_agency, other_location, s) for s in self.STATES],
        }
        # installation requests of both agencies, filed and walked by each agency's own cast
        self.installations = {
            org.pk: [walk_to(state, Cast(org)) for state in ("submitted", "surveyed", "installed")]
            for org in (agency, other_agency)
        }
        # the internet side: a link at each agency, with an outage and a maintenance window
        self.links = [LinkFactory(organization=org) for org in (agency, other_agency)]
        for link in self.links:
            OutageFactory(link=link)
            MaintenanceWindowFactory(provider=link.provider)
        self.targets = [TargetFactory(link=link) for link in self.links]
        # SOP 4: a year's need, approved and procured by a contract awaiting designation
        provisioning = ProvisioningCast()
        self.contracts = [contract_in(provisioning, "awaiting_designation")]
        helpdesk = self.users["helpdesk"]
        for tickets in self.tickets.values():
            for ticket in tickets:
                services.comment_add(ticket=ticket, actor=helpdesk, body="Sudah dicek.")
                upload = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
                services.attachment_add(ticket=ticket, actor=helpdesk, upload=upload)

    STATES = ("new", "triage", "dispatched", "in_progress", "resolved")

    def ticket(self, organization, place, state):
        helpdesk, tech = self.users["helpdesk"], self.users["technician"]
        ticket = services.ticket_create(
            actor=helpdesk,
            channel="phone",
            organization=organization,
            location=place,
            reporter_name="Budi Santoso",
            reporter_phone="081234567890",
            description="Internet di ruang rapat mati sejak pagi.",
            scope="whole_location",
        )
        steps = [
            lambda t: services.ticket_triage(ticket=t, actor=helpdesk),
            lambda t: services.ticket_dispatch(ticket=t, actor=helpdesk, technician=tech),
            lambda t: services.ticket_start(ticket=t, actor=tech),
            lambda t: services.ticket_resolve(
                ticket=t, actor=tech, diagnosis="Kabel putus", action_taken="Kabel diganti"
            ),
        ]
        for step in steps[: self.STATES.index(state)]:
            ticket = step(ticket)
        return ticket

    def ids(self) -> dict[str, list[int]]:
        """Existing primary keys for path parameters, per resource (see `fuzz.id_pool`)."""
        pools = {
            "tickets": [t.pk for tickets in self.tickets.values() for t in tickets],
            "tickets.attachment_id": list(Attachment.objects.values_list("pk", flat=True)),
            "installation-requests": [
                r.pk for requests in self.installations.values() for r in requests
            ],
            "organizations": [self.agency.pk, self.other_agency.pk],
            "users": list(User.objects.values_list("pk", flat=True)),
            "providers": [link.provider_id for link in self.links],
            "links": [link.pk for link in self.links],
            "links.outage_id": list(Outage.objects.values_list("pk", flat=True)),
            "contracts": [link.contract_id for link in self.links] + [c.pk for c in self.contracts],
            "bandwidth-needs": [c.need_id for c in self.contracts],
            "maintenance-windows": list(MaintenanceWindow.objects.values_list("pk", flat=True)),
            "monitoring": [target.pk for target in self.targets],
        }
        pools["*"] = sorted({pk for pool in pools.values() for pk in pool})
        return pools

    def foreign(self) -> dict[str, set[int]]:
        """Per resource, the objects of the other agency."""
        other = self.other_agency.pk
        return {
            "tickets": {t.pk for t in self.tickets[other]},
            "installation-requests": {r.pk for r in self.installations[other]},
            "organizations": {other},
        }


# --- who may not get a 2xx for what -----------------------------------------------------------


def anonymous_denied(public_paths: set[str]):
    def denied(path, params, body):
        if path not in public_paths:
            return "signed-out callers get nothing but a token"
        return None

    return denied


def staff_denied(path, params, body):
    return None  # Diskominfo staff see every agency's records


def provider_denied(path, params, body):
    if resource(path) in STAFF_ONLY:
        return "staff-only resource"
    if resource(path) in AGENCY_RECORDS and (params or records(body)):
        return "a provider sees no agency's tickets or requests"
    return None


def agency_denied(world: World):
    own, foreign = world.agency.pk, world.foreign()

    def denied(path, params, body):
        if resource(path) in STAFF_ONLY:
            return "staff-only resource"
        if params.get("id") in foreign.get(resource(path), ()):
            return f"another agency's {resource(path)}"
        rows = records(body)
        if resource(path) == "organizations" and not params and any(r["id"] != own for r in rows):
            return "lists another agency"
        others = [row for row in rows if organization_of(row) not in (None, own)]
        if others:
            return f"returns another agency's record: {others[0]}"
        return None

    return denied


def token_tweak(world: World, token_path: str):
    """The token endpoint: real usernames and the right password now and then."""
    usernames = st.sampled_from([world.token_user.username, world.token_user.email])

    def tweak(case, data):
        if case.operation.path != token_path or not isinstance(case.body, dict):
            return
        if data.draw(st.booleans()):
            case.body["username"] = data.draw(usernames)
            if data.draw(st.booleans()):
                case.body["password"] = TEST_PASSWORD

    return tweak


PERSONAS = ["anonymous", "helpdesk", "technician", "opd_user", "opd_operator", "provider"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_fuzz(persona, make_user, agency, other_agency, location, capsys):
    world = World(make_user, agency, other_agency, location)
    with in_process_app() as app:
        schema = load_schema(app, headers=token_headers(world.users["helpdesk"]))
        if persona == "anonymous":
            public = {op.path for op in operations(schema) if is_public(op)}
            headers, denied = {}, anonymous_denied(public)
        else:
            headers = token_headers(world.users[persona])
            denied = {
                "helpdesk": staff_denied,
                "technician": staff_denied,
                "opd_user": agency_denied(world),
                "opd_operator": agency_denied(world),
                "provider": provider_denied,
            }[persona]
        outcome = fuzz(
            schema,
            app,
            Persona(persona, headers, denied),
            ids=world.ids(),
            tweak=token_tweak(world, reverse("api-token")),
        )
    with capsys.disabled():
        print("\n" + outcome.summary())
    assert outcome.operations >= len(operations(schema)) > 0
    assert outcome.cases >= outcome.operations
    assert not outcome.failures, "\n".join(outcome.failures)


def test_fuzz_reports_a_denied_answer(agency_user):
    """The harness itself: a 2xx the persona is denied fails the run, naming the operation."""
    headers = token_headers(agency_user)
    with in_process_app() as app:
        schema = load_schema(app, headers=headers).include(path="/api/v1/me/")
        outcome = fuzz(
            schema, app, Persona("opd_user", headers, lambda *_: "denied for the test"), ids=[]
        )
    assert outcome.operations == 1 and outcome.cases >= 1
    assert len(outcome.failures) == 1
    assert "GET /api/v1/me/" in outcome.failures[0]
    assert "denied for the test" in outcome.failures[0]


# --- extreme values in query strings ----------------------------------------------------------


@pytest.mark.parametrize("persona", ["helpdesk", "opd_user"])
def test_api_lists_answer_extreme_query_values_with_200_or_400(
    persona, make_user, agency, other_agency, location, client_as
):
    world = World(make_user, agency, other_agency, location)
    client = client_as(world.users[persona])
    lists = list_operations(client.get("/api/schema/?format=json").json())
    read, failures = set(), []
    for path, names in lists:
        url = path.replace("{id}", str(agency.pk))  # the only path parameter of a list
        assert "{" not in url, f"a list with a new path parameter: {path}"
        if client.get(url).status_code != 200:
            continue  # a list the persona may not read (the fuzzing above checks the refusal)
        read.add(path)
        failures += extreme_query_failures(client, url, names)
    assert {"/api/v1/tickets/", "/api/v1/installation-requests/"} <= read
    assert not failures, "\n".join(failures)


# the first subject of the access matrix allowed on a page reads it (role-specific pages first)
PAGE_READERS = [*Role.values, "admin"]


def page_rows():
    """The access matrix's GET pages without a record in their address."""
    return [
        row
        for row in load_rows()
        if row.method == "GET"
        and "{" not in row.url
        and not row.url.startswith("/api/")
        and not row.url.lstrip("/").startswith(EXCLUDED_PREFIXES)
        and any(row.expect[subject] == "allow" for subject in PAGE_READERS)
    ]


def test_list_pages_answer_extreme_query_values_with_200_or_400(
    make_user, agency, other_agency, location, admin_user
):
    world = World(make_user, agency, other_agency, location)
    readers = {
        **{role: make_user(Role(role)) for role in Role.values},
        "technician": world.users["technician"],  # the one the tickets are assigned to
        "admin": admin_user,
    }
    targets: dict[tuple[str, str], set[str]] = {}
    for row in page_rows():
        reader = next(s for s in PAGE_READERS if row.expect[s] == "allow")
        client = Client()
        client.force_login(readers[reader])
        page = client.get(row.url)
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue  # not a page (an export, JSON for a widget): reached through its list's links
        for path, names in query_names_of_page(
            urlsplit(row.url).path, page.content.decode()
        ).items():
            targets.setdefault((reader, path), set()).update(names | {"page"})
    declared = {path: names for (_reader, path), names in targets.items()}
    assert {"q", "created_from", "page"} <= declared["/tickets/"]
    failures = []
    for (reader, path), names in sorted(targets.items()):
        client = Client()
        client.force_login(readers[reader])
        failures += [f"{reader}: {f}" for f in extreme_query_failures(client, path, names)]
    assert not failures, "\n".join(failures)
