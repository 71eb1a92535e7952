"""Demo installation requests for `seed_demo`: one or more in every state, from the demo agency
(filed by its operator) and from others (paper letters registered by the helpdesk), spread over
the past months.

Each request is walked through the real services with the clock set to the moment each step
happened (see silajar.core.demo.clock_at), so numbers, audit trails and step clocks are what
the desk would have recorded; no table is updated directly. Announcements are held back (no
mail storm for past events); afterwards the overdue scan runs once, silently, so late steps are
flagged as the periodic scan would have flagged them. The scanned letter is the pre-filled
request letter itself (a real PDF); signatures are drawn PNGs; survey photos are small JPEGs."""

from __future__ import annotations

import io
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.calendar import add_working_minutes, working_days_due
from silajar.core.demo import clock_at, demo_nip, tiny_png
from silajar.core.jobs import held
from silajar.core.working_calendar import office_calendar
from silajar.installations import selectors, services
from silajar.installations.choices import RequestState as S
from silajar.installations.letter import request_letter_pdf
from silajar.installations.models import InstallationRequest
from silajar.installations.workflows import INSTALLATION_FLOW
from silajar.organizations.demo import DEMO_AGENCY
from silajar.organizations.models import Location, Organization

DEMO_SEED = 2026
SWITCH = ("Switch 24 port", "Gigabit, managed, rack 19 inci")
POE = ("Switch PoE 8 port", "Gigabit, 802.3af/at")
CABLE = ("Kabel UTP Cat6", "1 roll 305 m")
RJ45 = ("Konektor RJ45 Cat6", "isi 100")
AP = ("Access point", "Wi-Fi 6, dual band, PoE")
RACK = ("Wall rack", "8U, pintu kaca, dengan kipas")
CONDUIT = ("Pipa konduit / duct kabel", "20 mm, 4 m per batang")


@dataclass(frozen=True)
class Plan:
    """One demo request: where it comes from, what it asks, how far it gets."""

    agency: str
    final: str
    age_days: int
    subject: str
    description: str
    points: int
    access_points: int
    place: str
    adequate: bool = True
    items: tuple = field(default_factory=tuple)  # (item, quantity, provided_by)
    note: str = ""


PLANS = [
    Plan("DINKES", S.COMPLETED, 150, "Permohonan Pemasangan Jaringan Ruang Rapat Lantai 3",
         "Pemasangan 10 titik jaringan LAN dan 2 access point untuk ruang rapat lantai 3.",
         10, 2, "Ruang rapat lantai 3"),
    Plan("BAPPEDA", S.COMPLETED, 130, "Permohonan Pemasangan Jaringan Internet Ruang Data",
         "Penambahan 6 titik jaringan di ruang pengolahan data perencanaan.", 6, 0,
         "Ruang data lantai 2"),
    Plan("DINKES", S.COMPLETED, 115, "Permohonan Pemasangan Jaringan Ruang Instalasi Farmasi",
         "Pemasangan 8 titik jaringan untuk aplikasi logistik obat di instalasi farmasi.", 8, 1,
         "Instalasi farmasi lantai 1", adequate=False,
         items=((SWITCH, 1, "agency"), (CABLE, 1, "diskominfo"), (RJ45, 1, "diskominfo"))),
    Plan("BPKAD", S.COMPLETED, 100, "Permohonan Pemasangan Access Point Aula",
         "Pemasangan 3 access point untuk kegiatan di aula BPKAD.", 0, 3, "Aula lantai 1"),
    Plan("DISHUB", S.REJECTED, 95, "Permohonan Pemasangan Jaringan Pos Pelayanan Terminal",
         "Pemasangan jaringan di pos pelayanan terminal baru.", 4, 1, "Pos pelayanan terminal",
         adequate=False, note="Bangunan pos belum memiliki ruang perangkat dan jalur kabel."),
    Plan("DINKES", S.CANCELLED, 80, "Permohonan Pemasangan Jaringan Gudang Farmasi",
         "Pemasangan 2 titik jaringan di gudang farmasi.", 2, 0, "Gudang farmasi"),
    Plan("DISDIKBUD", S.INSTALLED, 60, "Permohonan Pemasangan Jaringan Ruang Operator Dapodik",
         "Pemasangan 8 titik jaringan untuk ruang operator Dapodik.", 8, 1,
         "Ruang operator lantai 2"),
    Plan("DINKES", S.INSTALLING, 45, "Permohonan Pemasangan Jaringan Bidang Pelayanan Kesehatan",
         "Pemasangan 12 titik jaringan dan 2 access point di Gedung B.", 12, 2,
         "Gedung B lantai 1"),
    Plan("DINKES", S.EQUIPMENT_READY, 40, "Permohonan Pemasangan Jaringan Ruang Server",
         "Penataan dan penambahan jaringan ruang server Dinas Kesehatan.", 16, 0,
         "Ruang server lantai 1", adequate=False,
         items=((SWITCH, 2, "agency"), (RACK, 1, "agency"), (CABLE, 2, "diskominfo"),
                (RJ45, 1, "diskominfo"))),
    Plan("DPMPTSP", S.AWAITING_EQUIPMENT, 30, "Permohonan Pemasangan Jaringan Loket Pelayanan",
         "Pemasangan 6 titik jaringan untuk loket pelayanan terpadu.", 6, 0,
         "Ruang loket pelayanan", adequate=False,
         items=((POE, 1, "agency"), (CABLE, 1, "diskominfo"), (CONDUIT, 10, "agency"))),
    Plan("BPBD", S.SURVEYED, 21, "Permohonan Pemasangan Jaringan Pusdalops",
         "Pemasangan 10 titik jaringan dan 2 access point di ruang Pusdalops.", 10, 2,
         "Ruang Pusdalops"),
    Plan("DISPORA", S.SURVEYED, 18, "Permohonan Pemasangan Access Point GOR",
         "Pemasangan 4 access point di gedung olahraga.", 0, 4, "Gedung olahraga",
         adequate=False, items=((AP, 4, "agency"), (POE, 1, "agency"), (CABLE, 1, "diskominfo"))),
    Plan("DINKES", S.SURVEY_ASSIGNED, 10, "Permohonan Pemasangan Jaringan Ruang Laboratorium",
         "Pemasangan 6 titik jaringan untuk laboratorium kesehatan daerah.", 6, 1,
         "Laboratorium lantai 2"),
    Plan("DISPUSIP", S.FORWARDED, 6, "Permohonan Pemasangan Jaringan Ruang Baca Digital",
         "Pemasangan 20 titik jaringan dan 3 access point di ruang baca digital.", 20, 3,
         "Ruang baca digital lantai 2"),
    Plan("DINKES", S.SUBMITTED, 3, "Permohonan Pemasangan Access Point Ruang Tunggu",
         "Pemasangan 2 access point di ruang tunggu pelayanan.", 0, 2, "Ruang tunggu lantai 1"),
    Plan("BKD", S.SUBMITTED, 1, "Permohonan Pemasangan Jaringan Ruang Seleksi CAT",
         "Pemasangan 40 titik jaringan untuk ruang seleksi berbasis komputer.", 40, 0,
         "Ruang CAT lantai 3"),
]  # fmt: skip
# the steps that lead to each state, per branch
ADEQUATE_STEPS = ["forward", "assign_survey", "record_survey", "start_installation",
                  "complete_installation", "sign_off"]  # fmt: skip
INADEQUATE_STEPS = ["forward", "assign_survey", "record_survey", "issue_reply_letter",
                    "confirm_equipment", "start_installation", "complete_installation",
                    "sign_off"]  # fmt: skip
# working minutes each step takes after the previous one (low, high)
STEP_MINUTES = {
    "forward": (30, 420),
    "assign_survey": (60, 700),
    "record_survey": (300, 1300),
    "issue_reply_letter": (120, 700),
    "reject": (120, 700),
    "confirm_equipment": (1500, 4000),
    "start_installation": (240, 1200),
    "complete_installation": (120, 480),
    "sign_off": (20, 300),
    "cancel": (60, 900),
}
SIGNERS = ["Rina Agustina", "Yuliana Situmorang", "Hendra Kurniawan", "Dian Lestari", "Agus Tan"]


def demo_installations_exist() -> bool:
    demo_filers = (Role.OPD_OPERATOR.value, Role.HELPDESK.value)
    return InstallationRequest.objects.filter(created_by__username__in=demo_filers).exists()


def survey_photo(rng: random.Random, name: str) -> SimpleUploadedFile:
    """A small JPEG standing in for a photo of the site (a wall, a cable tray)."""
    image = Image.new("RGB", (640, 480), (rng.randrange(150, 220),) * 3)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(0, 560), rng.randrange(0, 400)
        draw.rectangle((x, y, x + 80, y + 60), outline=(60, 60, 60), width=4)
    draw.line((0, 240, 640, 240), fill=(30, 30, 160), width=6)  # the cable route
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile(name, buffer.getvalue())


def _cast() -> dict:
    by_name = {u.username: u for u in User.objects.filter(is_active=True)}
    technicians = [
        u for name, u in sorted(by_name.items()) if name.startswith(("technician", "teknisi"))
    ]
    return {
        "operator": by_name[Role.OPD_OPERATOR.value],
        "opd_user": by_name[Role.OPD_USER.value],
        "helpdesk": by_name[Role.HELPDESK.value],
        "upde_head": by_name[Role.UPDE_HEAD.value],
        "section_head": by_name[Role.SECTION_HEAD.value],
        "technicians": [u for u in technicians if u.has_role(Role.TECHNICIAN)],
    }


def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """One or more demo requests in every state of the procedure, when there are none yet."""
    return f"Demo installation requests: {seed_installations()} added."


def seed_installations(*, now: datetime | None = None, seed: int = DEMO_SEED) -> int:
    """Add the demo installation requests (PLANS). Idempotent: once demo requests exist, adds
    nothing. Returns how many were added. Needs the demo accounts and agencies."""
    if demo_installations_exist():
        return 0
    rng = random.Random(seed)  # noqa: S311 — demo data, not secrets
    now = now or timezone.now()
    cast = _cast()
    organizations = {o.short_name: o for o in Organization.objects.filter(is_active=True)}
    plans = [p for p in PLANS if p.agency in organizations]
    added = 0
    with held("installations.announce"), clock_at() as moment:
        for number, plan in enumerate(plans, start=1):
            with transaction.atomic():
                _walk(plan, number, organizations[plan.agency], cast, rng, now, moment)
            added += 1
        moment[0] = None
        services.overdue_scan(now=now)  # flag late steps as the periodic scan would, silently
    return added


def _walk(plan: Plan, number: int, organization, cast, rng, now, moment) -> InstallationRequest:
    calendar = office_calendar()
    day = timezone.localdate(now) - timedelta(days=plan.age_days)
    while day.isoweekday() > 5:
        day -= timedelta(days=1)
    t = timezone.make_aware(datetime.combine(day, time(8)) + timedelta(minutes=rng.randrange(300)))
    t = min(t, now - timedelta(hours=1))
    moment[0] = t
    own = organization.short_name == DEMO_AGENCY
    filer = cast["operator"] if own else cast["helpdesk"]
    letter_day = timezone.localdate(t) - timedelta(days=rng.randrange(1, 5))
    place = Location.objects.filter(organization=organization).order_by("pk").first()
    data = {
        "letter_number": f"555/{rng.randrange(40, 900)}/{organization.short_name}/{day.year}",
        "letter_date": letter_day,
        "subject": plan.subject,
        "signatory_name": organization.head_name or "Kepala Perangkat Daerah",
        "signatory_title": organization.head_title or "Kepala",
        "signatory_nip": organization.head_nip or demo_nip(organization.name),
        "description": plan.description,
        "location": place,
        "location_detail": plan.place,
        "network_points": plan.points,
        "access_points": plan.access_points,
        "desired_date": letter_day + timedelta(days=30),
    }
    letter = request_letter_pdf(organization, filer, data)
    installation = services.installation_create(
        actor=filer,
        organization=organization,
        letter_file=SimpleUploadedFile(f"surat-permohonan-{number}.pdf", letter),
        **data,
    )
    technician = rng.choice(cast["technicians"])
    agency_signer = cast["opd_user"] if own else technician
    # who does each step, and with what
    inputs = {
        "forward": (cast["upde_head"], {"note": "Mohon ditindaklanjuti sesuai SOP."}),
        "assign_survey": (cast["section_head"], {"technician": technician}),
        "record_survey": (technician, _survey(plan, rng, number)),
        "issue_reply_letter": (cast["section_head"], {}),
        "reject": (cast["section_head"], {"reason": plan.note or "Tidak tersedia slot."}),
        # only the agency confirms: the equipment branch is walked by the demo agency
        "confirm_equipment": (cast["operator"], {"note": "Perangkat sudah tersedia di lokasi."}),
        "start_installation": (technician, {}),
        "complete_installation": (
            technician,
            {
                "link_up": True,
                "ip_address": f"10.{rng.randrange(10, 60)}.{rng.randrange(1, 250)}.{number + 10}",
                "measured_mbps": f"{rng.uniform(80, 98):.2f}",
                "notes": f"Terpasang {plan.points} titik jaringan dan {plan.access_points} "
                "access point; kabel dirapikan dan diberi label.",
            },
        ),
        "sign_off": (agency_signer, {"signer_name": rng.choice(SIGNERS), "signature": tiny_png()}),
        "cancel": (
            cast["operator"] if own else cast["upde_head"],
            {"reason": "Ruangan dialihfungsikan, pemasangan tidak diperlukan lagi."},
        ),
    }
    if plan.final == S.REJECTED:
        steps = ["forward", "assign_survey", "record_survey", "reject"]
    elif plan.final == S.CANCELLED:
        steps = ["forward", "cancel"]
    else:
        path = ADEQUATE_STEPS if plan.adequate else INADEQUATE_STEPS
        reached = [INSTALLATION_FLOW.action(a).target for a in path]
        steps = path[: reached.index(plan.final) + 1] if plan.final in reached else []
    for action in steps:
        low, high = STEP_MINUTES[action]
        t = add_working_minutes(calendar, t, rng.randrange(low, high))
        t = min(t, now - timedelta(minutes=5))  # a recent request: its last steps just happened
        moment[0] = t
        actor, given = inputs[action]
        if action == "assign_survey":
            days = selectors.step_days(S.SURVEY_ASSIGNED) or 3
            given = {**given, "due_date": working_days_due(calendar, t, days).date()}
        installation.refresh_from_db()
        installation = INSTALLATION_FLOW.act(
            obj=installation, action=action, actor=actor, version=installation.version, **given
        )
    return installation


def _survey(plan: Plan, rng: random.Random, number: int) -> dict:
    rejected = plan.final == S.REJECTED
    items = [
        {"name": name, "specification": spec, "quantity": quantity, "provided_by": provider}
        for (name, spec), quantity, provider in plan.items
    ]
    if plan.adequate:
        notes = "Slot pada switch distribusi dan jalur kabel tersedia; siap dipasang."
    elif rejected:
        notes = plan.note
    else:
        notes = "Slot tersedia, tetapi perangkat berikut perlu disediakan terlebih dahulu."
    return {
        "slot_available": not rejected,
        "adequate": plan.adequate and not rejected,
        "items": items,
        "notes": notes,
        "photos": [survey_photo(rng, f"survei-{number}-{i}.jpg") for i in (1, 2)],
        "captions": [
            f"{plan.place or 'Lokasi pemasangan'}: jalur kabel dari rak jaringan",
            "Rak jaringan lantai 1: slot switch distribusi",
        ],
    }
