"""One's own profile: the page shows it, a save changes name, phone and position (audited), and
a stale form does not overwrite a newer save."""

import base64
import io

import pytest
from PIL import Image, ImageDraw

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"


def signature_data_url() -> str:
    """A signature as the pad sends it: a PNG drawing as a data URL."""
    buffer = io.BytesIO()
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 100), (80, 20), (290, 15)], fill="black", width=4)
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def rina(make_user):
    return make_user(Role.OPD_USER, full_name="Rina Wati", phone="0561-111", position="Staf")


def test_saving_ones_profile_changes_it_and_audits_it(client_as, rina):
    client = client_as(rina)

    response = client.post(
        PROFILE_URL,
        {
            "full_name": "Rina Wati, S.T.",
            "phone": "0812-5555-0101",
            "position": "Pranata Komputer",
            "version": rina.version,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    stored = User.objects.get(pk=rina.pk)
    assert (stored.full_name, stored.phone, stored.position) == (
        "Rina Wati, S.T.",
        "0812-5555-0101",
        "Pranata Komputer",
    )
    assert stored.version == rina.version + 1
    event = AuditEvent.objects.get(action="account.updated", object_id=str(rina.pk))
    assert event.actor == rina
    assert event.changes["phone"] == ["0561-111", "0812-5555-0101"]


def test_a_stale_profile_form_is_refused_and_saves_nothing(client_as, rina):
    client = client_as(rina)
    stale = rina.version
    User.objects.filter(pk=rina.pk).update(version=stale + 1)

    response = client.post(
        PROFILE_URL,
        {"full_name": "Lama", "phone": "0561-222", "position": "Lama", "version": stale},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert User.objects.get(pk=rina.pk).full_name == "Rina Wati"


def test_staff_enter_their_nip_and_rank_in_their_profile(client_as, make_user):
    andi = make_user(Role.TECHNICIAN, full_name="Andi Saputra", position="Teknisi Jaringan")
    client = client_as(andi)
    page = client.get(PROFILE_URL).content.decode()
    assert 'name="nip"' in page and 'name="rank"' in page
    assert "Penata Muda Tingkat I (III/b)" in page  # the ranks offered

    response = client.post(
        PROFILE_URL,
        {
            "full_name": "Andi Saputra",
            "nip": "199001012015031001",
            "rank": "III/b",
            "phone": "",
            "position": "Teknisi Jaringan",
            "version": andi.version,
        },
    )

    assert response.status_code == 302
    stored = User.objects.get(pk=andi.pk)
    assert (stored.nip, stored.rank) == ("199001012015031001", "III/b")
    event = AuditEvent.objects.get(action="account.updated", object_id=str(andi.pk))
    assert event.changes["nip"] == ["", "199001012015031001"]


@pytest.mark.parametrize(
    ("nip", "says"),
    [
        ("199002302015031001", "tanggal lahir"),  # 30 February
        ("199001011985031001", "sesudah tanggal lahir"),  # appointed before birth
        ("199001012015033001", "jenis kelamin"),
        ("199001012015031000", "nomor urut"),
    ],
)
def test_a_malformed_nip_is_refused_with_the_wrong_part(client_as, rina, nip, says):
    response = client_as(rina).post(
        PROFILE_URL,
        {"full_name": "Rina Wati", "nip": nip, "rank": "", "version": rina.version},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["nip"])
    assert says in errors
    assert User.objects.get(pk=rina.pk).nip == ""


def test_the_service_checks_the_nip_whoever_calls_it(rina):
    from silajar.accounts import services
    from silajar.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.user_update(actor=rina, user=rina, expected_version=None, nip="199001012015031000")
    assert "nip" in refused.value.fields
    with pytest.raises(DomainError) as refused:
        services.user_update(actor=rina, user=rina, expected_version=None, rank="V/z")
    assert "rank" in refused.value.fields
    assert User.objects.get(pk=rina.pk).nip == ""


def test_staff_draw_their_signature_once_in_the_profile(client_as, make_user):
    andi = make_user(Role.TECHNICIAN, full_name="Andi Saputra")
    client = client_as(andi)
    assert 'data-testid="signature-card"' in client.get(PROFILE_URL).content.decode()
    response = client.post("/accounts/profile/signature/", {"signature": signature_data_url()})
    assert response.status_code == 302 and response["Location"] == PROFILE_URL
    andi.refresh_from_db()
    assert andi.signature.name.startswith("accounts/signatures/")
    assert AuditEvent.objects.filter(action="account.signature_set", object_id=str(andi.pk))
    assert 'data-testid="signature-image"' in client.get(PROFILE_URL).content.decode()
    refused = client.post(
        "/accounts/profile/signature/", {"signature": "data:image/gif;base64,R0lG"}, follow=True
    )
    assert "PNG" in refused.content.decode() or "png" in refused.content.decode().lower()
    client.post("/accounts/profile/signature/", {"remove": "1"})
    andi.refresh_from_db()
    assert not andi.signature


def test_agency_users_sign_each_form_and_keep_no_signature(client_as, rina):
    client = client_as(rina)
    assert 'data-testid="signature-card"' not in client.get(PROFILE_URL).content.decode()
    assert client.post("/accounts/profile/signature/", {"remove": "1"}).status_code == 403
