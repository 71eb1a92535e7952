"""API fuzzing with schemathesis: every operation of `/api/schema/`, as one persona (a role).

The app runs in process (WSGI, the test's own database transaction); schemathesis generates
valid and invalid requests from the live OpenAPI schema, so new endpoints are fuzzed without
edits. Each response must not be a server error, must conform to the schema (documented status
code, content type and body) and must not be a 2xx the persona is denied (`Persona.denied`)."""

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

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
