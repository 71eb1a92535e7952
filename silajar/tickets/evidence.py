"""The hook through which a procedure above the desk shows its evidence on a complaint ("is it
our intranet or the provider's internet?"), without the desk importing it (tickets never
import monitoring).

The monitoring app registers, in its AppConfig.ready():

- `for_ticket(ticket) -> evidence`: the evidence of the ticket's place at the time it was
  reported and now, with the proposed fault domain;
- `for_place(organization, location) -> evidence`: the same for a place now (the intake
  screen, before any ticket exists).

The evidence is an object the panel `monitoring/_evidence_panel.html` renders (its fields are
documented in `silajar.monitoring.evidence`). Without a registration the desk's pages show no
panel, and the fault domain is set by hand as before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EvidenceSource:
    for_ticket: Callable[[Any], Any]
    for_place: Callable[[Any, Any], Any]


_registered: list[EvidenceSource] = []


def register_evidence(
    for_ticket: Callable[[Any], Any], for_place: Callable[[Any, Any], Any]
) -> None:
    """Show evidence on complaints (one registration; a second replaces the first)."""
    _registered[:] = [EvidenceSource(for_ticket, for_place)]


def registered() -> EvidenceSource | None:
    return _registered[0] if _registered else None
