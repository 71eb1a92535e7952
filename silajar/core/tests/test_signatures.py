"""A sign-off: a drawn signature is bounded in pixels, the scan of the signed paper is kept as
it was uploaded."""

import base64
import io

import pytest
from PIL import Image

from silajar.core.signatures import SIGNATURE_MAX_SIDE, checked_sign_off
from silajar.core.tests.files import signature_data_url


def png(size, mode="RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white").save(buffer, "PNG")
    return buffer.getvalue()


def size_of(content: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(content)).size


def test_a_huge_drawn_signature_is_stored_scaled_down():
    """The reviewer's 6300 × 6300 PNG (150 KB): it made every form PDF twice as slow."""
    drawn = "data:image/png;base64," + base64.b64encode(png((6300, 6300))).decode()

    field, checked = checked_sign_off(signer_name="Budi", signature=drawn)

    assert field == "signature"
    assert checked.kind == "png"
    assert size_of(checked.content) == (SIGNATURE_MAX_SIDE, SIGNATURE_MAX_SIDE) == (1200, 1200)


def test_a_drawn_signature_of_a_normal_size_is_kept_as_drawn():
    field, checked = checked_sign_off(signer_name="Budi", signature=signature_data_url())
    assert field == "signature"
    assert checked.content == base64.b64decode(signature_data_url().split(",", 1)[1])


@pytest.mark.parametrize("size", [(3500, 5000)])
def test_the_scan_of_the_signed_paper_form_is_kept_as_uploaded(size):
    scan = png(size, mode="L")
    upload = io.BytesIO(scan)
    upload.name = "formulir-ttd.png"

    field, checked = checked_sign_off(signer_name="Budi", signed_form=upload)

    assert field == "signed_form"
    assert checked.content == scan
    assert size_of(checked.content) == size
