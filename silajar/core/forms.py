"""Forms shared by every procedure: the base of a workflow action's page form."""

from __future__ import annotations

from typing import Any

from django import forms


class ActionForm(forms.Form):
    """A workflow action on a record's page. It carries the version the user saw, so a stale
    click is refused; subclasses add the action's inputs."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def for_action(cls, obj, *, prefix: str, data=None, files=None) -> ActionForm:
        """The form of an action on `obj`: bound to what was posted, or filled in for display."""
        if data is not None:
            return cls(data, files, prefix=prefix)
        return cls(prefix=prefix, initial={"version": obj.version, **cls.initial_for(obj)})

    @classmethod
    def initial_for(cls, obj) -> dict[str, Any]:
        """What the empty form shows for `obj` (besides its version)."""
        return {}

    def inputs(self) -> dict[str, Any]:
        """The service's inputs, from the cleaned data (the version travels apart)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    def place_error(self, name: str, text: str) -> bool:
        """Show a refusal's message on the input it names; False when the form has none."""
        if name not in self.fields:
            return False
        self.add_error(name, text)
        return True
