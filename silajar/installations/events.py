"""How the installation procedure's events read in a request's history (see
`silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    # the workflow's actions (silajar/installations/workflows.py)
    "installation.forward": _("%(actor)s forwarded request %(object)s"),
    "installation.assign_survey": _("%(actor)s assigned the survey of request %(object)s"),
    "installation.record_survey": _("%(actor)s recorded the survey of request %(object)s"),
    "installation.issue_reply_letter": _(
        "%(actor)s issued the reply letter for request %(object)s"
    ),
    "installation.reject": _("%(actor)s rejected request %(object)s"),
    "installation.confirm_equipment": _("%(actor)s confirmed the equipment for request %(object)s"),
    "installation.start_installation": _("%(actor)s started the installation of %(object)s"),
    "installation.complete_installation": _("%(actor)s completed the installation of %(object)s"),
    "installation.sign_off": _("%(actor)s recorded the sign-off of request %(object)s"),
    "installation.cancel": _("%(actor)s cancelled request %(object)s"),
    # the services' other events
    "installation.created": _("%(actor)s filed request %(object)s"),
    "installation.updated": _("%(actor)s edited request %(object)s"),
    "installation.step_target": _("%(actor)s changed the target time of the step %(object)s"),
    "installation.step_overdue": _("Request %(object)s passed its step's target time"),
    "installation.photo": _("%(actor)s added a survey photo to request %(object)s"),
    "installation.device": _("%(actor)s named the device concerned by request %(object)s"),
    "installation.generated_history": _("Generated history of request %(object)s"),
}
