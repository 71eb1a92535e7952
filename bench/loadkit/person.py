"""A virtual person: signs in through the form, then does its role's tasks with think time
before every page; the tasks every member of the office's staff does."""

from __future__ import annotations

import json
import random
import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlencode, urljoin

from loadkit.browser import Browser, Conflicted, Failed, Response, local
from loadkit.recording import Recorder
from loadkit.words import PHRASES, SEARCHES

NEXT_LINK = re.compile(r'href="([^"]*cursor=[^"]*)"[^>]*data-testid="next-page"')


def think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


class Idle(Exception):
    """Nothing to do for this task now (no ticket in the needed state, taken by someone)."""


class Person:
    """A virtual user: signs in, then does its role's tasks — each once in order (the morning
    round), then at random by weight — with think time before every page."""

    role = ""
    tasks: list[tuple[str, int]] = []  # (method name, weight)

    def __init__(self, account: dict, world: dict, recorder: Recorder, options, seed: int):
        self.account, self.world, self.recorder, self.options = account, world, recorder, options
        self.rng = random.Random(seed)  # noqa: S311 — load mix, not secrets
        self.browser = Browser(world["port"], recorder, options.request_timeout)
        self.seen: list[int] = []  # ticket ids met on the way

    # helpers

    def think(self) -> None:
        low, high = self.options.think
        self.world["stop"].wait(self.rng.uniform(low, high))

    def go(self, path: str, kind: str, **kwargs) -> Response:
        """Open a page the way a person does: after a moment of thinking."""
        self.think()
        return self.browser.request("GET", path, kind, **kwargs)

    def remember(self, response: Response, pattern: str = r'href="/tickets/(\d+)/"') -> None:
        found = [int(pk) for pk in response.links(pattern)]
        if found:
            self.seen = (self.seen + found)[-200:]

    def a_ticket(self) -> int | None:
        return self.rng.choice(self.seen) if self.seen else None

    def sign_in(self) -> None:
        page = self.browser.request("GET", "/accounts/login/", "sign-in page").page()
        form = page.form(r"/accounts/login/") or page.forms[0]
        self.think()
        response = self.browser.request(
            "POST",
            "/accounts/login/",
            "sign in (form)",
            data=form.data(username=self.account["username"], password=self.world["password"]),
        )
        if response.status != 302:
            self.recorder.add("sign in (form)", response.status, 0, error="sign-in refused")
            raise Failed
        self.browser.signed_in = True
        home = self.browser.request("GET", local(response.headers["Location"]), "home")
        # the page's scripts and styles, once: the browser caches them afterwards
        for asset in sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', home.text))):
            self.browser.request("GET", asset, "static file")

    def run(self) -> None:
        stop = self.world["stop"]
        while not stop.is_set():
            try:
                self.sign_in()
                self.world["signed_in"].append(self.account["username"])
                break
            except Failed:
                stop.wait(5)
        names = [name for name, _weight in self.tasks if self.enabled(name)]
        weights = [weight for name, weight in self.tasks if self.enabled(name)]
        order = list(names)
        while not stop.is_set() and time.monotonic() < self.world["deadline"]:
            name = order.pop(0) if order else self.rng.choices(names, weights)[0]
            try:
                getattr(self, name)()
                outcome = "done"
            except Idle:
                outcome = "nothing to do"
            except Conflicted:
                outcome = "conflict"
            except Failed:
                outcome = "failed"
            self.recorder.task_done(self.role, name, outcome)

    def enabled(self, name: str) -> bool:
        return name not in self.world["left_out"]

    # tasks shared by the office's staff

    def home(self) -> None:
        self.go("/", "home")

    def desk_list(self) -> None:
        """The desk list with a filter or sort, then a few pages on by the Next link."""
        params = self.rng.choice(
            [
                {},
                {"state": "open"},
                {"state": "open", "priority": "high"},
                {"sort": self.rng.choice(["-created", "priority", "-due", "agency", "state"])},
                {"q": self.rng.choice(SEARCHES)},
                {"sla": "attention"},
                {"organization": self.rng.choice(self.world["places"])["organization"]},
                {
                    "created_from": (
                        datetime.now().astimezone().date() - timedelta(days=30)
                    ).isoformat()
                },
            ]
        )
        kind = "desk list (filtered)" if params else "desk list"
        response = self.go("/tickets/" + (f"?{urlencode(params)}" if params else ""), kind)
        self.remember(response)
        for _n in range(self.rng.choice([0, 0, 1, 1, 2, 3])):
            found = NEXT_LINK.search(response.text)
            if not found:
                break
            link = found.group(1).replace("&amp;", "&")
            htmx = self.rng.random() < 0.5  # the page's own HTMX swap, or a plain link
            response = self.go(
                urljoin("/tickets/", link),
                "desk list next page (cursor)",
                headers={"HX-Request": "true"} if htmx else None,
            )
            self.remember(response)

    def ticket_page(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            self.desk_list()
        else:
            self.go(f"/tickets/{pk}/", "ticket page")

    def action_from_list(self, state: str, action: str, **values) -> None:
        """Find a ticket in `state` on the list, open it, fire `action` through its form."""
        listing = self.go(f"/tickets/?state={state}&sort=created", "desk list (filtered)")
        found = [int(pk) for pk in re.findall(r'href="/tickets/(\d+)/"', listing.text)]
        if not found:
            raise Idle
        pk = self.rng.choice(found[:10])
        response = self.go(f"/tickets/{pk}/", "ticket page")
        form = response.page().form(rf"/tickets/{pk}/action/{action}/$")
        if form is None:  # someone else took it meanwhile
            raise Idle
        for name, value in values.items():
            if callable(value):  # chosen by looking at the page
                values[name] = value(form, response.text)
        self.think()
        self.browser.submit(form, f"{action} (form)", "ticket page", **values)

    def comment_form(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        page = self.go(f"/tickets/{pk}/", "ticket page").page()
        form = page.form(rf"/tickets/{pk}/comments/$")
        if form is None:
            raise Idle
        self.think()
        internal = "on" if self.rng.random() < 0.5 else None
        self.browser.submit(
            form,
            "comment (form)",
            "ticket page",
            body=f"Sudah dihubungi, {self.rng.choice(PHRASES).lower()}.",
            internal=internal,
        )

    def pdf_desk(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(f"/tickets/{pk}/form.pdf", "PDF (desk)", expect=b"%PDF")

    def pdf_api(self) -> None:
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(
            f"/api/v1/tickets/{pk}/form.pdf",
            "PDF (API)",
            headers={"Accept": "application/pdf"},
            expect=b"%PDF",
        )

    def api_list(self) -> None:
        params = self.rng.choice(
            [{"state": "open"}, {"ordering": "priority"}, {"q": self.rng.choice(SEARCHES)}, {}]
        )
        response = self.go("/api/v1/tickets/?" + urlencode(params), "API list")
        self.seen = (self.seen + [row["id"] for row in json.loads(response.body)["results"]])[-200:]

    def export(self) -> None:
        fmt = self.rng.choice(["csv", "xlsx"])
        since = (
            datetime.now().astimezone().date() - timedelta(days=self.rng.choice([7, 30]))
        ).isoformat()
        self.go(
            f"/tickets/export/{fmt}/?state=open&created_from={since}",
            f"export {fmt.upper()}",
            expect=b"PK" if fmt == "xlsx" else None,
        )

    def installations(self) -> None:
        """The installation requests (SOP 1): the list, one request, and a PDF it links to."""
        listing = self.go("/installations/", "installations list")
        pages = listing.links(r'href="(/installations/\d+/)"')
        if pages:
            page = self.go(self.rng.choice(pages), "installation page")
            pdfs = page.links(r'href="(/installations/\d+/[^"]+\.pdf)"')
            if pdfs and self.rng.random() < 0.3:
                self.go(self.rng.choice(pdfs), "installation PDF", expect=b"%PDF")
