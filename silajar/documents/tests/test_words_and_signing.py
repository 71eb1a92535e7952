"""Dates in words (berita acara), the office's signing rule (a.n., u.b., Plt., Plh.), the refusal
of a letter whose signer has no NIP or rank, and QR captions that never print a local address."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import translation

from silajar.accounts.roles import Role
from silajar.core.errors import DomainError
from silajar.documents.dates import day_in_words, number_words
from silajar.documents.qr import public_address
from silajar.documents.signing import letter_signature, title_lines

HEAD = "Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "satu"),
        (11, "sebelas"),
        (15, "lima belas"),
        (31, "tiga puluh satu"),
        (100, "seratus"),
        (118, "seratus delapan belas"),
        (1000, "seribu"),
        (1945, "seribu sembilan ratus empat puluh lima"),
        (2026, "dua ribu dua puluh enam"),
        (2100, "dua ribu seratus"),
        (1_000_000, "satu juta"),
    ],
)
def test_numbers_in_words(n, words):
    assert number_words(n) == words


def test_the_berita_acara_opening_says_the_day_in_words():
    assert day_in_words(date(2026, 12, 7)) == (
        "Pada hari ini, Senin tanggal tujuh bulan Desember tahun dua ribu dua puluh enam"
    )
    with translation.override("en"):  # the document is Indonesian whatever the user's language
        assert "bulan Agustus" in day_in_words(date(2026, 8, 17))


@pytest.mark.parametrize(
    ("rule", "lines"),
    [
        ({"authority": "a.n."}, [f"a.n. {HEAD}", "Kepala Seksi Sistem Program dan Administrator,"]),
        (
            {"authority": "u.b.", "via": "Sekretaris"},
            [
                f"a.n. {HEAD}",
                "Sekretaris,",
                "u.b.",
                "Kepala Seksi Sistem Program dan Administrator,",
            ],
        ),
        ({"authority": "Plt."}, [f"Plt. {HEAD},"]),
        ({"authority": "Plh."}, [f"Plh. {HEAD},"]),
        ({"authority": ""}, ["Kepala Seksi Sistem Program dan Administrator,"]),
    ],
)
def test_the_signing_rule_of_the_configuration(rule, lines):
    with override_settings(SILAJAR_LETTER_SIGNING=rule):
        assert title_lines() == lines


@pytest.mark.parametrize("rule", [{"authority": "atas nama"}, {"authority": "u.b."}])
def test_a_wrong_signing_rule_is_a_configuration_error(rule):
    with override_settings(SILAJAR_LETTER_SIGNING=rule), pytest.raises(ImproperlyConfigured):
        title_lines()


@pytest.mark.django_db
def test_a_letter_is_refused_without_the_signers_nip_or_rank(make_user):
    hendra = make_user(Role.SECTION_HEAD, full_name="Ir. Hendra Wijaya, M.T.", nip="", rank="")
    with translation.override("id"), pytest.raises(DomainError) as refused:
        letter_signature(hendra, document="Surat balasan")
    message = str(refused.value.message)
    assert "Surat balasan" in message and "Ir. Hendra Wijaya, M.T." in message
    assert "NIP" in message and "pangkat/golongan" in message and "Profil saya" in message
    hendra.nip = "197503152000031002"
    with translation.override("id"), pytest.raises(DomainError) as refused:
        letter_signature(hendra, document="Surat balasan")
    message = str(refused.value.message)
    assert "pangkat/golongan" in message and "NIP" not in message
    hendra.rank = "III/d"
    block = letter_signature(hendra, document="Surat balasan")
    assert block["rank"] == "Penata Tingkat I (III/d)" and block["nip"] == "197503152000031002"
    assert block["title_lines"][0] == f"a.n. {HEAD}"


@pytest.mark.parametrize(
    ("url", "caption"),
    [
        ("https://silajar.kalbarprov.go.id/tiket/12/", "silajar.kalbarprov.go.id/tiket/12/"),
        ("http://127.0.0.1:8000/tiket/12/", ""),
        ("http://localhost:8000/tiket/12/", ""),
        ("http://silajar.localhost/tiket/12/", ""),
    ],
)
def test_the_qr_caption_never_prints_a_local_address(url, caption):
    assert public_address(url) == caption
