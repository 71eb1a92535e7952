"""Demo installation requests: every state, real histories through the services, idempotent."""

import io
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.core.uploads import KIND_PDF, check_upload
from silajar.core.validators import nip_errors
from silajar.installations import documents
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest
from silajar.notifications.models import EmailDelivery, Notification
from silajar.organizations.demo import DEMO_AGENCY

pytestmark = pytest.mark.django_db


def test_demo_requests():
    """One seeding (it renders a letter PDF per request), every check on it."""
    call_command("seed_demo", "--force", "--tickets", "0", stdout=StringIO())
    check_every_state_from_the_demo_agency_and_others()
    check_the_demo_operator_and_user_belong_to_the_same_agency()
    check_histories_are_in_the_past_and_in_order()
    check_files_are_real_and_documents_render()
    check_seeding_sends_nothing_and_is_idempotent()


def check_every_state_from_the_demo_agency_and_others():
    installations = InstallationRequest.objects.select_related("organization")
    assert set(installations.values_list("state", flat=True)) == set(S.values)
    agencies = set(installations.values_list("organization__short_name", flat=True))
    assert DEMO_AGENCY in agencies and len(agencies) >= 8
    own = installations.filter(organization__short_name=DEMO_AGENCY)
    assert set(own.values_list("created_by__username", flat=True)) == {Role.OPD_OPERATOR}
    others = installations.exclude(organization__short_name=DEMO_AGENCY)
    assert set(others.values_list("created_by__username", flat=True)) == {Role.HELPDESK}
    # both branches after the survey
    assert installations.filter(state=S.COMPLETED, reply_letter_number="").exists()
    assert installations.filter(state=S.COMPLETED).exclude(reply_letter_number="").exists()


def check_the_demo_operator_and_user_belong_to_the_same_agency():
    operator = User.objects.get(username=Role.OPD_OPERATOR)
    user = User.objects.get(username=Role.OPD_USER)
    assert operator.organization_id == user.organization_id
    assert operator.organization.short_name == DEMO_AGENCY


def check_histories_are_in_the_past_and_in_order():
    now = timezone.now()
    request_type = ContentType.objects.get_for_model(InstallationRequest)
    installations = list(InstallationRequest.objects.order_by("created_at", "pk"))
    assert [r.number for r in installations] == sorted(r.number for r in installations)
    assert (now - installations[0].created_at).days > 90  # spread over the last months
    for installation in installations:
        events = list(
            AuditEvent.objects.filter(content_type=request_type, object_id=str(installation.pk))
            .exclude(action="installation.step_overdue")
            .order_by("created_at", "pk")
            .values_list("action", "created_at")
        )
        assert events[0] == ("installation.created", installation.created_at)
        assert all(a[1] <= b[1] <= now for a, b in zip(events, events[1:], strict=False))
        assert installation.letter_date <= timezone.localdate(installation.created_at)
        if installation.is_open:
            assert installation.step_due_at is not None
            assert installation.step_overdue == (installation.step_due_at < now)
        else:
            assert installation.step_due_at is None and installation.closed_at <= now


def check_files_are_real_and_documents_render():
    completed = InstallationRequest.objects.filter(state=S.COMPLETED).first()
    with completed.letter_file.open("rb") as handle:
        assert check_upload(handle, allowed=(KIND_PDF,)).kind == KIND_PDF
    assert completed.signature and completed.photos.count() == 2
    assert documents.render_installation_form(completed).startswith(b"%PDF")
    waiting = InstallationRequest.objects.get(state=S.AWAITING_EQUIPMENT)
    assert waiting.items.exists()
    letter = documents.render_reply_letter(waiting)  # its signer has a NIP and a rank
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(letter)).pages)
    signer = waiting.reply_letter_signer
    assert signer.get_rank_display() in " ".join(text.split()) and signer.nip in text
    assert not nip_errors(signer.nip) and not nip_errors(waiting.signatory_nip)
    assert all(photo.caption for photo in completed.photos.all())


def check_seeding_sends_nothing_and_is_idempotent():
    assert Notification.objects.count() == 0 and EmailDelivery.objects.count() == 0
    before = InstallationRequest.objects.count(), AuditEvent.objects.count()
    out = StringIO()
    call_command("seed_demo", "--force", "--tickets", "0", stdout=out)
    assert (InstallationRequest.objects.count(), AuditEvent.objects.count()) == before
    assert "Demo installation requests: 0 added." in out.getvalue()
