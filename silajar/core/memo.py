"""Values worked out once per account and kept in the process."""

from collections.abc import Callable, Hashable
from typing import Any


class PerAccount:
    """`compute(user)` once per account, then kept in this process, keyed by the account's id,
    `updated_at` and superuser flag. The accounts app touches `updated_at` in the same
    transaction whenever an account's roles, permissions or its roles' sign-in policy change
    (accounts/signals.py), so a kept value never outlives what it was worked out from, and
    every process or host sees the change on its next request: each keeps its own values, all
    read `updated_at` from the database."""

    def __init__(self, compute: Callable[[Any], Any], *, kept: int = 2000):
        self.compute = compute
        self.kept = kept  # accounts remembered; past that the memo starts over
        self.values: dict[Hashable, Any] = {}

    def __call__(self, user) -> Any:
        key = (user.pk, user.updated_at, user.is_superuser)
        value = self.values.get(key, self)
        if value is self:
            if len(self.values) >= self.kept:
                self.values.clear()
            value = self.values[key] = self.compute(user)
        return value
