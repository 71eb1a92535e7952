"""Installation requests for tests: file one and walk it to any state through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.core.tests.files import pdf_bytes, signature_data_url, upload_file
from silajar.installations import services
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest
from silajar.installations.workflows import INSTALLATION_FLOW

# the path to each state: (action, who acts, inputs); "adequate" and "inadequate" branches
ADEQUATE_PATH = [
    ("forward", "upde_head", {"note": "Mohon ditindaklanjuti."}),
    ("assign_survey", "section_head", {}),
    (
        "record_survey",
        "technician",
        {"slot_available": True, "adequate": True, "items": [], "notes": "Siap dipasang."},
    ),
    ("start_installation", "technician", {}),
    (
        "complete_installation",
        "technician",
        {"link_up": True, "ip_address": "10.20.30.40", "measured_mbps": "95.5"},
    ),
    ("sign_off", "opd_user", {"signer_name": "Budi Santoso"}),
]
INADEQUATE_PATH = [
    ADEQUATE_PATH[0],
    ADEQUATE_PATH[1],
    (
        "record_survey",
        "technician",
        {
            "slot_available": True,
            "adequate": False,
            "items": [
                {
                    "name": "Switch 24 port",
                    "specification": "Gigabit, managed",
                    "quantity": 1,
                    "provided_by": "agency",
                },
                {
                    "name": "Kabel UTP Cat6",
                    "specification": "305 m",
                    "quantity": 2,
                    "provided_by": "diskominfo",
                },
            ],
            "notes": "Perlu switch tambahan.",
        },
    ),
    ("issue_reply_letter", "section_head", {}),
    ("confirm_equipment", "opd_operator", {}),
    *ADEQUATE_PATH[3:],
]


class Cast:
    """One user per role around one agency (created on first use)."""

    def __init__(self, organization, **given):
        self.organization = organization
        self.users = dict(given)

    def __getitem__(self, role: str):
        if role not in self.users:
            fields = {}
            if role in (Role.OPD_OPERATOR, Role.OPD_USER):
                fields["organization"] = self.organization
            if role == Role.SECTION_HEAD:  # signs the reply letter: NIP and rank required
                fields.update(nip="197503152000031002", rank="III/d")
            self.users[role] = UserFactory(roles=[role], **fields)
        return self.users[role]


def file_request(cast: Cast, **overrides) -> InstallationRequest:
    data = {
        "actor": cast[Role.OPD_OPERATOR],
        "organization": cast.organization,
        "letter_number": "005/123/DINKES-UM/2026",
        "letter_date": timezone.localdate() - timedelta(days=1),
        "subject": "Permohonan pemasangan jaringan LAN ruang rapat",
        "signatory_name": "dr. Harisson, M.Kes.",
        "signatory_title": "Kepala Dinas Kesehatan",
        "signatory_nip": "197001011995031001",
        "letter_file": upload_file(pdf_bytes(), "surat-permohonan.pdf"),
        "description": "Pemasangan 8 titik jaringan dan 2 access point di ruang rapat lantai 2.",
        "network_points": 8,
        "access_points": 2,
    }
    data.update(overrides)
    return services.installation_create(**data)


def act(installation: InstallationRequest, cast: Cast, action: str, role: str, inputs: dict):
    inputs = dict(inputs)
    if action == "assign_survey":
        inputs.setdefault("technician", cast[Role.TECHNICIAN])
    if action == "sign_off" and "signed_form" not in inputs:
        inputs.setdefault("signature", signature_data_url())
    installation.refresh_from_db()
    return INSTALLATION_FLOW.act(
        obj=installation, action=action, actor=cast[role], version=installation.version, **inputs
    )


def walk_to(state: str, cast: Cast, *, adequate: bool | None = None) -> InstallationRequest:
    """A new request of `cast.organization`, walked through the services to `state`."""
    installation = file_request(cast)
    if state == S.SUBMITTED:
        return installation
    if state in (S.CANCELLED, S.REJECTED):
        path = INADEQUATE_PATH[:3]
        for action, role, inputs in path:
            installation = act(installation, cast, action, role, inputs)
        if state == S.REJECTED:
            return act(installation, cast, "reject", "section_head", {"reason": "Tidak ada slot."})
        return act(installation, cast, "cancel", "section_head", {"reason": "Dibatalkan."})
    if adequate is None:
        adequate = state not in (S.AWAITING_EQUIPMENT, S.EQUIPMENT_READY)
    for action, role, inputs in ADEQUATE_PATH if adequate else INADEQUATE_PATH:
        installation = act(installation, cast, action, role, inputs)
        if installation.state == state:
            return installation
    raise ValueError(f"cannot walk to {state}")
