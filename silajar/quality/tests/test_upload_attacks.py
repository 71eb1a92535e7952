"""Every upload field × every hostile file (silajar/quality/uploads/): refused with a clear
message and nothing kept (no row, no audit event, no file under MEDIA_ROOT or in the upload
temp folder); hostile names stored under a random name and shown safely. Stored files are
only ever served by views that check access, with safe headers."""

from __future__ import annotations

import base64
import html
import re

import pytest
from django.urls import Resolver404, get_resolver, resolve, reverse
from PIL import Image
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.core.tests.files import media_files, pdf_bytes, png_bytes
from silajar.quality.uploads.hostile import jpeg_bytes
from silajar.quality.uploads.payloads import DATA_URL, FILE, PAYLOADS, REFUSED, SVG
from silajar.quality.uploads.scene import Scene, as_data_url, as_upload
from silajar.quality.uploads.targets import TARGETS, cases, summary
from silajar.quality.uploads.tickets import make_ticket
from silajar.tickets import services
from silajar.tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db

ERROR_BLOCK = re.compile(
    r'<(?:div|li|ul|span)[^>]*class="[^"]*\b(?:invalid-feedback|alert-danger|errorlist)\b[^"]*"'
    r"[^>]*>(.*?)</(?:div|li|ul|span)>",
    re.DOTALL,
)
NOT_HUMAN = ("Traceback", "Exception", "Error(", "errno", "/work/", "site-packages", "\\x")
# the upload folder of the field, then a random name with the extension of the checked kind
STORED_NAME = re.compile(
    r"(?:tickets|installations|contracts|accounts)/[a-z_]+/[0-9a-f]{32}\.(?:png|jpg|pdf)"
)
UNSAFE_IN_NAMES = ("/", "\\", "\x00", "\u202e", "\r", "\n", "<", ">", '"', "..")


@pytest.fixture
def disk(settings, tmp_path):
    """A private MEDIA_ROOT and upload temp folder, to list before and after each request."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.MEDIA_ROOT.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return tmp_path


@pytest.fixture
def scene(make_user, agency, location):
    return Scene(make_user=make_user, agency=agency, location=location)


def error_text(response, api: bool) -> str:
    """The message the user reads: the API's error message and field errors, or the page's
    error blocks (form errors, alert)."""
    if api:
        error = response.json()["error"]
        texts = [error["message"], *(m for ms in error["fields"].values() for m in ms)]
    else:
        blocks = ERROR_BLOCK.findall(response.content.decode())
        texts = [html.unescape(re.sub(r"<[^>]+>", " ", block)) for block in blocks]
    return " ".join(" ".join(t.split()) for t in texts if t.strip())


def assert_human(message: str) -> None:
    assert message, "no error message shown"
    assert re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", message), message
    assert len(message) < 600, message
    for marker in NOT_HUMAN:
        assert marker not in message, message


def test_summary(capsys):
    pairs = cases()
    assert len(TARGETS) >= 11 and len(PAYLOADS) >= 30
    # every target gets every payload of its family, and every payload reaches some target
    assert {p.name for _t, p in pairs} == {p.name for p in PAYLOADS}
    assert {t.name for t, _p in pairs} == {t.name for t in TARGETS}
    with capsys.disabled():
        print(f"\n{summary()}")


@pytest.mark.parametrize(
    ("target", "payload"), cases(), ids=[f"{t.name}-{p.name}" for t, p in cases()]
)
def test_upload_attack(target, payload, scene, disk):
    armed = target.arrange(scene)
    rows_before, files_before = armed.kept(), media_files()

    response = armed.send(payload.filename, payload.content(target.max_bytes))

    assert list((disk / "upload-tmp").iterdir()) == [], "an upload temp file was left behind"
    if payload.expect == REFUSED:
        assert response.status_code == target.refused_status, (
            response.status_code,
            error_text(response, armed.api),
        )
        assert_human(error_text(response, armed.api))
        assert armed.kept() == rows_before, "the refused upload changed stored records"
        assert media_files() == files_before, "the refused upload left a file on disk"
        return
    assert response.status_code in (200, 201, 302), response.status_code
    assert not armed.api or "error" not in response.json()
    new_files = [str(p.relative_to(disk / "media")) for p in media_files() - files_before]
    assert len(new_files) == 1 and STORED_NAME.fullmatch(new_files[0]), new_files
    for stored, shown in armed.stored_names():
        assert STORED_NAME.fullmatch(stored), stored
        if shown:
            assert shown.endswith((".png", ".pdf")) and len(shown) <= 150, shown
            assert not any(bad in shown for bad in UNSAFE_IN_NAMES), shown
            assert shown.split(".")[0].upper() not in ("CON", "PRN", "AUX", "NUL"), shown


# --- images are stored bounded in pixels, originals the law needs as uploaded ----------------

LARGE = (3000, 1500)


@pytest.mark.parametrize(
    "target",
    [t for t in TARGETS if t.family in (FILE, DATA_URL)],
    ids=lambda t: t.name,
)
def test_a_large_image_is_stored_scaled_down_unless_the_original_is_needed(target, scene, disk):
    armed = target.arrange(scene)
    files_before = media_files()
    sent = png_bytes(LARGE)

    response = armed.send("besar.png", sent)

    assert response.status_code in (200, 201, 302), error_text(response, armed.api)
    (stored,) = media_files() - files_before
    with Image.open(stored) as image:
        assert image.format == "PNG"
        if target.image_max_side is None:
            assert stored.read_bytes() == sent
        else:
            side = target.image_max_side
            assert image.size == (side, side * LARGE[1] // LARGE[0]), image.size


# --- stored files are served only after the access check -------------------------------------


@pytest.fixture
def stored(scene, disk, make_user, other_agency, agency_user, helpdesk_user):
    """A ticket with an attachment, closed with a drawn signature, and one closed with a scan."""
    from silajar.accounts.tests.factories import UserFactory

    ticket, helpdesk, technician = make_ticket(scene, resolved=True)
    attachment = services.attachment_add(
        ticket=ticket, actor=helpdesk, upload=as_upload("foto.png", png_bytes())
    )
    services.ticket_sign_off(
        ticket=ticket, actor=technician, signer_name="Budi", signature=as_data_url(png_bytes())
    )
    scanned, _helpdesk, scan_technician = make_ticket(scene, resolved=True)
    services.ticket_sign_off(
        ticket=scanned,
        actor=scan_technician,
        signer_name="Budi",
        signed_form=as_upload("form.pdf", pdf_bytes()),
    )
    return {
        "ticket": Ticket.objects.get(pk=ticket.pk),
        "scanned": Ticket.objects.get(pk=scanned.pk),
        "attachment": attachment,
        "agency_user": agency_user,
        "helpdesk": helpdesk_user,
        "other": UserFactory(roles=[Role.OPD_USER], organization=other_agency),
    }


def _file_urls(s) -> list[tuple[str, bool]]:
    """(url, is_api) of every view that serves a stored file or a form embedding one."""
    t, a = s["ticket"], s["attachment"]
    return [
        (reverse("tickets:attachment", args=[t.pk, a.pk]), False),
        (reverse("tickets:portal_attachment", args=[t.pk, a.pk]), False),
        (reverse("ticket-attachment-download", kwargs={"pk": t.pk, "attachment_id": a.pk}), True),
        (reverse("tickets:form_pdf", args=[t.pk]), False),
        (reverse("tickets:portal_form_pdf", args=[t.pk]), False),
        (reverse("tickets:field_form_pdf", args=[t.pk]), False),
        (reverse("ticket-form-pdf", args=[t.pk]), True),
    ]


def test_stored_files_need_the_access_check(client, stored):
    for url, api in _file_urls(stored):
        anonymous = client.get(url)
        if api:
            assert anonymous.status_code in (401, 403), url
        else:
            assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
        api_client = APIClient()
        api_client.force_authenticate(stored["other"])
        client.force_login(stored["other"])
        other = (api_client if api else client).get(url)
        assert other.status_code in ((404,) if api or "portal" in url else (403, 404)), url
        client.logout()


def test_stored_files_served_with_safe_headers(client, stored):
    staff_urls = [u for u, _api in _file_urls(stored) if "portal" not in u]
    portal_urls = [u for u, _api in _file_urls(stored) if "portal" in u]
    for user, urls in ((stored["helpdesk"], staff_urls), (stored["agency_user"], portal_urls)):
        client.force_login(user)
        api_client = APIClient()
        api_client.force_authenticate(user)
        for url in urls:
            response = (api_client if url.startswith("/api/") else client).get(url)
            assert response.status_code == 200, url
            disposition = response["Content-Disposition"]
            assert disposition.startswith(("attachment;", "inline;")) and "filename" in disposition
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert "private" in response.get("Cache-Control", "") or url.endswith(".pdf"), url
            if "attachments" in url:
                assert "sandbox" in response["Content-Security-Policy"], url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert body.startswith((b"\x89PNG", b"%PDF")), url


def test_hostile_stored_name_never_reaches_the_header(client, scene, disk, helpdesk_user):
    ticket, *_ = make_ticket(scene)
    attachment = services.attachment_add(
        ticket=ticket,
        actor=helpdesk_user,
        upload=as_upload('x"; filename=evil.html\r\nX-Evil: 1.png', png_bytes()),
    )
    client.force_login(helpdesk_user)
    response = client.get(reverse("tickets:attachment", args=[ticket.pk, attachment.pk]))
    disposition = response["Content-Disposition"]
    assert "X-Evil" not in response and "\r" not in disposition and "\n" not in disposition
    # one quoted file name, ending in the stored kind's extension: nothing breaks out of it
    assert re.fullmatch(r'inline; filename="[^"\\;]+\.png"', disposition), disposition
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_media_url_is_never_routed(client, admin_user, stored):
    files = [
        stored["attachment"].file.name,
        stored["ticket"].signature.name,
        stored["scanned"].signed_form.name,
    ]
    assert all(STORED_NAME.fullmatch(name) for name in files), files
    client.force_login(admin_user)
    for name in files:
        for prefix in ("/media/", "/static/", "/"):
            path = f"{prefix}{name}"
            with pytest.raises(Resolver404):
                resolve(path)
            assert client.get(path).status_code == 404, path
    patterns = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any(p.lstrip("^").startswith(("media", "uploads")) for p in patterns), patterns
    assert Attachment.objects.count() == 1


# --- one's own signature (profile): only a PNG drawing, shown to oneself alone ----------------


@pytest.mark.parametrize(
    "data_url",
    [
        "data:image/svg+xml;base64," + base64.b64encode(SVG).decode(),
        "data:text/html;base64," + base64.b64encode(b"<script>alert(1)</script>").decode(),
        "data:image/jpeg;base64," + base64.b64encode(jpeg_bytes()).decode(),
        "data:image/png;charset=utf-8,<svg onload=alert(1)>",
        "data:image/png;base64,%%%not base64%%%",
        "javascript:alert(1)",
    ],
    ids=["svg", "html", "jpeg", "png_label_on_text", "not_base64", "javascript"],
)
def test_profile_signature_of_another_media_type_is_refused(data_url, scene, disk):
    technician = scene.make_user(Role.TECHNICIAN)
    files_before = media_files()

    response = scene.client(technician).post(
        reverse("accounts:signature"), {"signature": data_url}, follow=True
    )

    message = error_text(response, api=False)
    assert response.status_code == 200 and "signature" in message.lower()
    assert_human(message)
    technician.refresh_from_db()
    assert not technician.signature and media_files() == files_before


def test_profile_signature_is_shown_to_its_owner_only(client, scene, disk, admin_user):
    from silajar.accounts.services import user_signature_set

    owner = scene.make_user(Role.TECHNICIAN, full_name="Teknisi Pemilik")
    owner = user_signature_set(user=owner, signature=as_data_url(png_bytes()))
    stored = owner.signature.name
    assert STORED_NAME.fullmatch(stored), stored
    with owner.signature.open("rb") as handle:
        embedded = base64.b64encode(handle.read()).decode()

    client.force_login(owner)
    assert embedded in client.get(reverse("accounts:profile")).content.decode()
    colleague = scene.make_user(Role.TECHNICIAN)
    for viewer, url in (
        (colleague, reverse("accounts:profile")),
        (admin_user, reverse("accounts:user_detail", args=[owner.pk])),
        (admin_user, reverse("accounts:user_edit", args=[owner.pk])),
    ):
        client.force_login(viewer)
        body = client.get(url).content.decode()
        assert embedded not in body and stored not in body, url
    for api_user, url in ((owner, "/api/v1/me/"), (admin_user, "/api/v1/users/")):
        api = APIClient()
        api.force_authenticate(api_user)
        assert stored not in api.get(url).content.decode(), url
    for prefix in ("/media/", "/static/", "/"):
        with pytest.raises(Resolver404):
            resolve(f"{prefix}{stored}")
