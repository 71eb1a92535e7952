"""The day's people: who they are, what they share, their arrival, the parts of the app left out
because this build does not have them, and the workers warmed up before anything is measured."""

from __future__ import annotations

import contextlib
import json
import threading

from loadkit.browser import Browser, Failed
from loadkit.person import Person
from loadkit.recording import Recorder
from loadkit.roles import OPTIONAL, PEOPLE, Helpdesk


def new_world(port: int, password: str, info: dict, stop: threading.Event) -> dict:
    """What the virtual people share: the server, the accounts and places `seed` reported, the
    stop signal, and the end of the day (`deadline`, set when measuring starts)."""
    return {
        "port": port,
        "password": password,
        "accounts": info["accounts"],
        "places": info["places"],
        "stop": stop,
        "left_out": set(),
        "signed_in": [],
        "deadline": float("inf"),
    }


def cast(counts: dict[str, int], world: dict, recorder: Recorder, options) -> list[Person]:
    """One virtual person per account, `counts` of each role, all recording into `recorder`."""
    people: list[Person] = []
    for role, count in counts.items():
        for n in range(count):
            account = world["accounts"][role][n]
            people.append(PEOPLE[role](account, world, recorder, options, seed=len(people)))
    return people


def arrive(people: list[Person], stop: threading.Event, over: float) -> list[threading.Thread]:
    """Start everyone's day in a thread of their own, arrivals spread over `over` seconds."""
    threads = []
    for index, person in enumerate(people):
        delay = over * index / max(1, len(people))
        thread = threading.Thread(
            target=lambda p=person, d=delay: (stop.wait(d), p.run()), daemon=True
        )
        thread.start()
        threads.append(thread)
    return threads


def probe_optional(world: dict, options) -> list[str]:
    """The optional tasks whose pages answer 404 here (printed); any other answer keeps them."""
    left_out = []
    for task, (role, path) in OPTIONAL.items():
        probe = Recorder()
        person = PEOPLE[role](world["accounts"][role][0], world, probe, options, 0)
        person.sign_in()
        try:
            person.browser.request("GET", path, "probe")
        except Failed:
            if probe.statuses["probe"][404]:
                left_out.append(task)
                print(f"· left out: {task} (GET {path} answers 404 in this build)")
    return left_out


def warm_up_workers(world: dict, options, count: int) -> None:
    """Every worker imports and warms what the day needs (PDF, spreadsheet) before memory is
    measured: `count` concurrent requests of each heavy kind, outside the figures."""
    person = Helpdesk(world["accounts"]["helpdesk"][0], world, Recorder(), options, 1)
    person.sign_in()
    rows = json.loads(person.browser.request("GET", "/api/v1/tickets/", "warm-up").body)
    pk = rows["results"][0]["id"]
    paths = [f"/api/v1/tickets/{pk}/form.pdf", "/tickets/export/xlsx/?state=open", "/tickets/"]
    for path in paths:
        threads = [
            threading.Thread(target=_get_quietly, args=(person.browser, path))
            for _n in range(count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _get_quietly(browser: Browser, path: str) -> None:
    twin = Browser(browser.port, Recorder(), browser.timeout)
    twin.cookies, twin.signed_in = dict(browser.cookies), True
    with contextlib.suppress(Failed):
        twin.request("GET", path, "warm-up")
