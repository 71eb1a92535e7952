"""Demo complaints for `seed_demo` (history.py), and the words they and `generate_data` are
made of (vocabulary.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from silajar.accounts.models import User
from silajar.tickets.demo.history import DEMO_TICKETS, seed_tickets


def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """Complaints walked through the desk's services, each step at its past moment:
    `options["tickets"]` of them (default DEMO_TICKETS) when there are none yet."""
    count = options.get("tickets")
    added = seed_tickets(password=password, count=DEMO_TICKETS if count is None else count)
    return f"Demo complaints: {added} added."
