"""Load demo data: agencies with places, one user per role, the holiday calendar.

Idempotent: what exists is kept (passwords included); what is missing is added."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from silajar.accounts import services as account_services
from silajar.accounts.models import User
from silajar.accounts.roles import AGENCY_ROLES, Role
from silajar.core.demo_holidays import HOLIDAYS_2026
from silajar.core.models import Holiday
from silajar.core.services import holiday_add
from silajar.organizations import services as org_services
from silajar.organizations.demo import (
    AGENCIES,
    COMMON_PLACES,
    DEMO_AGENCY,
    DEMO_AGENCY_PLACES,
)
from silajar.organizations.models import Location, Organization

DEFAULT_PASSWORD = "SiLaJar-Demo-2026"  # noqa: S105 — printed on purpose; demo only

DEMO_PEOPLE = {
    Role.OPD_USER: ("Rina Agustina", "Staf Bidang Pelayanan Kesehatan"),
    Role.OPD_OPERATOR: ("Budi Santoso", "Operator Sistem Informasi"),
    Role.HELPDESK: ("Dewi Anggraini", "Petugas Unit PDE"),
    Role.TECHNICIAN: ("Andi Saputra", "Teknisi Jaringan"),
    Role.SECTION_HEAD: ("Ir. Hendra Wijaya, M.T.", "Kepala Seksi Sistem Program & Administrator"),
    Role.UPDE_HEAD: ("Drs. Yohanes Tamin, M.Si.", "Kepala UPDE"),
    Role.NETWORK_ADMIN: ("Fajar Ramadhan, S.Kom.", "Pengelola Sistem dan Jaringan"),
    Role.PPTK: ("Nurul Hidayah, S.E.", "Pejabat Pelaksana Teknis Kegiatan"),
    Role.KPA: ("Drs. Stefanus Alen, M.M.", "Kuasa Pengguna Anggaran"),
    Role.PROVIDER: ("Layanan Korporat ISP Demo", "Account Manager"),
    Role.AGENCY_HEAD: ("Ir. Samuel Liem, M.Si.", "Kepala Dinas Komunikasi dan Informatika"),
}


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

    def handle(self, *args, password: str, force: bool, tickets: int | None = None, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is refused with DEBUG off; add --force if you mean it.")
        with transaction.atomic():
            created = self.seed(password)
        # complaints walked through the desk's services, each step at its past moment
        from silajar.tickets.demo import DEMO_TICKETS, seed_tickets

        added = seed_tickets(password=password, count=DEMO_TICKETS if tickets is None else tickets)
        self.stdout.write(f"Demo complaints: {added} added.")
        from silajar.installations.demo import seed_installations

        requests = seed_installations()  # one or more in every state of the procedure
        self.stdout.write(f"Demo installation requests: {requests} added.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new accounts). Sign in at {settings.SILAJAR_BASE_URL}/"
            )
        )
        self.stdout.write("Demo accounts (username = role code; e-mail <role>@example.org):")
        for code in ["admin", *Role.values]:
            self.stdout.write(
                f"  {code:<14} password: "
                f"{password if created else '(unchanged; set when first created)'}"
            )

    def seed(self, password: str) -> int:
        admin = User.objects.filter(username="admin").first()
        created = 0
        if admin is None:
            admin = User.objects.create_superuser(
                username="admin",
                email="admin@example.org",
                password=password,
                full_name="Administrator SiLaJar",
            )
            created += 1
        organizations = {}
        for short, name, kind, address, title, head, lat, lon in AGENCIES:
            org = Organization.objects.filter(short_name=short).first()
            if org is None:
                org = org_services.organization_create(
                    actor=admin,
                    data={
                        "name": name,
                        "short_name": short,
                        "kind": kind,
                        "address": address,
                        "head_title": title,
                        "head_name": head,
                        "email": f"{short.lower()}@kalbarprov.example.org",
                    },
                )
            organizations[short] = org
            places = COMMON_PLACES + (DEMO_AGENCY_PLACES if short == DEMO_AGENCY else [])
            for building, floor, room in places:
                if not Location.objects.filter(
                    organization=org, building=building, floor=floor, room=room
                ).exists():
                    org_services.location_create(
                        actor=admin,
                        organization=org,
                        data={
                            "building": building,
                            "floor": floor,
                            "room": room,
                            "address": address,
                            "latitude": lat,
                            "longitude": lon,
                        },
                    )
        for role, (full_name, position) in DEMO_PEOPLE.items():
            if User.objects.filter(username=role.value).exists():
                continue
            org = (
                organizations[DEMO_AGENCY]
                if role in AGENCY_ROLES
                else None
                if role == Role.PROVIDER
                else organizations["DISKOMINFO"]
            )
            account_services.user_create(
                actor=admin,
                roles=[role.value],
                send_invitation=False,
                password=password,
                username=role.value,
                email=f"{role.value}@example.org",
                full_name=full_name,
                position=position,
                organization=org,
            )
            created += 1
        for day, name, kind in HOLIDAYS_2026:
            if not Holiday.objects.filter(date=day).exists():
                holiday_add(actor=admin, date=day, name=name, kind=kind)
        return created
