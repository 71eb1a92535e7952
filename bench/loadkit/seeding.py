"""The load accounts and the morning's work, made inside Django: run as
`python -m loadkit.seeding COUNTS (--top-up | -)` by `preparation.seed`, with the environment of
the server and LOAD_PASSWORD; prints what the load needs as JSON."""

from __future__ import annotations

import json
import os
import random
import sys
from collections import defaultdict

from loadkit.words import NAMES, PHRASES

TECHNICIAN_QUEUE = 3  # tickets waiting for each technician when the day starts


def seed_command(counts: dict[str, int], password: str, top_up: bool) -> None:
    """(Runs in a Django subprocess.) One account per virtual user, all with `password`; with
    `top_up`, the morning's work: TECHNICIAN_QUEUE tickets dispatched to every load technician,
    new and triaged complaints for the helpdesk, a few reports of each agency user. Prints what
    the load needs as JSON."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from silajar.accounts import services as account_services
    from silajar.accounts.models import User
    from silajar.organizations.models import Location, Organization
    from silajar.tickets import services
    from silajar.tickets.models import Ticket
    from silajar.tickets.workflows import TICKET_FLOW

    admin = User.objects.get(username="admin")
    office = Organization.objects.get(short_name="DISKOMINFO")
    agencies = list(
        Organization.objects.filter(is_active=True).exclude(pk=office.pk).order_by("pk")
    )
    places: dict[int, list[int]] = defaultdict(list)
    for pk, org in Location.objects.filter(is_active=True).values_list("pk", "organization_id"):
        places[org].append(pk)
    accounts: dict[str, list[dict]] = {}
    for role, count in counts.items():
        accounts[role] = []
        for n in range(1, count + 1):
            username = f"load-{role.replace('_', '-')}-{n:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                with transaction.atomic():
                    user = account_services.user_create(
                        actor=admin,
                        roles=[role],
                        send_invitation=False,
                        username=username,
                        email=f"{username}@load.example.org",
                        full_name=f"Load {role.replace('_', ' ').title()} {n:02d}",
                        organization=agencies[(n - 1) % len(agencies)]
                        if role == "opd_user"
                        else office,
                    )
            accounts[role].append(
                {"username": username, "id": user.pk, "organization": user.organization_id}
            )
    # one hash for all: the load signs in through the form, it does not need distinct ones
    User.objects.filter(username__startswith="load-").update(password=make_password(password))
    rng = random.Random(5)  # noqa: S311 — test data
    helpdesk = User.objects.get(username=accounts["helpdesk"][0]["username"])

    def complaint(actor, organization, **extra) -> Ticket:
        location = rng.choice(places[organization.pk]) if places[organization.pk] else None
        return services.ticket_create(
            actor=actor,
            channel="phone",
            organization=organization,
            description=rng.choice(PHRASES),
            reporter_name=rng.choice(NAMES),
            reporter_phone="081234567890",
            location=Location.objects.get(pk=location) if location else None,
            scope=rng.choice(["whole_location", "single_device"]),
            **extra,
        )

    if top_up:
        for tech in accounts["technician"]:
            waiting = Ticket.objects.filter(
                assigned_to_id=tech["id"], state__in=["dispatched", "in_progress"]
            ).count()
            for _n in range(TECHNICIAN_QUEUE - waiting):
                ticket = complaint(helpdesk, rng.choice(agencies))
                ticket = TICKET_FLOW.act(obj=ticket, action="triage", actor=helpdesk)
                TICKET_FLOW.act(
                    obj=ticket, action="dispatch", actor=helpdesk, technician=tech["id"]
                )
        wanted = 3 * len(accounts["helpdesk"])
        for _n in range(wanted - Ticket.objects.filter(state="new").count()):
            complaint(helpdesk, rng.choice(agencies))
        for _n in range(wanted - Ticket.objects.filter(state="triage").count()):
            TICKET_FLOW.act(
                obj=complaint(helpdesk, rng.choice(agencies)), action="triage", actor=helpdesk
            )
        for person in accounts["opd_user"]:
            user = User.objects.get(pk=person["id"])
            for _n in range(3 - Ticket.objects.filter(reporter=user).count()):
                complaint(user, user.organization)
    locations = [
        {"organization": org, "location": pk}
        for org, pks in places.items()
        if org != office.pk
        for pk in pks[:3]
    ]
    print(
        json.dumps(
            {
                "accounts": accounts,
                "places": locations,
                "tickets": Ticket.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    seed_command(json.loads(sys.argv[1]), os.environ["LOAD_PASSWORD"], sys.argv[2] == "--top-up")
