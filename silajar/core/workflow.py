"""The workflow engine every procedure uses.

A procedure declares its states and actions as data in its own `workflows.py`:

    TICKET_FLOW = Workflow(
        name="ticket",
        states={"new": _("New"), "triage": _("Triage"), ...},
        actions=[
            Action("triage", sources={"new"}, target="triage",
                   allowed=(Role.HELPDESK, Role.NETWORK_ADMIN)),
            Action("start", sources={"dispatched"}, target="in_progress",
                   allowed=(is_assigned_technician,), guards=(has_location,)),
        ],
    )

and its services call `flow.apply(...)` once per transition. `apply` locks the record, checks the
version, the source state, who may act and the guards, saves the new state with the other changed
fields, writes the audit event and schedules side effects for after the commit — all in one
transaction, so nothing is half-done.

The table is the one place an action is spelled. Each action names its page form and its API
body (dotted paths, or names in the workflow's `forms`/`serializers` modules) and its look; its
service is found by convention: `<record>_<action>` in the workflow's `services` module
(`ticket_dispatch(*, ticket, actor, version, technician)`). From that the generic parts serve
every procedure: `Workflow.act` (pages, API, commands), `core.workflow_views.WorkflowActionView`
(the record page's action forms), `core.workflow_api.WorkflowActionsMixin` (one POST endpoint
per action), the system check `silajar.E001`, the fault-injection suite and the access matrix's
rows of every action.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.apps import apps
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.models import Versioned

if TYPE_CHECKING:
    from rest_framework.serializers import Serializer

    from silajar.core.forms import ActionForm

# Who may fire an action: a role code, or a predicate (user, obj) -> bool such as
# "is the assigned technician".
Actor = str | Callable[[Any, Any], bool]
# A guard returns None when the action may go on, or the (translated) reason why not.
Guard = Callable[[Any, Any], str | Promise | None]


# The record a workflow moves: a versioned model (`apply` returns the caller's model type).
V = TypeVar("V", bound=Versioned)


class HasRoles(Protocol):
    def has_role(self, *codes: str) -> bool: ...


@dataclass(frozen=True)
class Action:
    name: str
    sources: AbstractSet[str]  # any set of states (choices included); kept as a frozenset
    target: str | None  # None: the action keeps the current state (e.g. add a note, pause)
    allowed: tuple[Actor, ...]
    label: str | Promise = ""
    guards: tuple[Guard, ...] = ()
    # the page form and the API body (a name in the workflow's modules, or a dotted path)
    form: str = "silajar.core.forms.ActionForm"
    body: str = "silajar.core.workflow_api.VersionBody"
    summary: str = ""  # the API operation's summary (English, for the schema)
    style: str = "primary"  # the button's Bootstrap colour
    one_click: bool = False  # a plain button, no panel to open
    done: str | Promise = ""  # what the page says once it is done (default "Recorded: <label>")

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))

    def permits(self, user, obj) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        for who in self.allowed:
            if isinstance(who, str):
                if user.has_role(who):
                    return True
            elif who(user, obj):
                return True
        return False


@dataclass
class Workflow:
    name: str
    states: Mapping[str, str | Promise]
    actions: Iterable[Action]
    state_field: str = "state"
    # where the generic parts find the procedure: the keyword its services take the record by,
    # the module of `<record>_<action>` services, and the modules forms/bodies are named in
    record: str = ""
    services: str = ""
    forms: str = ""
    serializers: str = ""
    by_name: dict[str, Action] = field(init=False)

    def __post_init__(self):
        self.actions = tuple(self.actions)
        self.by_name = {a.name: a for a in self.actions}
        if len(self.by_name) != len(self.actions):
            raise ValueError(f"{self.name}: duplicate action names")
        for action in self.actions:
            targets = {action.target} if action.target else set()
            unknown = (action.sources | targets) - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{action.name}: unknown states {sorted(unknown)}")

    def action(self, name: str) -> Action:
        try:
            return self.by_name[name]
        except KeyError:
            raise DomainError(_("Unknown action.")) from None

    def check(self, obj, action_name: str, user) -> Action:
        """Raise unless `user` may fire `action_name` on `obj` as it is now."""
        action = self.action(action_name)
        state = getattr(obj, self.state_field)
        if state not in action.sources:
            raise Conflict(
                _("This action is not possible while the record is “%(state)s”.")
                % {"state": self.states.get(state, state)}
            )
        if not action.permits(user, obj):
            raise ActionForbidden(_("Your role does not allow this action on this record."))
        for guard in action.guards:
            reason = guard(obj, user)
            if reason:
                raise DomainError(reason)
        return action

    def available(self, obj, user) -> list[Action]:
        """The actions `user` may fire on `obj` now (for buttons and the API)."""
        result = []
        for action in self.actions:
            try:
                self.check(obj, action.name, user)
            except DomainError:
                continue
            result.append(action)
        return result

    def service(self, action_name: str) -> Callable[..., Any]:
        """The service that fires `action_name`: `<record>_<action>` in `services`."""
        self.action(action_name)
        return getattr(importlib.import_module(self.services), f"{self.record}_{action_name}")

    def form_class(self, action_name: str) -> type[ActionForm]:
        return _resolve(self.action(action_name).form, self.forms)

    def body_class(self, action_name: str) -> type[Serializer]:
        return _resolve(self.action(action_name).body, self.serializers)

    def act(self, *, obj: models.Model, action: str, actor, version: int | None = None, **inputs):
        """Fire `action` through its service with the inputs it takes (a page's form or an API
        body): keys the service does not take are ignored; an empty optional input means the
        service's default. Pages, the API, commands and tests all come through here."""
        service = self.service(action)
        arguments = {}
        for name, parameter in inspect.signature(service).parameters.items():
            if name in (self.record, "actor", "version") or name not in inputs:
                continue
            value = inputs[name]
            if value in (None, "") and parameter.default is not inspect.Parameter.empty:
                continue
            arguments[name] = value
        return service(**{self.record: obj}, actor=actor, version=version, **arguments)

    def problems(self) -> list[str]:
        """What is wrong with the table's references (services, forms, bodies); [] when none."""
        found = []
        for action in self.actions:
            try:
                service = self.service(action.name)
            except (ImportError, AttributeError) as error:
                found.append(f"{self.name}.{action.name}: no service ({error})")
            else:
                found += self._signature_problems(action.name, service)
            for kind in ("form", "body"):
                try:
                    getattr(self, f"{kind}_class")(action.name)
                except (ImportError, AttributeError, ValueError) as error:
                    found.append(f"{self.name}.{action.name}: no {kind} ({error})")
        return found

    def _signature_problems(self, action_name: str, service: Callable[..., Any]) -> list[str]:
        """The service takes the record, the actor and the version, and exactly the inputs its
        API body declares: an input the service does not take would be dropped silently."""
        where = f"{self.name}.{action_name}"
        parameters = inspect.signature(service).parameters
        fixed = {self.record, "actor", "version"}
        found = []
        if lacking := fixed - set(parameters):
            found.append(f"{where}: service lacks {sorted(lacking)}")
        try:
            # a body field reaches the service by its source (`action` → `action_taken`)
            body = self.body_class(action_name)()
            declared = {str(field.source) for field in body.fields.values()} - {"version"}
        except (ImportError, AttributeError, ValueError):
            return found  # reported as "no body"
        if unknown := declared - set(parameters):
            found.append(f"{where}: the service does not take {sorted(unknown)}")
        required = {
            name
            for name, parameter in parameters.items()
            if parameter.default is inspect.Parameter.empty and name not in fixed
        }
        if missing := required - declared:
            found.append(f"{where}: the body does not declare {sorted(missing)}")
        return found

    def shortest_paths(self, initial: str) -> dict[str, list[str]]:
        """{state: the shortest list of actions from `initial` to it} for every state reachable
        from `initial` (itself by the empty path), breadth first, in the table's order."""
        found: dict[str, list[str]] = {initial: []}
        todo = [initial]
        while todo:
            state = todo.pop(0)
            for action in self.actions:
                if state in action.sources and action.target and action.target not in found:
                    found[action.target] = [*found[state], action.name]
                    todo.append(action.target)
        return found

    def reachable_states(self, initial: str) -> set[str]:
        return set(self.shortest_paths(initial))

    @transaction.atomic
    def apply(
        self,
        *,
        obj: V,
        action: str,
        actor,
        version: int | None = None,
        changes: Mapping[str, Any] | None = None,
        note: str = "",
        on_commit: Iterable[Callable[[], Any]] = (),
    ) -> V:
        """Fire `action` on `obj`: lock, check, change, audit, schedule side effects.

        `version` is the version the actor saw; when the record has moved on since, the action
        is refused with a conflict. `changes` are other fields set by the same action.
        """
        model = type(obj)
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if version is not None and current.version != int(version):
            raise Conflict()
        spec = self.check(current, action, actor)
        fields = [self.state_field, "version", *(changes or {})]
        before = snapshot(current, fields)
        if spec.target is not None:
            setattr(current, self.state_field, spec.target)
        for name, value in (changes or {}).items():
            setattr(current, name, value)
        current.version += 1
        update_fields = [*fields]
        if hasattr(current, "updated_at"):
            update_fields.append("updated_at")
        current.save(update_fields=update_fields)
        delta = diff(before, snapshot(current, fields))
        delta.pop("version", None)
        audit_record(
            actor=actor, action=f"{self.name}.{spec.name}", obj=current, changes=delta, note=note
        )
        for effect in on_commit:
            transaction.on_commit(effect)
        # Refresh the caller's instance so it does not keep stale values.
        obj.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
        return current


def _resolve(name: str, module: str) -> Any:
    if not name:
        raise ValueError("not declared")
    return import_string(name if "." in name else f"{module}.{name}")


def workflows() -> dict[str, Workflow]:
    """{name: workflow} of every `Workflow` declared in an installed app's `workflows` module."""
    found: dict[str, Workflow] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.workflows")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.workflows":
                continue
            raise
        for value in vars(module).values():
            if isinstance(value, Workflow):
                found[value.name] = value
    return found
