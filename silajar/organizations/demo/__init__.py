"""Demo agencies of Pemerintah Provinsi Kalimantan Barat (`agencies.csv`) and places in Pontianak.

Names and kinds follow the province's organisation; addresses, phone numbers and the heads'
names are illustrative demo data, not an official directory."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import transaction

from silajar.core.demo import demo_nip, demo_phone
from silajar.organizations import services
from silajar.organizations.models import Location, Organization

# short_name, name, kind, address, head_title, head_name, latitude, longitude
AGENCIES_FILE = Path(__file__).with_name("agencies.csv")

DEMO_AGENCY = "DINKES"

# (building, floor, room) created for every agency, plus more for the demo agency
COMMON_PLACES = [
    ("Gedung Utama", "1", "Ruang Pelayanan"),
    ("Gedung Utama", "2", "Ruang Sekretariat"),
    ("Gedung Utama", "2", "Ruang Kepala"),
]
DEMO_AGENCY_PLACES = [
    ("Gedung Utama", "1", "Ruang Server"),
    ("Gedung Utama", "3", "Aula"),
    ("Gedung B", "1", "Bidang Pelayanan Kesehatan"),
    ("Gedung B", "2", "Bidang Pencegahan dan Pengendalian Penyakit"),
]


def agencies() -> list[dict[str, str]]:
    with AGENCIES_FILE.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


@transaction.atomic
def seed(*, actor: AbstractUser, password: str, options: Mapping[str, Any]) -> str | None:
    """The demo agencies and their places that are missing."""
    for agency in agencies():
        short = agency["short_name"]
        org = Organization.objects.filter(short_name=short).first()
        if org is None:
            org = services.ORGANIZATIONS.create(
                actor=actor,
                data={
                    "name": agency["name"],
                    "short_name": short,
                    "kind": agency["kind"],
                    "address": agency["address"],
                    "head_title": agency["head_title"],
                    "head_name": agency["head_name"],
                    # examples: made-up but well-formed NIP and Pontianak number
                    "head_nip": demo_nip(agency["head_name"]) if agency["head_name"] else "",
                    "phone": demo_phone(short),
                    "email": f"{short.lower()}@kalbarprov.example.org",
                },
            )
        places = COMMON_PLACES + (DEMO_AGENCY_PLACES if short == DEMO_AGENCY else [])
        for building, floor, room in places:
            if not Location.objects.filter(
                organization=org, building=building, floor=floor, room=room
            ).exists():
                services.LOCATIONS.create(
                    actor=actor,
                    data={
                        "organization": org,
                        "building": building,
                        "floor": floor,
                        "room": room,
                        "address": agency["address"],
                        "latitude": agency["latitude"],
                        "longitude": agency["longitude"],
                    },
                )
    return None
