"""A list's sorts and its signed keyset cursors (`core.paging` cuts the pages with them).

A list declares its sorts once (`Sorts`): each sort's columns, which of them may be NULL and how
the cursor stores each value. A cursor is the sort key of the row the next (or previous) page
starts after, signed (a tampered cursor is refused and the list falls back to page 1). `seek`
reads the rows after a cursor: WHERE (created_at, id) < (…) walks the index from the cursor,
where OFFSET 50,000 reads and throws away 50,000 rows first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool
    nullable: bool
    kind: str  # "dt", "int" or "str": how the cursor stores the value

    def reversed(self) -> SortKey:
        return SortKey(self.field, not self.descending, self.nullable, self.kind)


class Sorts:
    """The sorts of one list: {name: ordering} (as `order_by` takes it, "-" for descending),
    the default, the nullable fields (sorted NULLS LAST both ways, so a cursor can seek past
    them), the integer fields besides the id (fields ending in `_at` are datetimes, the rest
    strings) and the salt its cursors are signed with."""

    def __init__(
        self,
        orderings: Mapping[str, tuple[str, ...]],
        *,
        default: str,
        salt: str,
        nullable: Iterable[str] = (),
        integers: Iterable[str] = (),
    ):
        self.orderings = dict(orderings)
        self.default = default
        self.salt = salt
        self.nullable = frozenset(nullable)
        self.integers = frozenset(integers) | {"id"}

    def __contains__(self, sort: object) -> bool:
        return sort in self.orderings

    def __iter__(self) -> Iterator[str]:
        return iter(self.orderings)

    def valid(self, sort: str | None) -> str:
        """`sort`, or the default when it is not one of these."""
        return sort if sort in self.orderings else self.default

    def _kind(self, field: str) -> str:
        if field.endswith("_at"):
            return "dt"
        return "int" if field in self.integers else "str"

    def keys(self, sort: str | None) -> tuple[SortKey, ...]:
        """The full, unique sort key of `sort`: its fields, then the id as tie-breaker."""
        keys = []
        for item in self.orderings[self.valid(sort)]:
            field = item.lstrip("-")
            keys.append(
                SortKey(field, item.startswith("-"), field in self.nullable, self._kind(field))
            )
        if keys[-1].field != "id":
            keys.append(SortKey("id", keys[-1].descending, False, "int"))
        return tuple(keys)

    def order_by(self, sort: str | None) -> list:
        """The ORDER BY of `sort` (for the list's queryset)."""
        return _order_by(self.keys(sort))

    def cursor(self, sort: str, row, *, backwards: bool, number: int) -> str:
        """The signed cursor of the page `number` that starts after (before) `row`."""
        keys = self.keys(sort)
        values = [_dump_value(_value_of(row, key.field), key.kind) for key in keys]
        return signing.dumps(
            {"s": sort, "v": values, "b": int(backwards), "n": number}, salt=self.salt
        )

    def read_cursor(self, cursor: str, sort: str) -> tuple[list, bool, int] | None:
        """(values, backwards, page number) of a cursor made for `sort`, or None if invalid."""
        try:
            data = signing.loads(cursor, salt=self.salt)
            keys = self.keys(sort)
            if data["s"] != sort or len(data["v"]) != len(keys):
                return None
            values = [_load_value(v, key.kind) for v, key in zip(data["v"], keys, strict=True)]
            if values[-1] is None:  # the id
                return None
            number = max(2, int(data["n"]))
            return values, bool(data["b"]), number
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None


def _order_by(keys: tuple[SortKey, ...], *, nulls_first: bool = False) -> list:
    """ORDER BY of `keys`; nullable keys put their NULLs last (first when walking backwards)."""
    order: list = []
    for key in keys:
        if key.nullable:
            expression = F(key.field)
            nulls = {"nulls_first": True} if nulls_first else {"nulls_last": True}
            order.append(expression.desc(**nulls) if key.descending else expression.asc(**nulls))
        else:
            order.append(f"-{key.field}" if key.descending else key.field)
    return order


def _value_of(row, field: str):
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _dump_value(value, kind: str):
    if value is None:
        return None
    return value.isoformat() if kind == "dt" else value


def _load_value(value, kind: str):
    if value is None:
        return None
    if kind == "dt":
        parsed = datetime.fromisoformat(value)
        if timezone.is_naive(parsed):
            raise ValueError("naive datetime")
        return parsed
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("not an int")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _segments(keys: tuple[SortKey, ...], values: list, *, nulls_first: bool) -> list[Q]:
    """Rows strictly after `values` in the order `keys` (nullable keys: NULLs last, or first
    when `nulls_first`), as consecutive ranges in sort order: (k1 = v1 … k(n-1) = v(n-1),
    kn after vn), then (k1 = v1 … k(n-2) = v(n-2), k(n-1) after v(n-1)), … then (k1 after v1).
    Each is equalities on a prefix of the index and a range on the next column, so PostgreSQL
    starts the index scan right at the cursor; a single OR of them would make it walk (and
    filter) every entry before the cursor that shares the first key (e.g. a quarter of all
    tickets with the same priority)."""
    segments = []
    for i in range(len(keys) - 1, -1, -1):
        prefix = Q()
        for key, value in zip(keys[:i], values[:i], strict=True):
            prefix &= Q(**{f"{key.field}__isnull": True} if value is None else {key.field: value})
        key, value = keys[i], values[i]
        if value is None:
            if nulls_first:  # NULLs first: every non-null value follows
                segments.append(prefix & Q(**{f"{key.field}__isnull": False}))
            # NULLs last: nothing follows a NULL but equal NULLs (handled by the longer prefix)
            continue
        segments.append(prefix & Q(**{f"{key.field}__{'lt' if key.descending else 'gt'}": value}))
        if key.nullable and not nulls_first:
            segments.append(prefix & Q(**{f"{key.field}__isnull": True}))
    return segments


def seek(
    queryset: QuerySet, keys: tuple[SortKey, ...], values: list, *, nulls_first: bool, limit: int
) -> list:
    """The first `limit` rows after `values` (a cursor's, in the order `keys`): one small index
    range query per segment, until the page is full (usually one or two queries)."""
    order = _order_by(keys, nulls_first=nulls_first)
    rows: list = []
    for segment in _segments(keys, values, nulls_first=nulls_first):
        rows += queryset.filter(segment).order_by(*order)[: limit - len(rows)]
        if len(rows) >= limit:
            break
    return rows
