"""Domain errors: one type with a translatable message; views and the API render them."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request (HTTP 400)."""

    status_code = 400
    code = "invalid"
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, fields: dict | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))

    def add_to_form(self, form, *, always_summary: bool = False) -> None:
        """Show the refusal on a page's form: each message on the input it names (a form may
        place names of its own, such as `items[2]`, through `place_error`; names it lacks are
        skipped), and the summary on top when no input took one, or always."""
        placed = False
        for name, texts in self.fields.items():
            for text in texts:
                if hasattr(form, "place_error"):
                    placed = form.place_error(name, text) or placed
                elif name in form.fields:
                    form.add_error(name, text)
                    placed = True
        if (always_summary or not placed) and self.message not in form.non_field_errors():
            form.add_error(None, self.message)


class ActionForbidden(DomainError):
    """The user may not do this (HTTP 403); the message says why."""

    status_code = 403
    code = "forbidden"
    default_message = _("You are not allowed to do this.")


class Conflict(DomainError):
    """Someone else changed the record first, or its state no longer allows this (HTTP 409)."""

    status_code = 409
    code = "conflict"
    default_message = _(
        "This record was changed by someone else in the meantime. Reload it and try again."
    )


def require_text(value: str | None, *, field: str, message) -> None:
    """Refuse a blank text input: `message` on top, "required" on the input named `field`."""
    if not (value or "").strip():
        raise DomainError(message, fields={field: [_("This field is required.")]})
