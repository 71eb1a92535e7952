"""How the contracts' events read in a contract's (or a need's) history (see
`silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "contract.created": _("%(actor)s registered the contract %(object)s"),
    "contract.updated": _("%(actor)s edited the contract %(object)s"),
    "contract.document_attached": _("%(actor)s attached the scan of the contract %(object)s"),
    # the procurement (workflows.CONTRACT_FLOW)
    "contract.submit": _("%(actor)s submitted the contract %(object)s to the KPA"),
    "contract.designate": _("%(actor)s designated the provider of the contract %(object)s"),
    "contract.start_installation": _("%(actor)s started the installation of %(object)s"),
    "contract.record_checklist": _("%(actor)s filled in the installation checklist of %(object)s"),
    "contract.activate": _("%(actor)s signed the handover of %(object)s: the contract is active"),
    "contract.terminate": _("%(actor)s terminated the contract %(object)s"),
    "contract.expired": _("The contract %(object)s expired at the end of its period"),
    # the yearly need (workflows.NEED_FLOW)
    "bandwidth_need.created": _("%(actor)s prepared the %(object)s"),
    "bandwidth_need.updated": _("%(actor)s edited the %(object)s"),
    "bandwidth_need.submit": _("%(actor)s submitted the %(object)s"),
    "bandwidth_need.approve": _("%(actor)s approved the %(object)s"),
    "bandwidth_need.return": _("%(actor)s returned the %(object)s"),
}
