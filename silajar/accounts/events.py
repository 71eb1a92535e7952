"""How the accounts' events read in a user's history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "account.created": _("%(actor)s created the account of %(object)s"),
    "account.updated": _("%(actor)s edited the account of %(object)s"),
    "account.roles_changed": _("%(actor)s changed the roles of %(object)s"),
    "role.policy_changed": _("%(actor)s changed the two-factor requirement of the role %(object)s"),
    "account.password_reset_requested": _("A password reset link was sent to %(object)s"),
    "account.password_reset": _("%(actor)s set a new password through a reset link"),
    "account.password_changed": _("%(actor)s changed their password"),
    "account.signed_in": _("%(actor)s signed in"),
    "account.signed_out": _("%(actor)s signed out"),
    "account.two_factor_enabled": _("%(actor)s turned on two-factor sign-in"),
    "account.two_factor_disabled": _("%(actor)s turned off two-factor sign-in for %(object)s"),
    "account.recovery_codes_regenerated": _("%(actor)s generated new recovery codes"),
    "account.recovery_code_used": _("%(actor)s signed in with a recovery code"),
    "account.api_token_issued": _("%(actor)s received a new API token"),
    "account.api_token_revoked": _("%(actor)s revoked an API token"),
    "account.api_tokens_revoked": _("%(actor)s revoked every API token of %(object)s"),
    "account.api_token_expired": _("An API token of %(object)s expired unused"),
    "account.signature_set": _("%(actor)s drew their signature"),
    "account.signature_cleared": _("%(actor)s removed their signature"),
}
