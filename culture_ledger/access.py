"""The access record (访问记录), framework side: who did what to the log from the command line,
and the one rule every caller keeps, a page or a command: an access that cannot be written fails
the action it records (`AccessNotRecorded`), it is never lost quietly.

The command line's `verify`, `digest`, `export`, `import` and `backup` open the log alone (no read
models, no plugins' services), so they append the `AccessRecord` themselves (`append`), as the
operating-system user (`operator()`, `user@cli`: it records who, it grants nothing). The accounts
plugin's `access_log` service does the same through the ledger for pages and signed-in commands.

`KINDS` sorts every `what` into the kinds the auditor filters by (登录失败, 导出, 完整性校验...)."""

from __future__ import annotations

import getpass
import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.accounts import AccessRecord
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError

TOPICS = frozenset({get_topic(AccessRecord.Recorded)})
"""The access records' topic: no figure, task or dashboard counts them (only the access log lists them),
so a kept answer is not computed again when one is appended (`memo.while_unchanged(ignoring=TOPICS)`):
a sign-in, or an auditor's visit to an audit page, appends one."""

MAX_WHAT = 200
MAX_DETAIL = 5000
"""The longest `what` and detail (as JSON) an access record keeps."""

KINDS: dict[str, tuple[str, ...]] = {
    "login": ("login",),
    "login_failed": ("login:failed",),
    "locked_out": ("login:locked_out",),
    "login_refused": ("login:refused",),
    "logout": ("logout",),
    "page": ("page:%",),
    "history": ("history",),
    "time_travel": ("time-travel",),
    "report": ("export:overview-report%", "export:ledger:%", "report%"),
    "export": ("export:log%", "export:access-log%"),
    "import": ("import:%",),
    "verify": ("verify",),
    "digest": ("digest",),
    "backup": ("backup",),
}
"""Each kind of access (its words: `access.kind.<kind>`) -> the `what` it holds, as SQL LIKE patterns."""


def kind_of(what: str) -> str | None:
    """The kind of one recorded `what` (None for one no kind holds: a later version's)."""
    for kind, patterns in KINDS.items():
        for pattern in patterns:
            if pattern.endswith("%") and what.startswith(pattern[:-1]) or what == pattern:
                return kind
    return None


class AccessNotRecorded(LedgerError):
    """The access record could not be written: the action it records is not done (or not handed over)."""

    key = "error.access_not_recorded"

    def __init__(self, what: str, cause: BaseException | None = None):
        super().__init__(f"the access record of {what!r} could not be written ({cause}); nothing was done")
        self.what = what
        self.cause = cause


def operator() -> Actor:
    """The operating-system user at the command line (`user@cli`)."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        user = "operator"
    return Actor(f"{user}@cli", "admin", "cli")


def plain_detail(value: Any) -> Any:
    """Access-record details as plain JSON values (dates as ISO text, ids as hex)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain_detail(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_detail(v) for k, v in value.items()}
    return str(value)


def checked(what: str, detail: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """`what` and its detail as an access record keeps them (InvalidCommand when blank or too long)."""
    what = (what or "").strip()
    if not what or len(what) > MAX_WHAT:
        raise InvalidCommand([("what", "validation.blank", {})])
    detail = plain_detail(dict(detail or {}))
    if len(json.dumps(detail, ensure_ascii=False)) > MAX_DETAIL:
        raise InvalidCommand([("detail", "validation.too_long", {})])
    return what, detail


TOPICS = frozenset({get_topic(AccessRecord.Recorded)})
"""The stored topic of an access record: all a command that opens the log alone must be allowed to append."""


def append(store: Any, what: str, by: Actor | None = None, **detail: Any) -> int:
    """Append one access record to the log of `store` (a store URL, or an application that may append
    it), by the operator unless `by` names someone; its position. AccessNotRecorded when it cannot be
    written: the caller fails its action."""
    what, kept = checked(what, {k: v for k, v in detail.items() if v is not None})
    try:
        if isinstance(store, str):
            from event_store.store import open_application

            app = open_application(TOPICS, store)
            try:
                recordings = app.save(AccessRecord(what=what, detail=kept, by=by or operator()))
            finally:
                app.close()
        else:
            recordings = store.save(AccessRecord(what=what, detail=kept, by=by or operator()))
    except Exception as exc:  # noqa: BLE001 - whatever stops the write (a read-only store, a full disk) fails the action
        raise AccessNotRecorded(what, exc) from exc
    return recordings[-1].notification.id
