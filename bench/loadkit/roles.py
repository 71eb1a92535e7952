"""The four kinds of people of the day and their tasks by weight: helpdesk, section heads,
technicians and agency users."""

from __future__ import annotations

import html
import json
import re

from loadkit.browser import Form
from loadkit.person import Idle, Person
from loadkit.words import NAMES, PHRASES


class Helpdesk(Person):
    role = "helpdesk"
    tasks = [
        ("home", 2),
        ("desk_list", 20),
        ("intake", 6),
        ("triage", 6),
        ("dispatch_api", 5),
        ("ticket_page", 14),
        ("create_api", 2),
        ("comment_form", 4),
        ("api_list", 3),
        ("pdf_desk", 2),
        ("pdf_api", 1),
        ("export", 1),
        ("installations", 2),
    ]

    def triage(self) -> None:
        self.action_from_list("new", "triage")

    def dispatch_api(self) -> None:
        response = self.go("/api/v1/tickets/?state=triage&ordering=created", "API list")
        rows = json.loads(response.body)["results"]
        if not rows:
            raise Idle
        row = self.rng.choice(rows[:10])
        technician = self.rng.choice(self.world["accounts"]["technician"])["id"]
        self.think()
        self.browser.request(
            "POST",
            f"/api/v1/tickets/{row['id']}/dispatch/",
            "dispatch (API)",
            json_body={"version": row["version"], "technician": technician},
            conflict_ok=True,
        )

    def intake(self) -> None:
        """A phone call: the intake screen, the agency's places (HTMX), log or dispatch."""
        page = self.go("/tickets/new/", "intake page").page()
        form = page.form(r"/tickets/new/$")
        organizations = [v for v in form.options["organization"] if v]
        organization = self.rng.choice(organizations)
        places = self.browser.request(
            "GET",
            f"/tickets/new/locations/?organization={organization}",
            "intake places (HTMX)",
            headers={"HX-Request": "true"},
        )
        locations = re.findall(r'<option value="(\d+)"', places.text)
        dispatch = self.rng.random() < 0.3
        technicians = [v for v in form.options["technician"] if v]
        self.think()
        self.browser.submit(
            form,
            "intake (form)",
            "ticket page",
            conflict_ok=False,
            channel=self.rng.choice(["phone", "whatsapp", "email", "walk_in"]),
            reporter_name=self.rng.choice(NAMES),
            reporter_phone="08125550123",
            reporter_unit="Bidang Umum",
            organization=organization,
            location=self.rng.choice(locations) if locations else "",
            scope=self.rng.choice(["whole_location", "single_device"]),
            category=self.rng.choice(form.options["category"]),
            description=self.rng.choice(PHRASES),
            intent="dispatch" if dispatch and technicians else "log",
            technician=self.rng.choice(technicians) if dispatch and technicians else "",
        )

    def create_api(self) -> None:
        place = self.rng.choice(self.world["places"])
        response = self.browser.request(
            "POST",
            "/api/v1/tickets/",
            "create (API)",
            json_body={
                "channel": "whatsapp",
                "organization": place["organization"],
                "location": place["location"],
                "reporter_name": self.rng.choice(NAMES),
                "reporter_phone": "081234567890",
                "description": self.rng.choice(PHRASES),
                "scope": "whole_location",
            },
        )
        self.seen.append(json.loads(response.body)["id"])


class SectionHead(Person):
    role = "section_head"
    tasks = [
        ("home", 3),
        ("desk_list", 20),
        ("ticket_page", 15),
        ("reassign", 4),
        ("api_list", 3),
        ("pdf_desk", 1),
        ("export", 2),
        ("installations", 3),
    ]

    def reassign(self) -> None:
        def another(form: Form, page: str) -> str:
            shown = re.search(r'data-testid="ticket-technician">([^<]*)<', page)
            current = html.unescape(shown.group(1)).strip() if shown else ""
            labels = form.labels["reassign-technician"]
            choices = [v for v, label in labels.items() if v and label != current]
            if not choices:
                raise Idle
            return self.rng.choice(choices)

        self.action_from_list("dispatched", "reassign", **{"reassign-technician": another})


class Technician(Person):
    role = "technician"
    tasks = [
        ("home", 2),
        ("field_queue", 10),
        ("field_work", 12),
        ("field_pdf", 1),
        ("my_tickets_api", 3),
        ("comment_api", 3),
        ("desk_list_mine", 3),
        ("ticket_page", 3),
    ]

    def field_queue(self) -> None:
        response = self.go("/tickets/field/", "field queue")
        self.remember(response, r'href="/tickets/field/(\d+)/"')

    def field_work(self) -> None:
        """Open the first ticket of the queue; start on site, or report the repair."""
        queue = self.go("/tickets/field/", "field queue")
        mine = [int(pk) for pk in re.findall(r'href="/tickets/field/(\d+)/"', queue.text)]
        if not mine:
            raise Idle
        pk = mine[0] if self.rng.random() < 0.7 else self.rng.choice(mine)
        page = self.go(f"/tickets/field/{pk}/", "field ticket page").page()
        start = page.form(rf"/tickets/field/{pk}/start/$")
        resolve = page.form(rf"/tickets/field/{pk}/resolve/$")
        self.think()
        if start is not None:
            self.browser.submit(start, "start (field form)", "field ticket page")
        elif resolve is not None:
            self.browser.submit(
                resolve,
                "resolve (field form)",
                "field ticket page",
                diagnosis="Konektor RJ45 longgar pada patch panel",
                action_taken="Konektor diganti dan koneksi diuji, internet normal kembali",
                parts_used="1 konektor RJ45",
            )
        else:
            raise Idle

    def field_pdf(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            self.field_queue()
            pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(f"/tickets/field/{pk}/form.pdf", "PDF (field)", expect=b"%PDF")

    def my_tickets_api(self) -> None:
        response = self.go(
            f"/api/v1/tickets/?assigned_to={self.account['id']}&state=open", "API list"
        )
        self.seen = (self.seen + [r["id"] for r in json.loads(response.body)["results"]])[-200:]

    def comment_api(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.think()
        self.browser.request(
            "POST",
            f"/api/v1/tickets/{pk}/comments/",
            "comment (API)",
            json_body={"body": "Dalam perjalanan ke lokasi, perkiraan tiba 30 menit."},
        )

    def desk_list_mine(self) -> None:
        response = self.go("/tickets/?mine=on", "desk list (filtered)")
        self.remember(response)


class AgencyUser(Person):
    role = "opd_user"
    tasks = [
        ("home", 2),
        ("portal_list", 10),
        ("portal_ticket", 10),
        ("portal_report", 3),
        ("portal_comment", 3),
        ("portal_pdf", 2),
        ("installations", 2),
    ]

    def portal_list(self) -> None:
        response = self.go("/tickets/portal/", "portal list")
        self.remember(response, r'href="/tickets/portal/(\d+)/"')

    def portal_ticket(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            self.portal_list()
        else:
            self.go(f"/tickets/portal/{pk}/", "portal ticket page")

    def portal_report(self) -> None:
        """Self-help first: who is affected, the steps, then still broken → the report."""
        self.go("/tickets/self-help/", "portal report pages")
        scope = self.rng.choice(["whole_location", "single_device"])
        self.go(f"/tickets/self-help/?scope={scope}", "portal report pages")
        page = self.go(f"/tickets/self-help/?scope={scope}&step=form", "portal report pages")
        form = page.page().form(r"/tickets/self-help/$")
        locations = [v for v in form.options["location"] if v]
        self.think()
        response = self.browser.submit(
            form,
            "portal report (form)",
            "portal ticket page",
            conflict_ok=False,
            location=self.rng.choice(locations) if locations else "",
            description=self.rng.choice(PHRASES),
            reporter_unit="Subbagian Umum",
            reporter_phone="081345678901",
        )
        created = re.search(r"/tickets/portal/(\d+)/", response.path)
        if created:
            self.seen.append(int(created.group(1)))

    def portal_comment(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        page = self.go(f"/tickets/portal/{pk}/", "portal ticket page").page()
        form = page.form(rf"/tickets/portal/{pk}/comment/$")
        if form is None:
            raise Idle
        self.think()
        self.browser.submit(
            form, "portal comment (form)", "portal ticket page", body="Terima kasih, kami tunggu."
        )

    def portal_pdf(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(f"/tickets/portal/{pk}/form.pdf", "PDF (portal)", expect=b"%PDF")


PEOPLE = {cls.role: cls for cls in (Helpdesk, Technician, SectionHead, AgencyUser)}
# Parts of the app that may not exist yet: task name → (role that probes it, path). A 404 at
# start-up leaves the task out, and the report says so.
OPTIONAL = {"installations": ("helpdesk", "/installations/")}
