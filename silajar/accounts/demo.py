"""Demo people: one account per role, named after the role code (the superuser `admin` is the
seed_demo command's)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from silajar.accounts import services
from silajar.accounts.models import User
from silajar.accounts.roles import AGENCY_ROLES, Role
from silajar.core.demo import demo_signature
from silajar.organizations.demo import DEMO_AGENCY
from silajar.organizations.models import Organization

HOME_AGENCY = "DISKOMINFO"  # the office's own staff belong here

# role: (full name with titles, position, NIP, rank and grade). The NIPs are made up but well
# formed (birth date, appointment month, sex, sequence); the provider's account has none.
DEMO_PEOPLE = {
    Role.OPD_USER: (
        "Rina Agustina",
        "Staf Bidang Pelayanan Kesehatan",
        "199512032022032007",
        "III/a",
    ),
    Role.OPD_OPERATOR: ("Budi Santoso", "Operator Sistem Informasi", "198704112011011005", "III/b"),
    Role.HELPDESK: ("Dewi Anggraini", "Petugas Unit PDE", "199203142019032011", "II/d"),
    Role.TECHNICIAN: ("Andi Saputra", "Teknisi Jaringan", "199107232015031004", "II/c"),
    Role.SECTION_HEAD: (
        "Ir. Hendra Wijaya, M.T.",
        "Kepala Seksi Sistem Program dan Administrator",
        "197805122003121002",
        "III/d",
    ),
    Role.UPDE_HEAD: ("Drs. Yohanes Tamin, M.Si.", "Kepala UPDE", "197109201998031005", "IV/a"),
    Role.NETWORK_ADMIN: (
        "Fajar Ramadhan, S.Kom.",
        "Pengelola Sistem dan Jaringan",
        "199402182020121003",
        "III/a",
    ),
    Role.PPTK: (
        "Nurul Hidayah, S.E.",
        "Pejabat Pelaksana Teknis Kegiatan",
        "198511072010012014",
        "III/c",
    ),
    Role.KPA: ("Drs. Stefanus Alen, M.M.", "Kuasa Pengguna Anggaran", "196912031996031002", "IV/b"),
    Role.PROVIDER: ("Layanan Korporat ISP Demo", "Account Manager", "", ""),
    Role.AGENCY_HEAD: (
        "Ir. Samuel Liem, M.Si.",
        "Kepala Dinas Komunikasi dan Informatika",
        "196806151994031008",
        "IV/c",
    ),
    Role.SYSTEM_ADMIN: (
        "Rudi Hartono, S.Kom.",
        "Administrator Sistem",
        "198908262014031002",
        "III/b",
    ),
}


@transaction.atomic
def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """The demo people that are missing: agency roles in the demo agency, the provider in none,
    the office's staff in Diskominfo; new accounts get `password`."""
    for role, (full_name, position, nip, rank) in DEMO_PEOPLE.items():
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
            nip=nip,
            rank=rank,
            organization=org,
        )
        if role in (Role.TECHNICIAN, Role.SECTION_HEAD, Role.HELPDESK):  # drawn on their phones
            user = User.objects.get(username=role.value)
            services.user_signature_set(user=user, signature=demo_signature(full_name))
    return None
