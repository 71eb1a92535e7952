"""The NIP (civil servant number) is checked part by part: birth date, appointment month after
the birth, sex digit and sequence number, each wrong part said in its own sentence."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from silajar.core.validators import nip_errors, nip_validator


@pytest.mark.parametrize(
    "nip",
    ["197503152000031002", "199001012015031001", "198812302014022003", "200002292024121999"],
)
def test_well_formed_nips_pass(nip):
    assert nip_errors(nip) == []
    nip_validator(nip)


@pytest.mark.parametrize(
    ("nip", "part"),
    [
        ("12345", "18-digit"),
        ("19750315200003100A", "18-digit"),
        ("１９７５０３１５２００００３１００２", "18-digit"),  # full-width digits are not ASCII
        ("197502302000031002", "birth date"),  # 30 February
        ("197513152000031002", "birth date"),  # month 13
        ("197503152000131002", "no such month"),  # appointed in month 13
        ("197503152000001002", "no such month"),  # appointed in month 00
        ("197503151970031002", "after the birth"),  # appointed before being born
        ("197503151975031002", "after the birth"),  # appointed in the month of birth
        ("197503152000033002", "sex"),
        ("197503152000030002", "sex"),
        ("197503152000031000", "sequence"),
    ],
)
def test_each_wrong_part_is_named(nip, part):
    with translation.override("en"):
        errors = [str(e) for e in nip_errors(nip)]
        assert len(errors) == 1 and part in errors[0], errors
        with pytest.raises(ValidationError):
            nip_validator(nip)


def test_the_errors_are_translated():
    with translation.override("id"):
        [error] = nip_errors("197503152000033002")
        assert "jenis kelamin" in str(error)
