"""Navigation by role: each entry says who sees it; templates only draw what is left."""

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from silajar.notifications.services import unread_count


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    # "all", "staff", "agency", "admin", "role:<code>", or "app.codename"; "a|b" = either
    visible_to: str

    def shown_to(self, user) -> bool:
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


NAVIGATION = [
    NavItem(_("Dashboard"), "home", "speedometer2", "all"),
    NavItem(_("Tickets"), "tickets:list", "life-preserver", "staff"),
    NavItem(_("New call"), "tickets:intake", "telephone-plus", "staff"),
    NavItem(_("Agencies"), "organizations:list", "building", "staff"),
    NavItem(_("My agency"), "organizations:mine", "building", "agency"),
    NavItem(_("Report a problem"), "tickets:portal_report", "exclamation-triangle", "agency"),
    NavItem(_("Our tickets"), "tickets:portal_list", "ticket-detailed", "agency"),
    NavItem(_("My queue"), "tickets:field_queue", "tools", "role:technician"),
    NavItem(_("Installations"), "installations:list", "hdd-network", "staff|agency"),
    NavItem(_("Request installation"), "installations:create", "plus-square", "role:opd_operator"),
    NavItem(_("Users"), "accounts:user_list", "people", "admin"),
    NavItem(_("Roles"), "accounts:roles", "shield-lock", "admin"),
    NavItem(_("Working calendar"), "calendar:holidays", "calendar3", "staff|admin"),
    NavItem(_("Desk settings"), "tickets:settings_home", "sliders", "admin|role:section_head"),
    NavItem(_("Audit trail"), "audit_log", "clock-history", "core.view_auditevent"),
    NavItem(_("API"), "api-docs", "braces", "staff"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "unread_notifications": 0}
    path = request.path
    items = []
    for item in NAVIGATION:
        if not item.shown_to(user):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    # nested entries (/tickets/ and /tickets/new/): only the most specific one is current
    current = [i for i in items if i["active"]]
    if len(current) > 1:
        best = max(current, key=lambda i: len(i["url"]))
        for i in current:
            i["active"] = i is best
    return {"navigation": items, "unread_notifications": unread_count(user)}
