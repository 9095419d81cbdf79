"""Errors the domain raises. Each carries a catalog key and parameters, so the UI can say
it in the user's language; `str()` gives the English fallback for logs and the CLI."""

from __future__ import annotations

from typing import Any


class LedgerError(Exception):
    """A refused command: nothing was written."""

    key = "error.refused"

    def __init__(self, message: str = "", *, key: str | None = None, **params: Any):
        self.key = key or type(self).key
        self.params = params
        super().__init__(message or self.key)


class NotFound(LedgerError):
    key = "error.not_found"


class InvalidCommand(LedgerError):
    """Input failed validation; `errors` lists (field, catalog key, params). `source` names the
    plugin whose command it was: its catalog may label a field its own way (`<source>.field.<name>`)."""

    key = "error.invalid"

    def __init__(self, errors: list[tuple[str, str, dict[str, Any]]], source: str | None = None):
        self.errors = errors
        self.source = source
        super().__init__("; ".join(f"{f}: {k} {p}" for f, k, p in errors))


class StaleRecord(LedgerError):
    """Someone changed the record since it was read."""

    key = "error.stale"


class AlreadySubmitted(LedgerError):
    """The same form submission (its idempotency key) was already recorded: nothing was written again."""

    key = "error.already_submitted"


class Forbidden(LedgerError):
    key = "error.forbidden"


class UnregisteredEventType(LedgerError):
    """An event type that neither the core nor a registered plugin contributed."""

    key = "error.unregistered_event"


class LoginRefused(LedgerError):
    """Wrong username or password, a locked or a disabled account: nobody is signed in."""

    key = "error.login_failed"
