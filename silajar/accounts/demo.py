"""Demo people: one account per role, named after the role code (the superuser `admin` is the
seed_demo command's)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from silajar.accounts import services
from silajar.accounts.models import User
from silajar.accounts.roles import AGENCY_ROLES, Role
from silajar.organizations.demo import DEMO_AGENCY
from silajar.organizations.models import Organization

HOME_AGENCY = "DISKOMINFO"  # the office's own staff belong here

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
    Role.SYSTEM_ADMIN: ("Rudi Hartono, S.Kom.", "Administrator Sistem"),
}


@transaction.atomic
def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """The demo people that are missing: agency roles in the demo agency, the provider in none,
    the office's staff in Diskominfo; new accounts get `password`."""
    for role, (full_name, position) in DEMO_PEOPLE.items():
        if User.objects.filter(username=role.value).exists():
            continue
        org = (
            Organization.objects.get(short_name=DEMO_AGENCY)
            if role in AGENCY_ROLES
            else None
            if role == Role.PROVIDER
            else Organization.objects.get(short_name=HOME_AGENCY)
        )
        services.user_create(
            actor=actor,
            roles=[role.value],
            send_invitation=False,
            password=password,
            username=role.value,
            email=f"{role.value}@example.org",
            full_name=full_name,
            position=position,
            organization=org,
        )
    return None
