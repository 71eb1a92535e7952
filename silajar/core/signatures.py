"""Signing a form: a signature drawn on screen, or the scan of the paper form signed by hand."""

from __future__ import annotations

import base64
import binascii
from io import BytesIO

from django.utils.translation import gettext as _

from silajar.core.errors import DomainError
from silajar.core.uploads import KIND_JPEG, KIND_PDF, KIND_PNG, CheckedFile, check_upload

SIGNATURE_MAX_BYTES = 512 * 1024
# A drawn signature is kept at most this many pixels on either side (a signature pad's canvas
# at a high pixel ratio is under it; more only slows every form PDF that prints it).
SIGNATURE_MAX_SIDE = 1200
SCAN_KINDS = (KIND_PDF, KIND_JPEG, KIND_PNG)


def decode_signature(data_url: str) -> bytes:
    """A signature drawn on screen arrives as `data:image/png;base64,…`; returns PNG bytes."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise DomainError(
            _("The signature must be a PNG drawing."),
            fields={"signature": [_("Draw the signature.")]},
        )
    try:
        return base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(
            _("The signature could not be read."),
            fields={"signature": [_("Draw the signature again.")]},
        ) from None


def checked_sign_off(
    *, signer_name: str, signature: str = "", signed_form=None
) -> tuple[str, CheckedFile]:
    """Check a sign-off: a signer's name and exactly one of drawing or scan.

    Returns the model field to store it in (`signature` or `signed_form`) and the checked file."""
    if not (signer_name or "").strip():
        raise DomainError(
            _("Enter the name of the person signing."),
            fields={"signer_name": [_("This field is required.")]},
        )
    if bool(signature) == bool(signed_form):
        raise DomainError(
            _("Give either a drawn signature or the scan of the signed form."),
            fields={"signature": [_("Draw the signature or upload the signed form.")]},
        )
    field = "signature" if signature else "signed_form"
    try:
        if signature:
            buffer = BytesIO(decode_signature(signature))
            buffer.name = "signature.png"
            return field, check_upload(
                buffer,
                allowed=(KIND_PNG,),
                max_bytes=SIGNATURE_MAX_BYTES,
                max_side=SIGNATURE_MAX_SIDE,
            )
        # the paper form signed by hand is evidence: kept exactly as scanned
        return field, check_upload(signed_form, allowed=SCAN_KINDS, keep_original=True)
    except DomainError as error:  # name the field the refused file came in
        raise DomainError(error.message, fields=error.fields or {field: [error.message]}) from None
