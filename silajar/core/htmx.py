"""HTMX helpers: one view serves a whole page and the fragment HTMX asks for."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when HTMX sent the request (it wants a fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"
