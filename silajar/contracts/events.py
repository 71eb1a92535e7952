"""How the contracts' events read in a contract's history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "contract.created": _("%(actor)s registered the contract %(object)s"),
    "contract.updated": _("%(actor)s edited the contract %(object)s"),
    "contract.document_attached": _("%(actor)s attached the scan of the contract %(object)s"),
}
