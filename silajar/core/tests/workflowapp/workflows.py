"""The toy procedure's table: two states, two actions."""

from silajar.core.workflow import Action, Workflow


def is_owner(user, errand) -> bool:
    return errand.owner_id == user.pk


ERRAND_FLOW = Workflow(
    name="errand",
    states={"open": "Open", "done": "Done"},
    record="errand",
    services="silajar.core.tests.workflowapp.services",
    actions=[
        Action("finish", {"open"}, "done", ("technician", is_owner), "Finish", one_click=True),
        Action("reopen", {"done"}, "open", ("helpdesk",), "Reopen", style="outline-warning"),
    ],
)
