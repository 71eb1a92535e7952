"""The search box of every list: one condition over the fields a list searches."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def text_match(q: str, fields: Iterable[str], *, exact: Iterable[str] = ()) -> Q:
    """Rows where one of `fields` contains `q` (ignoring case), or one of `exact` equals it."""
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": q})
    for name in exact:
        condition |= Q(**{name: q})
    return condition
