"""Load demo data: the superuser `admin`, then each SiLaJar app's demo module, found through the
app registry and seeded in the order of INSTALLED_APPS (agencies before the people who work in
them, people before their tickets). An app's `demo` module (or package) offers

    def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None

which adds what is missing of its demo records as `actor` (new accounts get `password`; `options`
are this command's), and returns a line to tell the operator, if any.

Idempotent: what exists is kept (passwords included); what is missing is added."""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from silajar.accounts.models import User
from silajar.accounts.roles import Role

DEFAULT_PASSWORD = "SiLaJar-Demo-2026"  # noqa: S105 — printed on purpose; demo only
DEMO_ACCOUNTS = ["admin", *Role.values]  # the accounts to sign in with, listed at the end


def demo_modules() -> list[ModuleType]:
    """The `demo` module of each SiLaJar app that has one, in the order of INSTALLED_APPS."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if config.name.startswith("silajar.") and module_has_submodule(config.module, "demo")
    ]


class Command(BaseCommand):
    help = "Load SiLaJar demo data (refused unless DEBUG is on or --force is given)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="password of the demo accounts created by this run",
        )
        parser.add_argument(
            "--force", action="store_true", help="load demo data even with DEBUG off"
        )
        parser.add_argument(
            "--tickets",
            type=int,
            default=None,
            help="how many demo complaints to add when there are none yet (default 320; 0: none)",
        )

    def handle(self, *args, password: str, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is refused with DEBUG off; add --force if you mean it.")
        existing = set(
            User.objects.filter(username__in=DEMO_ACCOUNTS).values_list("username", flat=True)
        )
        admin = User.objects.filter(username="admin").first()
        if admin is None:
            admin = User.objects.create_superuser(
                username="admin",
                email="admin@example.org",
                password=password,
                full_name="Administrator SiLaJar",
            )
        for module in demo_modules():
            report = module.seed(actor=admin, password=password, options=options)
            if report:
                self.stdout.write(report)
        created = (
            User.objects.filter(username__in=DEMO_ACCOUNTS).exclude(username__in=existing).count()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new accounts). Sign in at {settings.SILAJAR_BASE_URL}/"
            )
        )
        self.stdout.write("Demo accounts (username = role code; e-mail <role>@example.org):")
        for code in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {code:<14} password: "
                f"{password if created else '(unchanged; set when first created)'}"
            )
