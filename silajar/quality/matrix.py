"""The access matrix (access_matrix.csv beside this file): who may reach which page and API
endpoint. This module reads the table and lists the project's URL patterns, so that
quality/tests/test_access_matrix.py can walk the table against the live app and name every
endpoint without a row.

One row is one request: `route` (the URL pattern, as listed by `project_routes`), `method`,
`url` (the concrete request; `{key}` is the primary key of an object of the test's fixture world,
`{key.field}` one of its fields), `data` (the body of an unsafe request, URL-encoded) and one
verdict per subject (SUBJECTS). A route may have several rows.

The rows of the workflow actions (a record page's `<pk>/action/<name>/` and the API's
`<pk>/<action>/`) are not written in the table: `action_rows` derives one per action and channel
from each workflow table (`core.workflow.workflows()`) and the routes that serve it, so a new
procedure gets its rows with its table. Their verdicts follow from the table and the record's
own page (quality/tests/matrix_actions.py): who may not see the record is refused as there, who
sees it gets the action when one of the action's `allowed` roles or predicates is theirs, and a
403 otherwise.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from silajar.accounts.roles import Role
from silajar.core.workflow import Workflow
from silajar.core.workflow_views import WorkflowActionView

MATRIX_PATH = Path(__file__).with_name("access_matrix.csv")

# Who asks: nobody signed in, one user per role (agency roles belong to the objects' agency A),
# a superuser, an agency user of another agency (B) and another provider.
SUBJECTS: tuple[str, ...] = (
    "anonymous",
    *Role.values,
    "admin",
    "opd_user_other",
    "provider_other",
)

# allow: reached (not 401/403/404/405, not 5xx; anonymous: not sent to the sign-in page)
# deny:  403, refused for who the user is (role, permission)
# hide:  404, the object is not visible to the user: it must not even learn it exists
# login: anonymous only: pages redirect to the sign-in page, the API answers 401/403
VERDICTS = frozenset({"allow", "deny", "hide", "login"})

# Django's own admin has its own staff login and is not part of the product's role model.
EXCLUDED_PREFIXES = ("django-admin/",)

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_PK = re.compile(r"<(?:\w+:)?pk>")
RECORD = "{record}"
_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Row:
    line: int
    route: str
    method: str
    url: str
    data: str
    expect: dict[str, str]
    note: str
    # a derived workflow action's row: its workflow, action and channel ("page" or "api");
    # `{record}` in its url and data stands for the record the action is tried on
    flow: str = ""
    action: str = ""
    channel: str = ""


@dataclass(frozen=True)
class Endpoint:
    route: str
    methods: frozenset[str] | None  # the methods the view serves, when it says so (DRF views)


def normalise(route: str) -> str:
    """A route as the table writes it: no regex anchors, named groups as `<name>`."""
    return _GROUP.sub(r"<\1>", route.removeprefix("^").removesuffix("$"))


def _join(prefix: str, route: str) -> str:
    # as django.urls.resolvers.URLResolver._join_route
    return prefix + route.removeprefix("^") if prefix else route


def _served_methods(callback) -> frozenset[str] | None:
    """The methods a DRF view serves; None for Django views (not introspectable: decorators
    such as require_POST do not say, and FormView's PUT is only an alias of POST)."""
    actions = getattr(callback, "actions", None)  # a DRF viewset's {method: action}
    view_class = getattr(callback, "cls", None)
    if view_class is None:
        return None
    offered = set(getattr(view_class, "http_method_names", _METHODS))
    if actions is not None:
        return frozenset(m.upper() for m in actions if m in offered and m in _METHODS)
    return frozenset(m.upper() for m in _METHODS if m in offered and hasattr(view_class, m))


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        route = _join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def project_routes() -> dict[str, Endpoint]:
    """Every URL pattern of the project but the excluded ones, by normalised route."""
    endpoints = {}
    for raw, callback in _walk(get_resolver().url_patterns):
        route = normalise(raw)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        endpoints[route] = Endpoint(route, _served_methods(callback))
    return endpoints


def route_of(path: str) -> str:
    """The normalised route of the pattern `path` resolves to."""
    return normalise(resolve(path).route)


def load_rows(path: Path = MATRIX_PATH) -> list[Row]:
    """The table's rows; lines starting with # are comments. Raises on a malformed row."""
    with path.open(newline="", encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if not line.startswith("#")]
    reader = csv.DictReader(line for _n, line in lines)
    expected = ["route", "method", "url", "data", *SUBJECTS, "note"]
    if reader.fieldnames != expected:
        raise ValueError(f"{path.name}: the header must be {','.join(expected)}")
    rows = []
    for (number, _line), record in zip(lines[1:], reader, strict=True):
        expect = {subject: record[subject].strip() for subject in SUBJECTS}
        wrong = {s: v for s, v in expect.items() if v not in VERDICTS}
        if wrong or None in record:
            raise ValueError(f"{path.name}:{number}: bad cells {wrong or record[None]}")
        rows.append(
            Row(
                line=number,
                route=record["route"].strip(),
                method=record["method"].strip().upper(),
                url=record["url"].strip(),
                data=record["data"].strip(),
                expect=expect,
                note=record["note"].strip(),
            )
        )
    return rows


def coverage_problems(rows: list[Row], endpoints: dict[str, Endpoint]) -> list[str]:
    """What is wrong between the table and the URL conf, one line each (empty: all well)."""
    problems = []
    by_route: dict[str, set[str]] = {}
    seen = set()
    for row in rows:
        key = (row.route, row.method, row.url, row.data)
        if key in seen:
            problems.append(f"line {row.line}: duplicate row {row.method} {row.url}")
        seen.add(key)
        by_route.setdefault(row.route, set()).add(row.method)
        endpoint = endpoints.get(row.route)
        if endpoint is None:
            problems.append(f"line {row.line}: no such URL pattern: {row.route}")
            continue
        if endpoint.methods is not None and row.method not in endpoint.methods:
            problems.append(f"line {row.line}: {row.route} does not serve {row.method}")
    for route, endpoint in sorted(endpoints.items()):
        have = by_route.get(route, set())
        if not have:
            problems.append(f"no row for {route}")
        elif endpoint.methods is not None:
            for method in sorted(endpoint.methods - have):
                problems.append(f"no row for {method} {route}")
    return problems


# --- the workflow actions' rows ----------------------------------------------------------------


@dataclass
class WorkflowRoutes:
    """Where one workflow's actions are served: the record page's action route (the generic
    `WorkflowActionView`, routed with `<str:name>`) beside the record's page, and the API's route
    per action (a viewset with `WorkflowActionsMixin`) beside the record's own API route."""

    flow: Workflow
    page: str = ""
    page_record: str = ""
    api: dict[str, str] = field(default_factory=dict)
    api_record: str = ""
    model: type | None = None  # the records' model, as the page view names it


def workflow_routes() -> dict[str, WorkflowRoutes]:
    """{workflow name: where it is served} for every workflow the URL conf serves."""
    found: dict[str, WorkflowRoutes] = {}
    for raw, callback in _walk(get_resolver().url_patterns):
        route = normalise(raw)
        view_class = getattr(callback, "view_class", None)
        if (
            view_class is not None
            and issubclass(view_class, WorkflowActionView)
            and "post" in view_class.http_method_names
            and "<str:name>" in route
        ):
            view = view_class(**callback.view_initkwargs)
            routes = found.setdefault(view.flow.name, WorkflowRoutes(view.flow))
            detail = view.route("detail")
            routes.page, routes.page_record = route, route_of(reverse(detail, args=[1]))
            routes.model = view.model
        flow = getattr(getattr(callback, "cls", None), "workflow", None)
        if isinstance(flow, Workflow):
            routes = found.setdefault(flow.name, WorkflowRoutes(flow))
            actions = getattr(callback, "actions", None) or {}
            method = actions.get("post", "").removesuffix("_action")
            if actions.get("get") == "retrieve":
                routes.api_record = route
            elif actions.get("post", "").endswith("_action") and method in flow.by_name:
                routes.api[method] = route
    return found


def action_rows(inputs: Callable[[str, str, str], str]) -> list[Row]:
    """One POST row per action of every served workflow and per channel: the record page's form
    (its fields prefixed with the action's name, with the version the user saw) and the API.
    `inputs(workflow, action, channel)` is the action's input, URL-encoded as the table's `data`
    (a page's fields without their prefix); `{record}` stands for the record. Their verdicts are
    left for the walk to derive (`expect` is empty)."""
    rows = []
    for name, routes in sorted(workflow_routes().items()):
        for action in routes.flow.actions:
            wanted = [("page", routes.page)] if routes.page else []
            if action.name in routes.api:
                wanted.append(("api", routes.api[action.name]))
            for channel, route in wanted:
                data = inputs(name, action.name, channel)
                if channel == "page":
                    fields = [f"version={RECORD[:-1]}.version}}", *filter(None, data.split("&"))]
                    data = "&".join(f"{action.name}-{item}" for item in fields)
                url = "/" + _PK.sub(RECORD, route).replace("<str:name>", action.name)
                rows.append(
                    Row(
                        line=0,
                        route=route,
                        method="POST",
                        url=url,
                        data=data,
                        expect={},
                        note=f"{name}.{action.name} ({channel})",
                        flow=name,
                        action=action.name,
                        channel=channel,
                    )
                )
    return rows
