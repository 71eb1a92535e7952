"""The complaint desk's upload fields: attachments (desk, API, the portal's report photo) and
sign-off (a scan on the desk, field, portal and API pages; a drawn signature on field, portal
and API)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from silajar.quality.uploads.scene import Armed, Scene, as_data_url, as_upload


def make_ticket(scene: Scene, *, resolved: bool = False):
    from silajar.accounts.roles import Role
    from silajar.tickets import services

    helpdesk = scene.make_user(Role.HELPDESK)
    ticket = services.ticket_create(
        actor=helpdesk,
        channel="phone",
        organization=scene.agency,
        location=scene.location,
        reporter_name="Budi",
        description="Internet mati",
        scope="whole_location",
    )
    if not resolved:
        return ticket, helpdesk, None
    technician = scene.make_user(Role.TECHNICIAN)
    ticket = services.ticket_triage(ticket=ticket, actor=helpdesk)
    ticket = services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=technician)
    ticket = services.ticket_start(ticket=ticket, actor=technician)
    ticket = services.ticket_resolve(
        ticket=ticket, actor=technician, diagnosis="Kabel putus", action_taken="Ganti kabel"
    )
    return ticket, helpdesk, technician


def _attachments_kept(ticket):
    from silajar.core.models import AuditEvent
    from silajar.tickets.models import Attachment

    return lambda: (
        list(Attachment.objects.filter(ticket=ticket).values_list("pk", flat=True)),
        AuditEvent.objects.count(),
    )


def _attachment_names(ticket):
    from silajar.tickets.models import Attachment

    return lambda: list(
        Attachment.objects.filter(ticket=ticket).values_list("file", "original_name")
    )


def _sign_kept(ticket):
    from silajar.core.models import AuditEvent
    from silajar.tickets.models import Ticket

    return lambda: (
        Ticket.objects.filter(pk=ticket.pk)
        .values_list("state", "version", "signature", "signed_form")
        .get(),
        AuditEvent.objects.count(),
    )


def _signed_names(ticket):
    from silajar.tickets.models import Ticket

    def names():
        row = Ticket.objects.get(pk=ticket.pk)
        return [(row.signed_form.name, "")] if row.signed_form else []

    return names


def desk_attachment(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene)
    client, url = scene.client(helpdesk), reverse("tickets:attachment_add", args=[ticket.pk])
    return Armed(
        send=lambda name, content: client.post(url, {"file": as_upload(name, content)}),
        kept=_attachments_kept(ticket),
        stored_names=_attachment_names(ticket),
    )


def api_attachment(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene)
    client = scene.api(helpdesk)
    url = f"/api/v1/tickets/{ticket.pk}/attachments/"
    return Armed(
        send=lambda name, content: client.post(
            url, {"file": as_upload(name, content)}, format="multipart"
        ),
        kept=_attachments_kept(ticket),
        stored_names=_attachment_names(ticket),
        api=True,
    )


def portal_report_photo(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role
    from silajar.core.models import AuditEvent
    from silajar.tickets.models import Attachment, Ticket

    user = scene.make_user(Role.OPD_USER)
    client, url = scene.client(user), reverse("tickets:portal_report")

    def send(name, content):
        data = {
            "scope": "whole_location",
            "location": scene.location.pk,
            "description": "Wi-Fi mati",
            "photo": as_upload(name, content),
        }
        return client.post(url, data)

    return Armed(
        send=send,
        kept=lambda: (
            Ticket.objects.count(),
            Attachment.objects.count(),
            AuditEvent.objects.count(),
        ),
        stored_names=lambda: list(Attachment.objects.values_list("file", "original_name")),
    )


def sign_with_file(page: str) -> Callable[[Scene], Armed]:
    def arrange(scene: Scene) -> Armed:
        from silajar.accounts.roles import Role

        ticket, helpdesk, technician = make_ticket(scene, resolved=True)
        if page == "desk":
            client = scene.client(helpdesk)
            url = reverse("tickets:action", args=[ticket.pk, "sign_off"])
            prefix = "sign_off-"
        elif page == "field":
            client, url, prefix = (
                scene.client(technician),
                reverse("tickets:field_sign", args=[ticket.pk]),
                "",
            )
        else:
            user = scene.make_user(Role.OPD_USER)
            client, url, prefix = (
                scene.client(user),
                reverse("tickets:portal_sign", args=[ticket.pk]),
                "",
            )

        def send(name, content):
            data = {
                f"{prefix}version": ticket.version,
                f"{prefix}signer_name": "Budi",
                f"{prefix}signed_form": as_upload(name, content),
            }
            return client.post(url, data)

        return Armed(send=send, kept=_sign_kept(ticket), stored_names=_signed_names(ticket))

    return arrange


def api_sign_with_file(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene, resolved=True)
    client = scene.api(helpdesk)
    url = f"/api/v1/tickets/{ticket.pk}/sign_off/"

    def send(name, content):
        data = {
            "version": ticket.version,
            "signer_name": "Budi",
            "signed_form": as_upload(name, content),
        }
        return client.post(url, data, format="multipart")

    return Armed(send=send, kept=_sign_kept(ticket), stored_names=_signed_names(ticket), api=True)


def sign_drawn(page: str) -> Callable[[Scene], Armed]:
    def arrange(scene: Scene) -> Armed:
        from silajar.accounts.roles import Role

        ticket, helpdesk, technician = make_ticket(scene, resolved=True)
        if page == "field":
            client, url = scene.client(technician), reverse("tickets:field_sign", args=[ticket.pk])
        else:
            client = scene.client(scene.make_user(Role.OPD_USER))
            url = reverse("tickets:portal_sign", args=[ticket.pk])

        def send(_name, content):
            data = {"version": ticket.version, "signer_name": "Budi"}
            data["signature"] = as_data_url(content)
            return client.post(url, data)

        return Armed(send=send, kept=_sign_kept(ticket))

    return arrange


def api_sign_drawn(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene, resolved=True)
    client = scene.api(helpdesk)
    url = f"/api/v1/tickets/{ticket.pk}/sign_off/"

    def send(_name, content):
        data = {"version": ticket.version, "signer_name": "Budi", "signature": as_data_url(content)}
        return client.post(url, data, format="json")

    return Armed(send=send, kept=_sign_kept(ticket), api=True)
