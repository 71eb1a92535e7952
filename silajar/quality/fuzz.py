"""API fuzzing with schemathesis: every operation of `/api/schema/`, as one persona (a role).

The app runs in process (WSGI, the test's own database transaction); schemathesis generates
valid and invalid requests from the live OpenAPI schema, so new endpoints are fuzzed without
edits. Each response must not be a server error, must conform to the schema (documented status
code, content type and body) and must not be a 2xx the persona is denied (`Persona.denied`)."""

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from silajar.accounts.tests.factories import issue_token

SCHEMA_PATH = "/api/schema/?format=json"
# Examples per operation and persona: `SILAJAR_CHECK_SIZE=full` for the long run (make check-all).
EXAMPLES = {"small": 4, "full": 100}


def check_size() -> str:
    return "full" if os.environ.get("SILAJAR_CHECK_SIZE") == "full" else "small"


Denial = Callable[[str, dict[str, Any], Any], str | None]


@dataclass
class Persona:
    """Who calls: a name, the auth headers, and what they must never get a 2xx for.

    `denied(path_template, path_parameters, json_body)` returns why a 2xx response is not
    allowed for this persona, or None."""

    name: str
    headers: dict[str, str]
    denied: Denial


@dataclass
class Outcome:
    """What one persona's run did: operations, cases sent, statuses received, failures."""

    persona: str
    operations: int = 0
    cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        statuses = " ".join(f"{code}:{n}" for code, n in sorted(self.statuses.items()))
        return (
            f"api fuzz [{check_size()}] {self.persona}: {self.operations} operations, "
            f"{self.cases} cases in {self.seconds:.1f}s; statuses {statuses}; "
            f"{len(self.failures)} failing operations"
        )


@contextmanager
def in_process_app() -> Iterator[Any]:
    """Django's WSGI app for calls inside the test's transaction.

    Like Django's test client: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def token_headers(user) -> dict[str, str]:
    return {"Authorization": f"Token {issue_token(user)}"}


def load_schema(app, *, headers: dict[str, str]):
    """The live OpenAPI schema, fetched from `/api/schema/` (it needs a signed-in caller)."""
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, app, headers=headers)


def is_public(operation) -> bool:
    """True when the schema says the operation needs no authentication (`security: [{}]`/none)."""
    security = operation.definition.raw.get("security")
    if security is None:
        security = operation.schema.raw_schema.get("security")
    return not security or {} in security


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def _strategy(operation, headers: dict[str, str]):
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    return st.one_of(
        *[operation.as_strategy(generation_mode=mode, headers=headers or None) for mode in modes]
    )


def _json(response) -> Any:
    if "json" not in response.headers.get("Content-Type", [""])[0]:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _denied_check(persona: Persona):
    """A schemathesis check: no 2xx for what the persona is denied."""

    def denied_response(ctx, response, case) -> bool | None:
        if not 200 <= response.status_code < 300:
            return None
        reason = persona.denied(case.operation.path, case.path_parameters or {}, _json(response))
        if reason:
            raise AssertionError(
                f"{persona.name} got {response.status_code} on {case.operation.label} "
                f"{case.path_parameters or ''}: {reason}"
            )
        return None

    return denied_response


def fuzz(
    schema,
    app,
    persona: Persona,
    *,
    ids: Mapping[str, Sequence[int]],
    tweak: Callable[[Any, Any], None] | None = None,
    derandomize: bool | None = None,
) -> Outcome:
    """Run every operation of the schema as `persona`; collect failures instead of stopping.

    `ids` are existing primary keys (see `id_pool`): path parameters take one of them three
    times out of four, so requests reach real objects, not only 404s. `tweak(case, data)` may
    adjust a case."""
    size = check_size()
    derandomize = size != "full" if derandomize is None else derandomize
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        _denied_check(persona),
    ]
    outcome = Outcome(persona.name)
    started = time.monotonic()
    for operation in operations(schema):
        outcome.operations += 1
        run = _operation_test(
            operation, app, persona, checks, outcome, ids=ids, tweak=tweak, derandomize=derandomize
        )
        try:
            run()
        except (Exception, FailureGroup) as error:  # every failing operation is reported
            outcome.failures.append(f"--- {persona.name} {operation.label}\n{error}")
    outcome.seconds = time.monotonic() - started
    return outcome


def _operation_test(operation, app, persona, checks, outcome, *, ids, tweak, derandomize):
    """A Hypothesis test that sends generated requests for one operation."""
    size = check_size()
    strategy = _strategy(operation, persona.headers)

    @settings(
        max_examples=EXAMPLES[size],
        deadline=None,
        database=None,
        derandomize=derandomize,
        phases=[Phase.generate, Phase.shrink] if size == "full" else [Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(data=st.data())
    def run(data):
        case = data.draw(strategy)
        for name in list(case.path_parameters or {}):
            pool = id_pool(ids, operation.path, name)
            if pool and data.draw(st.integers(0, 3)):
                case.path_parameters[name] = data.draw(st.sampled_from(pool))
        if tweak is not None:
            tweak(case, data)
        response = case.call(app=app, headers=persona.headers)
        outcome.cases += 1
        outcome.statuses[response.status_code] += 1
        case.validate_response(response, checks=checks, headers=persona.headers)

    return run


# --- reading responses for the denial rules ---------------------------------------------------


def records(body: Any) -> list[dict]:
    """The objects of a JSON response: the page's `results`, a list, or the object itself."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        body = body["results"]
    if isinstance(body, list):
        return [row for row in body if isinstance(row, dict)]
    return [body] if isinstance(body, dict) else []


def organization_of(row: dict) -> int | None:
    value = row.get("organization")
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, int) else None


def id_pool(ids: Mapping[str, Sequence[int]], path: str, name: str) -> Sequence[int]:
    """Existing keys for path parameter `name` of `path`: `ids["tickets.attachment_id"]`, else
    `ids["tickets"]` for `{id}`, else `ids["*"]` (any key: a new resource still hits objects)."""
    for key in (f"{resource(path)}.{name}", resource(path) if name == "id" else None, "*"):
        if key in ids:
            return ids[key]
    return ()


def resource(path: str) -> str:
    """`/api/v1/tickets/{id}/comments/` → `tickets`."""
    match = re.match(r"/api/v1/([^/{]+)", path)
    return match.group(1) if match else ""


# --- extreme values in query strings ----------------------------------------------------------

# As they stand in a query string (percent-encoded where they are not plain ASCII): numbers
# beyond any column, below zero, zero, fractions, NaN and infinities, nothing, very long text,
# bytes that are not UTF-8, a NUL, digits int() refuses ("²"), dates out of any range.
EXTREME_VALUES: tuple[str, ...] = (
    "9" * 25,
    str(2**63),
    str(2**31),
    "-1",
    "-" + "9" * 25,
    "0",
    "1.5",
    "1e309",
    "NaN",
    "-inf",
    "",
    "x" * 5000,
    "%FF%FE%FD",
    "%00",
    "%C2%B2",
    "%",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "2026-02-30",
    "-2026-01-01",
)
# A list answers its page (200) or refuses the query (400); nothing else.
ACCEPTED_STATUSES = (200, 400)


def list_operations(schema: dict) -> list[tuple[str, list[str]]]:
    """(path, query parameter names) of every paged list of an OpenAPI schema (JSON): the GET
    operations that take a `page`."""
    lists = []
    for path, methods in schema["paths"].items():
        names = [
            parameter["name"]
            for parameter in methods.get("get", {}).get("parameters", [])
            if parameter["in"] == "query"
        ]
        if "page" in names:
            lists.append((path, names))
    return lists


class _QueryNames(HTMLParser):
    """Query parameter names a page declares: its GET forms' fields and its links' queries."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.names: dict[str, set[str]] = {path: set()}  # {path: names}
        self.in_get_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.in_get_form = (attributes.get("method") or "get").lower() == "get"
            self.form_path = urlsplit(attributes.get("action") or self.path).path or self.path
        elif tag in ("input", "select", "textarea") and self.in_get_form:
            if attributes.get("name") and attributes.get("type") not in ("submit", "button"):
                self.names.setdefault(self.form_path, set()).add(attributes["name"])
        elif tag == "a" and "?" in (attributes.get("href") or ""):
            link = urlsplit(attributes["href"])
            if link.path and not link.path.startswith("/") or link.netloc:
                return
            names = {name for name, _value in parse_qsl(link.query, keep_blank_values=True)}
            self.names.setdefault(link.path or self.path, set()).update(names)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def query_names_of_page(path: str, html: str) -> dict[str, set[str]]:
    """{path: query parameter names} declared by the page at `path`: the fields of its GET
    forms and the parameters of its links with a query string (pagination, sorting, exports),
    for the page itself and for the addresses they lead to."""
    parser = _QueryNames(path)
    parser.feed(html)
    return {target: names for target, names in parser.names.items() if names}


def extreme_query_failures(client, path: str, names: Iterable[str]) -> list[str]:
    """Each parameter alone with each extreme value, sent by a Django test `client`: every
    answer that is neither 200 nor 400, and every exception the app let through."""
    failures = []
    for name in sorted(names):
        for value in EXTREME_VALUES:
            url = f"{path}?{name}={value}"
            try:
                status = client.get(url).status_code
            except Exception as error:  # noqa: BLE001 — each one is reported
                failures.append(f"{type(error).__name__} ({error}) GET {url[:120]}")
                continue
            if status not in ACCEPTED_STATUSES:
                failures.append(f"{status} GET {url[:120]}")
    return failures
