"""SOP 3 (internet disruption) as a state machine: a provider incident from its start to the
network administrator's check that the internet is back.

open ─report→ reported ─provider_resolve→ provider_resolved ─close→ closed
open, reported ─cancel (false alarm, with a reason)→ cancelled
reported: acknowledge (the provider's first answer, once; keeps the state)
open, reported, provider_resolved: post_update (a message; keeps the state)

Who (DESIGN.md, SOP 3): the network administrator receives the complaint, decides it is the
provider's fault, reports it to the provider, checks the service is back (close) or calls it a
false alarm (cancel). The provider's accounts — of the incident's own provider only —
acknowledge the report, post updates and file their report (provider_resolve); the network
administrator may record the provider's report too when it came by phone. Staff who follow the
complaint (network administrator, helpdesk) post updates as well.
"""

from django.utils.translation import gettext_lazy as _

from silajar.accounts.roles import Role
from silajar.core.workflow import Action, Workflow
from silajar.providers.access import provider_of
from silajar.providers.choices import OPEN_INCIDENT_STATES
from silajar.providers.choices import IncidentState as S


def is_providers_account(user, incident) -> bool:
    """An account of the incident's own provider."""
    provider = provider_of(user)
    return provider is not None and provider == incident.provider_id


def not_acknowledged(incident, user):
    if incident.acknowledged_at is not None:
        return _("The provider has already acknowledged this incident.")
    return None


INCIDENT_FLOW = Workflow(
    name="provider_incident",
    states=dict(S.choices),
    record="incident",
    services="silajar.providers.services",
    forms="silajar.providers.forms.incidents",
    serializers="silajar.providers.incidents_api",
    actions=[
        Action(
            "report",
            {S.OPEN},
            S.REPORTED,
            (Role.NETWORK_ADMIN,),
            _("Report to the provider"),
            form="ReportForm",
            body="ReportBody",
            summary="Network admin: the incident is reported to the provider (channel, contact, "
            "the provider's ticket number)",
        ),
        Action(
            "acknowledge",
            {S.REPORTED},
            None,
            (is_providers_account,),
            _("Acknowledge"),
            guards=(not_acknowledged,),
            summary="The provider acknowledges the report (its response time ends)",
            style="success",
            one_click=True,
        ),
        Action(
            "post_update",
            OPEN_INCIDENT_STATES,
            None,
            (is_providers_account, Role.NETWORK_ADMIN, Role.HELPDESK),
            _("Post an update"),
            form="UpdateForm",
            body="UpdateBody",
            summary="A message on the incident (the provider's progress, the office's question)",
            style="outline-primary",
        ),
        Action(
            "provider_resolve",
            {S.REPORTED},
            S.PROVIDER_RESOLVED,
            (is_providers_account, Role.NETWORK_ADMIN),
            _("File the provider's report"),
            form="ProviderResolveForm",
            body="ProviderResolveBody",
            summary="The provider's report: cause, action taken, when the service was restored",
            style="success",
        ),
        Action(
            "close",
            {S.PROVIDER_RESOLVED},
            S.CLOSED,
            (Role.NETWORK_ADMIN,),
            _("Service verified: close"),
            summary="Network admin: the internet is verified back; the linked tickets waiting "
            "for the provider are resolved",
            style="success",
            one_click=True,
        ),
        Action(
            "cancel",
            {S.OPEN, S.REPORTED},
            S.CANCELLED,
            (Role.NETWORK_ADMIN,),
            _("Cancel (false alarm)"),
            form="ReasonForm",
            body="ReasonBody",
            summary="Network admin: a false alarm, with the reason",
            style="outline-danger",
        ),
    ],
)
