"""The hook through which an app above contracts links its own page of a contract from the
contract's page, without contracts importing it (the bandwidth distribution registers its
editor in its AppConfig.ready()).

A registered function `(user, contract) -> PageLink | None` answers the link this user should
see on this contract's page, or None (not for this user, or not in this state)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str
    icon: str  # a Bootstrap icon's name
    testid: str


_registered: list[Callable[[Any, Any], PageLink | None]] = []


def register_contract_page_link(link: Callable[[Any, Any], PageLink | None]) -> None:
    """Add a link to the contract's page (registering the same function twice adds it once)."""
    if link not in _registered:
        _registered.append(link)


def contract_page_links(user, contract) -> list[PageLink]:
    """The registered links this user sees on this contract's page."""
    return [found for link in _registered if (found := link(user, contract)) is not None]
