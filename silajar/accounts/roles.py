"""The roles of DESIGN.md: codes, titles, and the permissions each role's group holds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPD_USER = "opd_user", _("Agency user")
    OPD_OPERATOR = "opd_operator", _("Agency operator")
    HELPDESK = "helpdesk", _("Helpdesk officer (PDE unit)")
    TECHNICIAN = "technician", _("Network technician")
    SECTION_HEAD = "section_head", _("Head of Systems, Programs & Administration Section")
    UPDE_HEAD = "upde_head", _("Head of UPDE")
    NETWORK_ADMIN = "network_admin", _("Systems and network administrator")
    PPTK = "pptk", _("PPTK (technical activity officer)")
    KPA = "kpa", _("KPA (budget user proxy)")
    PROVIDER = "provider", _("Internet provider")
    AGENCY_HEAD = "agency_head", _("Head of Department")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# OPD-side roles see only their own agency's records; a provider only its own contracts.
AGENCY_ROLES = frozenset({Role.OPD_USER, Role.OPD_OPERATOR})
PROVIDER_ROLES = frozenset({Role.PROVIDER})
# The system administrator manages users, roles and the desk's settings, and takes no part in
# the procedures: not office staff (no tickets, no requests), unless given a staff role too.
ADMINISTRATION_ROLES = frozenset({Role.SYSTEM_ADMIN})
STAFF_ROLES = frozenset(set(Role) - AGENCY_ROLES - PROVIDER_ROLES - ADMINISTRATION_ROLES)

# Model permissions ("app_label.codename") each role's group holds. Object-level scoping is
# separate (see silajar.core.access); these say what kind of thing a role may do at all.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OPD_USER: ["organizations.view_organization", "organizations.view_location"],
    Role.OPD_OPERATOR: [
        "organizations.view_organization",
        "organizations.view_location",
        "organizations.add_location",
        "organizations.change_location",
    ],
    Role.HELPDESK: [
        "organizations.view_organization",
        "organizations.view_location",
        "organizations.add_location",
        "organizations.change_location",
        "accounts.view_user",
    ],
    Role.TECHNICIAN: [
        "organizations.view_organization",
        "organizations.view_location",
        "organizations.add_location",
        "organizations.change_location",
    ],
    Role.SECTION_HEAD: [
        "organizations.view_organization",
        "organizations.view_location",
        "accounts.view_user",
    ],
    Role.UPDE_HEAD: [
        "organizations.view_organization",
        "organizations.view_location",
        "accounts.view_user",
    ],
    Role.NETWORK_ADMIN: [
        "organizations.view_organization",
        "organizations.add_organization",
        "organizations.change_organization",
        "organizations.view_location",
        "organizations.add_location",
        "organizations.change_location",
        "accounts.view_user",
    ],
    Role.PPTK: ["organizations.view_organization", "accounts.view_user"],
    Role.KPA: ["organizations.view_organization", "accounts.view_user"],
    Role.PROVIDER: [],
    Role.AGENCY_HEAD: [
        "organizations.view_organization",
        "organizations.view_location",
        "accounts.view_user",
    ],
    # users and roles; through `is_administrator` also the desk settings and the holidays
    Role.SYSTEM_ADMIN: ["accounts.manage_users", "accounts.view_user"],
}


def sync_role_groups(groups, permissions) -> None:
    """Create each role's group and give it exactly its permissions (idempotent).

    `groups` and `permissions` are the managers of Group and Permission."""
    for role in Role:
        group, _created = groups.get_or_create(name=role.value)
        wanted = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            perm = permissions.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
