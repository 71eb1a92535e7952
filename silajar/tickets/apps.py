from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "silajar.tickets"
    label = "tickets"
    verbose_name = _("Network complaints")

    def ready(self):
        from silajar.core.navigation import ADMINISTRATION, NavItem, register_navigation
        from silajar.tickets import access, tasks  # noqa: F401  (register policies and jobs)

        register_navigation(
            NavItem(_("Tickets"), "tickets:list", "life-preserver", "staff", 10),
            NavItem(_("New call"), "tickets:intake", "telephone-plus", "staff", 20),
            NavItem(
                _("Report a problem"), "tickets:portal_report", "exclamation-triangle", "agency", 50
            ),
            NavItem(_("Our tickets"), "tickets:portal_list", "ticket-detailed", "agency", 60),
            NavItem(_("My queue"), "tickets:field_queue", "tools", "role:technician", 70),
            NavItem(
                _("Desk settings"),
                "tickets:settings_home",
                "sliders",
                "admin|role:section_head",
                130,
                ADMINISTRATION,
            ),
        )

        post_migrate.connect(_reference_data, sender=self, dispatch_uid="silajar_tickets_ref")


def _reference_data(sender, **kwargs):
    # a test flush empties the tables the migration filled; put the reference data back
    from silajar.tickets.models import Category, ChecklistStep, SlaTarget
    from silajar.tickets.reference import load_reference_data

    load_reference_data(Category, ChecklistStep, SlaTarget)
