"""The hook through which a procedure above the desk takes part in a ticket's escalation to the
provider, without the desk importing it (tickets never import providers).

The providers app registers, in its AppConfig.ready():

- `escalate(*, ticket, actor, incident_id) -> str`: called inside the transaction of
  `ticket_escalate_to_provider`, before the ticket changes; it links the ticket to the incident
  `incident_id` (or, given None, to the incident of the ticket's link, opening one) and answers
  the incident's number, the ticket's provider reference ("" when no incident was linked). A
  refusal is a DomainError, which undoes the escalation.
- `choices(ticket) -> [(id, label)]`: the incidents the escalation form offers.

Without a registration the action behaves as it always did: the ticket waits for the provider
with the reference typed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Escalation:
    escalate: Callable[..., str]
    choices: Callable[[Any], list[tuple[int, str]]]


_registered: list[Escalation] = []


def register_escalation(
    escalate: Callable[..., str],
    choices: Callable[[Any], list[tuple[int, str]]],
) -> None:
    """Take part in escalations (one registration; a second replaces the first)."""
    _registered[:] = [Escalation(escalate, choices)]


def registered() -> Escalation | None:
    return _registered[0] if _registered else None
