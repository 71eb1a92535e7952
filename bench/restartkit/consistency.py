"""The data after the outage, checked with SQL: audit events of every record, gapless yearly
numbers matching their sequences, versions, and the fields each state implies."""

from __future__ import annotations

import psycopg
from psycopg import sql


def query(text: str, **parts: str | sql.Composable) -> sql.Composed:
    """SQL `text` with its {placeholders} filled: names of tables (quoted as identifiers), or
    pieces of SQL."""
    return sql.SQL(text).format(
        **{
            name: part if isinstance(part, sql.Composable) else sql.Identifier(part)
            for name, part in parts.items()
        }
    )


def gapless(table: str, key: str) -> tuple[sql.Composed, list]:
    """Years whose numbers (PREFIX-YEAR-N) are not exactly 1..last of the sequence `key`."""
    text = """
        SELECT n.year, count(*) AS records, min(n.value) AS lowest, max(n.value) AS highest,
               s.last_value AS sequence
        FROM (SELECT split_part(number, '-', 2)::int AS year,
                     split_part(number, '-', 3)::int AS value FROM {table}) n
        LEFT JOIN core_numbersequence s ON s.key = %s AND s.year = n.year
        GROUP BY n.year, s.last_value
        HAVING count(*) <> max(n.value) OR min(n.value) <> 1
            OR s.last_value IS DISTINCT FROM max(n.value)
        UNION ALL
        SELECT s.year, 0, NULL, NULL, s.last_value FROM core_numbersequence s
        WHERE s.key = %s AND s.last_value > 0 AND NOT EXISTS (
            SELECT 1 FROM {table} WHERE split_part(number, '-', 2)::int = s.year)"""
    return query(text, table=table), [key, key]


def audit_checks(table: str, app: str, model: str, created: str) -> list[tuple]:
    kind = sql.SQL("(SELECT id FROM django_content_type WHERE app_label = %s AND model = %s)")
    return [
        (
            f"every {model} has its {created} audit event",
            query(
                "SELECT r.id, r.number FROM {table} r WHERE NOT EXISTS ("
                "SELECT 1 FROM core_auditevent a WHERE a.action = %s "
                "AND a.content_type_id = {kind} AND a.object_id = r.id::text)",
                table=table,
                kind=kind,
            ),
            [created, app, model],
        ),
        (
            f"no audit event names a missing {model}",
            query(
                "SELECT a.id, a.action, a.object_id FROM core_auditevent a "
                "WHERE a.content_type_id = {kind} AND NOT EXISTS ("
                "SELECT 1 FROM {table} r WHERE r.id::text = a.object_id)",
                table=table,
                kind=kind,
            ),
            [app, model],
        ),
        (
            f"{model} versions are >= 1",
            query("SELECT id, version FROM {table} WHERE version < 1", table=table),
            [],
        ),
    ]


def state_check(name: str, table: str, condition: str) -> tuple:
    """Rows of `table` in a state without the fields it implies: `condition` finds them."""
    statement = query(
        "SELECT id, state FROM {table} WHERE {condition}", table=table, condition=sql.SQL(condition)
    )
    return name, statement, []


TICKET = "tickets_ticket"
TICKET_CHECKS = [
    *audit_checks(TICKET, "tickets", "ticket", "ticket.created"),
    ("ticket numbers are gapless per year and match the sequence", *gapless(TICKET, "ticket")),
    state_check(
        "dispatched / in-progress tickets have a technician",
        TICKET,
        "state IN ('dispatched', 'in_progress') AND assigned_to_id IS NULL",
    ),
    state_check(
        "tickets past `new` were taken up (triaged_at)",
        TICKET,
        "state NOT IN ('new', 'cancelled') AND triaged_at IS NULL",
    ),
    state_check(
        "open tickets are neither resolved nor closed",
        TICKET,
        "state IN ('new', 'triage', 'dispatched', 'in_progress', 'waiting_provider') "
        "AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL)",
    ),
    state_check(
        "resolved tickets have resolved_at and no closed_at",
        TICKET,
        "state = 'resolved' AND (resolved_at IS NULL OR closed_at IS NOT NULL)",
    ),
    state_check(
        "closed tickets have resolved_at and closed_at",
        TICKET,
        "state = 'closed' AND (resolved_at IS NULL OR closed_at IS NULL)",
    ),
    state_check(
        "cancelled tickets have a reason", TICKET, "state = 'cancelled' AND cancel_reason = ''"
    ),
    state_check(
        "tickets waiting for the provider have an internet fault",
        TICKET,
        "state = 'waiting_provider' AND fault_domain <> 'internet'",
    ),
]
REQUEST = "installations_installationrequest"
REQUEST_CHECKS = [
    *audit_checks(REQUEST, "installations", "installationrequest", "installation.created"),
    (
        "installation numbers are gapless per year and match the sequence",
        *gapless(REQUEST, "installation"),
    ),
    state_check(
        "installation requests past the survey assignment have a technician",
        REQUEST,
        "state IN ('survey_assigned', 'surveyed', 'awaiting_equipment', 'equipment_ready', "
        "'installing', 'installed', 'completed') AND technician_id IS NULL",
    ),
    state_check(
        "installation requests have closed_at exactly when final",
        REQUEST,
        "(state IN ('completed', 'rejected', 'cancelled')) <> (closed_at IS NOT NULL)",
    ),
    state_check(
        "installed / completed requests have installed_at; completed ones signed_at",
        REQUEST,
        "(state IN ('installed', 'completed') AND installed_at IS NULL) "
        "OR (state = 'completed' AND signed_at IS NULL)",
    ),
]


def consistency(database_url: str) -> list[dict]:
    """Every check: its name, how many rows break it, and a few of them; then the totals."""
    results = []
    with psycopg.connect(database_url, autocommit=True) as connection:
        checks = list(TICKET_CHECKS)
        if connection.execute("SELECT to_regclass(%s)", [REQUEST]).fetchone()[0]:
            checks += REQUEST_CHECKS
        for name, statement, params in checks:
            rows = connection.execute(statement, params).fetchall()
            examples = [[str(value) for value in row] for row in rows[:5]]
            results.append({"check": name, "broken": len(rows), "examples": examples})
        totals = connection.execute(
            query(
                "SELECT (SELECT count(*) FROM {tickets}), (SELECT count(*) FROM core_auditevent)",
                tickets=TICKET,
            )
        ).fetchone()
        requests = (
            connection.execute(query("SELECT count(*) FROM {table}", table=REQUEST)).fetchone()[0]
            if len(checks) > len(TICKET_CHECKS)
            else 0
        )
    results.append(
        {
            "check": "counted",
            "broken": 0,
            "tickets": totals[0],
            "audit_events": totals[1],
            "installation_requests": requests,
        }
    )
    return results
