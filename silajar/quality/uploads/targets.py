"""Every upload field of the app, with its family and size limit, and the (target, payload)
cases the attack test runs."""

from __future__ import annotations

from silajar.quality.uploads.accounts import profile_signature
from silajar.quality.uploads.bandwidth import usage_import
from silajar.quality.uploads.contracts import (
    api_bast,
    api_contract_document,
    bast_page,
    contract_page,
    designation_page,
)
from silajar.quality.uploads.installations import (
    api_installation_letter,
    api_installation_sign,
    api_survey_photo,
    installation_letter_page,
)
from silajar.quality.uploads.organizations import organization_import
from silajar.quality.uploads.payloads import (
    DATA_URL,
    FILE,
    PAYLOADS,
    PDF,
    REFUSED,
    SPREADSHEET,
    Payload,
)
from silajar.quality.uploads.scene import UploadTarget
from silajar.quality.uploads.tickets import (
    api_attachment,
    api_sign_drawn,
    api_sign_with_file,
    desk_attachment,
    portal_report_photo,
    sign_drawn,
    sign_with_file,
)

MAX = 10 * 1024 * 1024  # settings.SILAJAR_UPLOAD_MAX_BYTES
SIGNATURE_MAX_BYTES = 512 * 1024  # silajar.tickets.services.SIGNATURE_MAX_BYTES
IMPORT_MAX_BYTES = 2 * 1024 * 1024  # silajar.organizations.importexport.reading.MAX_IMPORT_BYTES
PHOTO = 2560  # silajar.core.uploads.PHOTO_MAX_SIDE
SIGNATURE = 1200  # silajar.core.signatures.SIGNATURE_MAX_SIDE


TARGETS: list[UploadTarget] = [
    UploadTarget("desk_attachment", FILE, MAX, desk_attachment, image_max_side=PHOTO),
    UploadTarget("api_attachment", FILE, MAX, api_attachment, image_max_side=PHOTO),
    UploadTarget("portal_report_photo", FILE, MAX, portal_report_photo, image_max_side=PHOTO),
    UploadTarget("desk_sign_off_scan", FILE, MAX, sign_with_file("desk")),
    UploadTarget("field_sign_off_scan", FILE, MAX, sign_with_file("field")),
    UploadTarget("portal_sign_off_scan", FILE, MAX, sign_with_file("portal")),
    UploadTarget("api_sign_off_scan", FILE, MAX, api_sign_with_file),
    UploadTarget(
        "field_signature_drawn",
        DATA_URL,
        SIGNATURE_MAX_BYTES,
        sign_drawn("field"),
        image_max_side=SIGNATURE,
    ),
    UploadTarget(
        "portal_signature_drawn",
        DATA_URL,
        SIGNATURE_MAX_BYTES,
        sign_drawn("portal"),
        image_max_side=SIGNATURE,
    ),
    UploadTarget(
        "api_signature_drawn",
        DATA_URL,
        SIGNATURE_MAX_BYTES,
        api_sign_drawn,
        image_max_side=SIGNATURE,
    ),
    UploadTarget(
        "profile_signature_drawn",
        DATA_URL,
        SIGNATURE_MAX_BYTES,
        profile_signature,
        refused_status=200,
        image_max_side=SIGNATURE,
    ),
    UploadTarget("api_installation_letter", FILE, MAX, api_installation_letter),
    UploadTarget("installation_letter_page", FILE, MAX, installation_letter_page),
    UploadTarget(
        "api_installation_survey_photo", FILE, MAX, api_survey_photo, image_max_side=PHOTO
    ),
    UploadTarget("api_installation_sign_off_scan", FILE, MAX, api_installation_sign(False)),
    UploadTarget(
        "api_installation_signature_drawn",
        DATA_URL,
        SIGNATURE_MAX_BYTES,
        api_installation_sign(True),
        image_max_side=SIGNATURE,
    ),
    UploadTarget("api_contract_document", FILE, MAX, api_contract_document),
    UploadTarget("contract_page", FILE, MAX, contract_page, refused_status=200),
    UploadTarget("bast_page_scan", FILE, MAX, bast_page),
    UploadTarget("designation_letter_page", PDF, MAX, designation_page),
    UploadTarget("api_bast_scan", FILE, MAX, api_bast(False)),
    UploadTarget(
        "api_bast_signature_drawn",
        DATA_URL,
        SIGNATURE_MAX_BYTES,
        api_bast(True),
        image_max_side=SIGNATURE,
    ),
    UploadTarget(
        "organization_import",
        SPREADSHEET,
        IMPORT_MAX_BYTES,
        organization_import,
        refused_status=200,
    ),
    UploadTarget("bandwidth_usage_import", SPREADSHEET, IMPORT_MAX_BYTES, usage_import),
]


def cases() -> list[tuple[UploadTarget, Payload]]:
    """Every (target, payload) pair where the payload fits the target's family."""
    return [(t, p) for t in TARGETS for p in PAYLOADS if t.family in p.families]


def summary() -> str:
    pairs = cases()
    refused = sum(1 for _t, p in pairs if p.expect == REFUSED)
    return (
        f"upload attacks: {len(TARGETS)} targets × {len(PAYLOADS)} payloads → "
        f"{len(pairs)} cases ({refused} refused, {len(pairs) - refused} stored safely)"
    )
