"""SOP 4 (internet provisioning) as two state machines: the yearly bandwidth need, and the
procurement of the contract that buys it.

The need (the section head prepares it, the Kepala UPDE decides):
draft ─submit→ submitted ─approve→ approved
submitted ─return (with a note)→ returned ─submit→ submitted

The contract (the PPTK prepares it; `provider` may still be empty in draft):
draft ─submit→ awaiting_designation ─designate (KPA: provider, decision)→ designated
designated ─start_installation→ installing (the provider fills the checklist: record_checklist)
installing ─activate (BAST signed by both sides)→ active
active, … ─terminate (a reason)→ terminated; active → expired at the period's end (the worker,
`contracts.services.procurement.contracts_expire`, outside the table: no one fires it).

A contract registered as signed (created directly as active) starts in `active`.
"""

from django.utils.translation import gettext_lazy as _

from silajar.accounts.roles import Role
from silajar.contracts.choices import ContractState as C
from silajar.contracts.choices import NeedState as N
from silajar.core.workflow import Action, Workflow
from silajar.providers.access import provider_of


def is_contracts_provider(user, contract) -> bool:
    """An account of the contract's own provider."""
    provider = provider_of(user)
    return provider is not None and provider == contract.provider_id


def has_provider(contract, user):
    if contract.provider_id is None:
        return _("The contract has no provider yet.")
    return None


def has_need_and_terms(contract, user):
    """A contract goes to the KPA with its approved need, its method and its estimate."""
    missing = []
    if contract.need_id is None:
        missing.append(str(_("the approved bandwidth need")))
    if not contract.procurement_method:
        missing.append(str(_("the procurement method")))
    if contract.owner_estimate is None:
        missing.append(str(_("the owner's estimate (HPS)")))
    if missing:
        return _("Fill in %(missing)s first.") % {"missing": ", ".join(missing)}
    return None


def checklist_complete(contract, user):
    if not (contract.links_up and contract.addresses_handed_over and contract.test_results):
        return _(
            "The installation checklist is not complete: the links up, the addresses handed "
            "over and the test results."
        )
    return None


NEED_FLOW = Workflow(
    name="bandwidth_need",
    states=dict(N.choices),
    record="need",
    services="silajar.contracts.services.needs",
    forms="silajar.contracts.need_forms",
    serializers="silajar.contracts.need_serializers",
    actions=[
        Action(
            "submit",
            {N.DRAFT, N.RETURNED},
            N.SUBMITTED,
            (Role.SECTION_HEAD,),
            _("Submit to the Head of UPDE"),
            summary="Section head: the need goes to the Kepala UPDE for approval",
            one_click=True,
        ),
        Action(
            "approve",
            {N.SUBMITTED},
            N.APPROVED,
            (Role.UPDE_HEAD,),
            _("Approve"),
            summary="Kepala UPDE: the need is approved; the PPTK may procure it",
            style="success",
            one_click=True,
        ),
        Action(
            "return",
            {N.SUBMITTED},
            N.RETURNED,
            (Role.UPDE_HEAD,),
            _("Return with a note"),
            form="NoteForm",
            body="NoteBody",
            summary="Kepala UPDE: the need goes back to the section head with a note",
            style="outline-danger",
        ),
    ],
)

CONTRACT_FLOW = Workflow(
    name="contract",
    states=dict(C.choices),
    record="contract",
    services="silajar.contracts.services.procurement",
    forms="silajar.contracts.procurement_forms",
    serializers="silajar.contracts.procurement_serializers",
    actions=[
        Action(
            "submit",
            {C.DRAFT},
            C.AWAITING_DESIGNATION,
            (Role.PPTK,),
            _("Submit to the KPA for designation"),
            guards=(has_need_and_terms,),
            summary="PPTK: the prepared contract goes to the KPA, who designates the provider",
            one_click=True,
        ),
        Action(
            "designate",
            {C.AWAITING_DESIGNATION},
            C.DESIGNATED,
            (Role.KPA,),
            _("Designate the provider"),
            form="DesignateForm",
            body="DesignateBody",
            summary="KPA: the provider is designated, with the decision's number, date and "
            "letter (PDF)",
            style="success",
        ),
        Action(
            "start_installation",
            {C.DESIGNATED},
            C.INSTALLING,
            (Role.PPTK, Role.NETWORK_ADMIN),
            _("Start the installation"),
            guards=(has_provider,),
            summary="PPTK or network admin: the provider starts installing and configuring",
            one_click=True,
        ),
        Action(
            "record_checklist",
            {C.INSTALLING},
            None,
            (is_contracts_provider, Role.NETWORK_ADMIN),
            _("Installation checklist"),
            form="ChecklistForm",
            body="ChecklistBody",
            summary="The provider (or the network admin): links up, addresses handed over, "
            "test results",
            style="outline-primary",
        ),
        Action(
            "activate",
            {C.INSTALLING},
            C.ACTIVE,
            (Role.NETWORK_ADMIN, Role.PPTK),
            _("Sign the handover (BAST) and activate"),
            guards=(checklist_complete,),
            form="BastForm",
            body="silajar.core.workflow_api.SignOffBody",
            summary="Network admin or PPTK: the handover record (BAST) signed by the provider "
            "(drawn or a scan); the contract becomes active",
            style="success",
        ),
        Action(
            "terminate",
            {C.DRAFT, C.AWAITING_DESIGNATION, C.DESIGNATED, C.INSTALLING, C.ACTIVE},
            C.TERMINATED,
            (Role.PPTK, Role.NETWORK_ADMIN),
            _("Terminate"),
            form="silajar.providers.forms.incidents.ReasonForm",
            body="silajar.providers.incidents_api.ReasonBody",
            summary="PPTK or network admin: the contract ends early, with the reason",
            style="outline-danger",
        ),
    ],
)
