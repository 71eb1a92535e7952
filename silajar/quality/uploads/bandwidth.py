"""The distribution's upload field: the router's counters (CSV) for a month's use."""

from __future__ import annotations

from django.urls import reverse

from silajar.quality.uploads.scene import Armed, Scene, as_upload


def usage_import(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role
    from silajar.bandwidth.models import UsageSample
    from silajar.core.models import AuditEvent
    from silajar.providers.tests.factories import ContractFactory

    contract = ContractFactory()
    client = scene.client(scene.make_user(Role.NETWORK_ADMIN))
    url = reverse("bandwidth:usage", args=[contract.pk])
    return Armed(
        send=lambda name, content: client.post(
            url, {"month": "2026-03", "file": as_upload(name, content)}
        ),
        kept=lambda: (
            list(UsageSample.objects.order_by("pk").values_list("pk", "consumer", "peak_mbps")),
            AuditEvent.objects.count(),
        ),
    )
