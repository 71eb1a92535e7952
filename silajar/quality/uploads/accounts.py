"""The accounts' upload field: one's own signature, drawn on the profile (a PNG data URL),
printed in one's block of the forms and reports one completes. The page answers a refusal by
showing the profile again with the message (the redirect is followed)."""

from __future__ import annotations

from django.urls import reverse

from silajar.quality.uploads.scene import Armed, Scene, as_data_url


def profile_signature(scene: Scene) -> Armed:
    from silajar.accounts.models import User
    from silajar.accounts.roles import Role
    from silajar.core.models import AuditEvent

    technician = scene.make_user(Role.TECHNICIAN)
    client = scene.client(technician)
    url = reverse("accounts:signature")

    def send(_name, content):
        return client.post(url, {"signature": as_data_url(content)}, follow=True)

    def kept():
        return (
            User.objects.filter(pk=technician.pk).values_list("signature", "updated_at").get(),
            AuditEvent.objects.count(),
        )

    def names():
        stored = User.objects.get(pk=technician.pk).signature.name
        return [(stored, "")] if stored else []

    return Armed(send=send, kept=kept, stored_names=names)
