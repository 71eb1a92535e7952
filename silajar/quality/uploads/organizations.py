"""The agencies' upload field: the CSV / Excel agency list to import."""

from __future__ import annotations

from django.urls import reverse

from silajar.quality.uploads.scene import Armed, Scene, as_upload


def organization_import(scene: Scene) -> Armed:
    from silajar.core.models import AuditEvent
    from silajar.organizations.models import Organization

    admin = scene.make_user(is_superuser=True, is_staff=True)
    client, url = scene.client(admin), reverse("organizations:import")
    return Armed(
        send=lambda name, content: client.post(url, {"file": as_upload(name, content)}),
        kept=lambda: (
            list(Organization.objects.order_by("pk").values_list("pk", "short_name", "name")),
            AuditEvent.objects.count(),
        ),
    )
