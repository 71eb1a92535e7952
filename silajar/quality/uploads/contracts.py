"""The contracts' upload fields: the scan of the signed contract (API and the contract's
page), kept exactly as scanned; the handover record (BAST) signed on screen or its scan (API
and the contract's page)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from silajar.quality.uploads.scene import Armed, Scene, as_data_url, as_upload


def _kept():
    from silajar.contracts.models import Contract
    from silajar.core.models import AuditEvent

    return (
        list(
            Contract.objects.order_by("pk").values_list(
                "pk", "version", "document", "document_name"
            )
        ),
        AuditEvent.objects.count(),
    )


def _names():
    from silajar.contracts.models import Contract

    return list(Contract.objects.exclude(document="").values_list("document", "document_name"))


def api_contract_document(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role
    from silajar.providers.tests.factories import ContractFactory

    contract = ContractFactory()
    client = scene.api(scene.make_user(Role.PPTK))
    url = f"/api/v1/contracts/{contract.pk}/document/"
    return Armed(
        send=lambda name, content: client.post(
            url, {"document": as_upload(name, content)}, format="multipart"
        ),
        kept=_kept,
        stored_names=_names,
        api=True,
    )


def contract_page(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role
    from silajar.providers.tests.factories import ProviderFactory

    provider = ProviderFactory()
    client = scene.client(scene.make_user(Role.NETWORK_ADMIN))
    url = reverse("contracts:create")

    def send(name, content):
        return client.post(
            url,
            {
                "provider": provider.pk,
                "number": "027/UJI/KONTRAK/2026",
                "fiscal_year": 2026,
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "capacity_mbps": 100,
                "monthly_fee": 10_000_000,
                "state": "active",
                "availability_target": "99.5",
                "min_outage_seconds": 300,
                "max_response_minutes": 30,
                "max_restoration_minutes": 240,
                "restitution_method": "proportional",
                "restitution_cap_percent": "30",
                "maintenance_notice_hours": 72,
                "document": as_upload(name, content),
            },
        )

    return Armed(send=send, kept=_kept, stored_names=_names)


def _installing_contract(scene: Scene):
    """A contract of the procurement, installing with its checklist filled: the BAST awaits."""
    from silajar.contracts.tests.factories import Cast, contract_in

    cast = Cast()
    return contract_in(cast, "installing", checklist=True), cast


def _bast_kept(contract):
    def kept():
        from silajar.contracts.models import Contract
        from silajar.core.models import AuditEvent

        row = Contract.objects.filter(pk=contract.pk).values_list(
            "state", "version", "signature", "signed_form", "bast_number"
        )
        return list(row), AuditEvent.objects.count()

    return kept


def _bast_names(contract):
    def names():
        from silajar.contracts.models import Contract

        row = Contract.objects.get(pk=contract.pk)
        return [(row.signed_form.name, "")] if row.signed_form else []

    return names


def bast_page(scene: Scene) -> Armed:
    """The handover signed on paper, its scan uploaded on the contract's page."""
    from silajar.accounts.roles import Role

    contract, cast = _installing_contract(scene)
    client = scene.client(cast[Role.NETWORK_ADMIN])
    url = reverse("contracts:action", args=[contract.pk, "activate"])

    def send(name, content):
        data = {"activate-version": contract.version, "activate-signer_name": "Andi"}
        return client.post(url, {**data, "activate-signed_form": as_upload(name, content)})

    return Armed(send=send, kept=_bast_kept(contract), stored_names=_bast_names(contract))


def api_bast(drawn: bool) -> Callable[[Scene], Armed]:
    def arrange(scene: Scene) -> Armed:
        from silajar.accounts.roles import Role

        contract, cast = _installing_contract(scene)
        client = scene.api(cast[Role.NETWORK_ADMIN])
        url = f"/api/v1/contracts/{contract.pk}/activate/"

        def send(name, content):
            data = {"version": contract.version, "signer_name": "Andi"}
            if drawn:
                return client.post(url, {**data, "signature": as_data_url(content)}, format="json")
            data["signed_form"] = as_upload(name, content)
            return client.post(url, data, format="multipart")

        return Armed(
            send=send, kept=_bast_kept(contract), stored_names=_bast_names(contract), api=True
        )

    return arrange


def designation_page(scene: Scene) -> Armed:
    """The KPA's decision letter (a PDF, kept as signed) uploaded with the designation."""
    from silajar.accounts.roles import Role
    from silajar.contracts.models import Contract
    from silajar.contracts.tests.factories import Cast, contract_in
    from silajar.core.models import AuditEvent

    cast = Cast()
    contract = contract_in(cast, "awaiting_designation")
    client = scene.client(cast[Role.KPA])
    url = reverse("contracts:action", args=[contract.pk, "designate"])

    def send(name, content):
        data = {
            "designate-version": contract.version,
            "designate-provider": cast.provider.pk,
            "designate-decision_number": "027/15/KPA/2026",
            "designate-decision_date": "2026-01-05",
        }
        return client.post(url, {**data, "designate-decision_letter": as_upload(name, content)})

    def kept():
        row = Contract.objects.filter(pk=contract.pk).values_list(
            "state", "version", "decision_letter", "decision_number"
        )
        return list(row), AuditEvent.objects.count()

    def names():
        row = Contract.objects.get(pk=contract.pk)
        return [(row.decision_letter.name, "")] if row.decision_letter else []

    return Armed(send=send, kept=kept, stored_names=names)
