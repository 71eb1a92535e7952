"""The installation requests' upload fields: the request letter (API and page), survey photos,
and sign-off by scan or drawn signature (API)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from silajar.quality.uploads.scene import Armed, Scene, as_data_url, as_upload


def _installation(scene: Scene, state: str):
    """An installation request of the scene's agency walked to `state`, and its cast."""
    from silajar.installations.tests.factories import Cast, walk_to

    cast = Cast(scene.agency)
    return walk_to(state, cast), cast


def _installation_kept(request=None):
    from silajar.core.models import AuditEvent
    from silajar.installations.models import InstallationRequest, SurveyPhoto

    rows = InstallationRequest.objects.all() if request is None else [request]
    return lambda: (
        [
            InstallationRequest.objects.filter(pk=r.pk)
            .values_list("state", "version", "letter_file", "signature", "signed_form")
            .get()
            for r in rows
        ],
        InstallationRequest.objects.count(),
        SurveyPhoto.objects.count(),
        AuditEvent.objects.count(),
    )


def _letter_data(scene: Scene, name: str, content) -> dict:
    return {
        "letter_number": "005/123/DINKES-UM/2026",
        "letter_date": "2026-01-05",
        "subject": "Permohonan pemasangan jaringan",
        "signatory_name": "dr. Harisson",
        "signatory_title": "Kepala Dinas Kesehatan",
        "description": "8 titik jaringan",
        "network_points": 8,
        "access_points": 1,
        "letter_file": as_upload(name, content),
    }


def _letter_names():
    from silajar.installations.models import InstallationRequest

    return list(InstallationRequest.objects.values_list("letter_file", "letter_file_name"))


def api_installation_letter(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role

    client = scene.api(scene.make_user(Role.OPD_OPERATOR))
    return Armed(
        send=lambda name, content: client.post(
            "/api/v1/installation-requests/", _letter_data(scene, name, content), format="multipart"
        ),
        kept=_installation_kept(),
        stored_names=_letter_names,
        api=True,
    )


def installation_letter_page(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role

    client = scene.client(scene.make_user(Role.OPD_OPERATOR))
    url = reverse("installations:create")
    return Armed(
        send=lambda name, content: client.post(url, _letter_data(scene, name, content)),
        kept=_installation_kept(),
        stored_names=_letter_names,
    )


def api_survey_photo(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role
    from silajar.installations.models import SurveyPhoto

    request, cast = _installation(scene, "survey_assigned")
    client = scene.api(cast[Role.TECHNICIAN])
    url = f"/api/v1/installation-requests/{request.pk}/photos/"
    return Armed(
        send=lambda name, content: client.post(
            url, {"file": as_upload(name, content)}, format="multipart"
        ),
        kept=_installation_kept(request),
        stored_names=lambda: list(SurveyPhoto.objects.values_list("file", "original_name")),
        api=True,
    )


def api_installation_sign(drawn: bool) -> Callable[[Scene], Armed]:
    def arrange(scene: Scene) -> Armed:
        from silajar.accounts.roles import Role
        from silajar.installations.models import InstallationRequest

        request, cast = _installation(scene, "installed")
        client = scene.api(cast[Role.OPD_USER])
        url = f"/api/v1/installation-requests/{request.pk}/sign_off/"

        def send(name, content):
            data = {"version": request.version, "signer_name": "Budi"}
            if drawn:
                return client.post(url, {**data, "signature": as_data_url(content)}, format="json")
            data["signed_form"] = as_upload(name, content)
            return client.post(url, data, format="multipart")

        def names():
            row = InstallationRequest.objects.get(pk=request.pk)
            return [(row.signed_form.name, "")] if row.signed_form else []

        return Armed(send=send, kept=_installation_kept(request), stored_names=names, api=True)

    return arrange
