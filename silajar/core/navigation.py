"""The main navigation and its badges: what every page's layout shows around its content.

Apps add their entries with `register_navigation` and their badges (counts beside the layout's
links) with `register_badge`, in their AppConfig.ready(); core names none of their pages. Each
entry says who sees it and where it stands; which entries an account sees is worked out once per
account and kept (core.memo.PerAccount); a page reads all badges in one query."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from silajar.core.memo import PerAccount


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    # "all", "staff", "agency", "admin", "role:<code>", or "app.codename"; "a|b" = either; or
    # the app's own rule, `(user) -> bool` (the one its pages check: no entry leading to a 403)
    visible_to: str | Callable[[Any], bool]
    position: int  # the menu's order, low first (apps leave gaps for each other)
    # the drop-down menu it is in ("" at the top level); entries of one group stand together
    group: str | Promise = ""

    def shown_to(self, user) -> bool:
        if callable(self.visible_to):
            return bool(self.visible_to(user))
        if "|" in self.visible_to:
            rules = self.visible_to.split("|")
            return any(replace(self, visible_to=rule).shown_to(user) for rule in rules)
        if self.visible_to == "all":
            return True
        if self.visible_to == "staff":
            return user.is_internal_staff
        if self.visible_to == "agency":
            return user.is_agency_user
        if self.visible_to == "admin":
            return user.is_administrator
        if self.visible_to.startswith("role:"):
            return user.has_role(self.visible_to.removeprefix("role:"))
        return user.has_perm(self.visible_to)


NAVIGATION: list[NavItem] = []

# the drop-down menu of the office's administration (users, roles, calendar, settings, audit)
ADMINISTRATION = _("Administration")


def register_navigation(*items: NavItem) -> None:
    """Add menu entries (from AppConfig.ready()); the menu is kept ordered by position."""
    NAVIGATION.extend(items)
    NAVIGATION.sort(key=lambda item: item.position)


@PerAccount
def _visible_entries(user) -> tuple[tuple[int, str], ...]:
    """(NAVIGATION index, url) of the entries `user` sees."""
    return tuple(
        (index, reverse(item.url_name))
        for index, item in enumerate(NAVIGATION)
        if item.shown_to(user)
    )


def navigation_for(user, path: str) -> list[dict]:
    """The entries `user` sees, the one `path` is under marked active."""
    items = [
        {
            "label": NAVIGATION[index].label,
            "url": url,
            "icon": NAVIGATION[index].icon,
            "group": NAVIGATION[index].group,
        }
        for index, url in _visible_entries(user)
    ]
    # nested entries (/tickets/ and /tickets/new/): only the most specific one is current
    current = [
        i for i in items if path == i["url"] or i["url"] != "/" and path.startswith(i["url"])
    ]
    for item in items:
        item["active"] = False
    if current:
        max(current, key=lambda i: len(i["url"]))["active"] = True
    return items


BADGE_SHOWN = 99  # a badge shows "99+" beyond
_badges: dict[str, Callable[..., QuerySet]] = {}


def register_badge(name: str, rows: Callable[..., QuerySet]) -> None:
    """Show a count named `name` in the layout: `rows(user=…)` → the rows it counts (the user's
    unread notifications, …). Call from AppConfig.ready(). The rows may depend on the account
    alone, never on the time or other records: their query is compiled once per account and
    process (each page only runs it)."""
    _badges[name] = rows


def _compile_badges(user) -> tuple[tuple[str, ...], str, tuple[Any, ...]]:
    """(the badges' names, the one query counting them all for `user`, its parameters)."""
    parts: list[str] = []
    params: list[Any] = []
    for index, rows in enumerate(_badges.values()):
        bounded = rows(user=user).order_by().values("pk")[: BADGE_SHOWN + 1]
        sql, row_params = bounded.query.sql_with_params()
        # a query the ORM compiled, its values passed as parameters
        parts.append(f"SELECT {index} FROM ({sql}) AS badge_{index}")  # noqa: S608  # nosec B608
        params.extend(row_params)
    return tuple(_badges), " UNION ALL ".join(parts), tuple(params)


_compiled_badges = PerAccount(_compile_badges)


def badge_counts(user) -> dict[str, int]:
    """Every badge's count for `user`, in one query. Each reads at most BADGE_SHOWN + 1 rows of
    an index instead of counting them all, so no page pays for a long backlog; the query is
    compiled once per account (the ORM's compilation cost ten times its run)."""
    if not _badges:
        return {}
    names, sql, params = _compiled_badges(user)
    if names != tuple(_badges):  # a badge registered since (tests)
        names, sql, params = _compile_badges(user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = Counter(index for (index,) in cursor.fetchall())
    return {name: found[index] for index, name in enumerate(names)}
